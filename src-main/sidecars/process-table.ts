/**
 * Process-table facts from /proc (Linux) with a `kill(pid, 0)` fallback elsewhere. A
 * zombie counts as gone: it runs nothing and only waits for its parent to reap it.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Field 22 of /proc/<pid>/stat (start time in clock ticks), to tell a pid reused later apart. */
export function processStartTime(pid: number): string | undefined {
  return statFields(pid)?.[19];
}

export function isProcessAlive(pid: number): boolean {
  const fields = statFields(pid);
  if (fields) return fields[0] !== 'Z' && fields[0] !== 'X';
  if (process.platform === 'linux') return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Fields after the `(comm)` entry: [state, ppid, pgrp, …]. */
function statFields(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Signals a whole process group, ignoring a group that is already gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Live (non-zombie) processes in a process group; undefined where /proc is unavailable. */
export function liveGroupMembers(pgid: number): number[] | undefined {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return undefined;
  }
  return names
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      const fields = statFields(pid);
      return fields !== undefined && Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X';
    });
}
