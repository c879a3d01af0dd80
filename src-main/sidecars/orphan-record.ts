/**
 * A small JSON file in the data dir listing live sidecars, so that sidecars which
 * outlived a crashed owner are found and killed at the next start. Kept out of the
 * catalog on purpose: it is rewritten on every spawn and exit and must work before the
 * catalog opens. Written atomically (temp file + rename).
 */
import { readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive, processStartTime, signalGroup } from './process-table.ts';

export interface SidecarRecord {
  pid: number;
  pluginId: string;
  executable: string;
  /** /proc start time, so a reused pid is never killed by mistake. */
  startTime?: string;
}

export const SIDECAR_RECORD_FILE = 'sidecars.json';

export function readRecords(dataDir: string): SidecarRecord[] {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(dataDir, SIDECAR_RECORD_FILE), 'utf8'));
    return Array.isArray(parsed) ? parsed.filter(isRecord) : [];
  } catch {
    return [];
  }
}

export function writeRecords(dataDir: string, records: readonly SidecarRecord[]): void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, SIDECAR_RECORD_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(records, null, 1));
  renameSync(temp, file);
}

/** Kills (SIGKILL, whole group) every recorded sidecar still alive as the same process; returns what was killed. */
export function reapOrphans(dataDir: string): SidecarRecord[] {
  const killed = readRecords(dataDir).filter((record) => {
    if (!isProcessAlive(record.pid)) return false;
    if (record.startTime !== undefined && processStartTime(record.pid) !== record.startTime) return false;
    signalGroup(record.pid, 'SIGKILL');
    return true;
  });
  writeRecords(dataDir, []);
  return killed;
}

function isRecord(value: unknown): value is SidecarRecord {
  const r = value as SidecarRecord;
  return typeof r === 'object' && r !== null && Number.isInteger(r.pid) && r.pid > 1 && typeof r.pluginId === 'string';
}
