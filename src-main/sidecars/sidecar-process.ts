/**
 * One run of a sidecar executable: a detached child in its own process group (so a stop
 * reaches its grandchildren), with an environment holding only PATH, the owner pid and
 * the channel endpoints, and a graceful stop of the whole group.
 */
import { execa, type ResultPromise } from 'execa';
import { FugueError } from '../../src-shared/errors.ts';
import { liveGroupMembers, processStartTime, signalGroup } from './process-table.ts';
import type { BoundedTail } from './bounded-tail.ts';

export interface SidecarExit {
  exitCode: number | undefined;
  signal: string | undefined;
}

export interface ProcessRun {
  readonly pid: number;
  readonly startTime: string | undefined;
  readonly child: ResultPromise;
  readonly exited: Promise<SidecarExit>;
}

export interface StartOptions {
  path: string;
  args: readonly string[];
  cwd: string;
  env: Readonly<Record<string, string>>;
  stdout: BoundedTail;
  stderr: BoundedTail;
  pluginId: string;
  executable: string;
}

export async function startProcess(options: StartOptions): Promise<ProcessRun> {
  const child = execa(options.path, [...options.args], {
    cwd: options.cwd,
    detached: true,
    cleanup: false,
    buffer: false,
    stdin: 'pipe',
    stdout: 'pipe',
    stderr: 'pipe',
    reject: false,
    extendEnv: false,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', FUGUE_OWNER_PID: String(process.pid), ...options.env },
  });
  const pid = child.pid;
  if (pid === undefined) {
    const result = await child;
    throw new FugueError({ code: 'io', message: `sidecar "${options.executable}" could not start: ${result.message ?? 'no pid'}`, plugin: { pluginId: options.pluginId } });
  }
  const stdout = child.stdout;
  if (stdout) {
    stdout.on('data', (chunk: Buffer) => options.stdout.push(chunk));
    options.stdout.setSource(stdout);
    // After the exit only the pipe's remainder is left: let it drain so the stream (and execa) can end.
    child.once('exit', () => options.stdout.releaseSource(stdout));
  }
  child.stderr?.on('data', (chunk: Buffer) => options.stderr.push(chunk));
  child.stdin?.on('error', () => undefined); // EPIPE once the sidecar is gone
  const exited = child.then((result) => ({ exitCode: result.exitCode, signal: result.signal }));
  return { pid, startTime: processStartTime(pid), child, exited };
}

/**
 * Stops a run's whole process group: `beforeEof` (e.g. a stop message on the control
 * channel), stdin EOF, then SIGTERM, then SIGKILL, each after `graceMs`; members of the
 * group that outlive the leader get the same SIGTERM → SIGKILL.
 */
export async function stopProcess(run: ProcessRun, graceMs: number, beforeEof?: () => void): Promise<SidecarExit> {
  beforeEof?.();
  run.child.stdin?.end();
  if (!(await settlesWithin(run.exited, graceMs))) {
    signalGroup(run.pid, 'SIGTERM');
    if (!(await settlesWithin(run.exited, graceMs))) signalGroup(run.pid, 'SIGKILL');
  }
  const exit = await run.exited;
  await finishGroup(run.pid, graceMs);
  return exit;
}

/**
 * The leader may be gone while members of its group live on: give them the same grace,
 * then SIGKILL, and wait (bounded) until the kernel has taken them down, so that callers
 * find no member left once a stop resolves.
 */
export async function finishGroup(pgid: number, graceMs: number): Promise<void> {
  signalGroup(pgid, 'SIGTERM');
  await membersGone(pgid, graceMs);
  signalGroup(pgid, 'SIGKILL');
  await membersGone(pgid, SIGKILL_SETTLE_MS);
}

/** A SIGKILLed process is gone once the scheduler runs it; only one stuck in the kernel (D state) takes longer. */
const SIGKILL_SETTLE_MS = 2000;

async function membersGone(pgid: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && groupHasMembers(pgid)) await delay(10);
}

function groupHasMembers(pgid: number): boolean {
  // Without /proc the group cannot be listed; the caller's SIGKILL still covers it.
  return (liveGroupMembers(pgid)?.length ?? 0) > 0;
}

function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return Promise.race([promise.then(() => true), delay(ms).then(() => false)]);
}

export const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms).unref());

/** `code 3` or `signal SIGSEGV`. */
export function describeExit(exit: SidecarExit): string {
  return exit.signal ? `signal ${exit.signal}` : `code ${exit.exitCode}`;
}

/** Exited by itself with a non-zero code or a signal. */
export function isCrash(exit: SidecarExit): boolean {
  return exit.signal !== undefined || (exit.exitCode !== undefined && exit.exitCode !== 0);
}
