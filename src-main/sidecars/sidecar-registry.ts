/**
 * Starts and stops plugin sidecars: native helper processes that run OUTSIDE the
 * WebAssembly sandbox. Only allowed executables start (see sidecar-policy.ts); each runs
 * detached in its own process group so a stop reaches its grandchildren too; stdout is
 * kept in a bounded tail (older bytes are dropped, never buffered without limit); live
 * sidecars are recorded in the data dir so the next start kills any that outlived us.
 */
import { execa, type ResultPromise } from 'execa';
import { FugueError } from '../../src-shared/errors.ts';
import type { Disposable } from '../../src-shared/disposable.ts';
import { resolveSidecarExecutable, type SidecarSpawnRequest } from './sidecar-policy.ts';
import { reapOrphans, writeRecords, type SidecarRecord } from './orphan-record.ts';
import { liveGroupMembers, processStartTime, signalGroup } from './process-table.ts';
import { BoundedTail } from './bounded-tail.ts';

export interface SidecarExit {
  exitCode: number | undefined;
  signal: string | undefined;
}

export interface SidecarLogEntry {
  level: 'info' | 'warn';
  message: string;
  pluginId: string;
  sidecarId: number;
}

export interface SidecarRegistryOptions {
  dataDir: string;
  /** Wait after stdin EOF, and again after SIGTERM, before escalating. */
  graceMs?: number;
  /** Bytes of stdout (and of stderr) kept per sidecar; older output is dropped. */
  outputLimitBytes?: number;
  onLog?: (entry: SidecarLogEntry) => void;
}

/** One running (or finished) sidecar. */
export interface Sidecar {
  readonly id: number;
  readonly pluginId: string;
  readonly executable: string;
  readonly pid: number;
  readonly stdout: BoundedTail;
  readonly stderr: BoundedTail;
  /** Undefined while running. */
  exit(): SidecarExit | undefined;
  readonly exited: Promise<SidecarExit>;
  writeStdin(bytes: Uint8Array): void;
  /** Bytes written to stdin that the process has not taken yet. */
  stdinBacklog(): number;
  closeStdin(): void;
}

interface Entry extends Sidecar {
  record: SidecarRecord;
  child: ResultPromise;
}

export class SidecarRegistry implements Disposable {
  private readonly live = new Map<number, Entry>();
  private nextId = 1;
  private shuttingDown = false;
  private readonly graceMs: number;
  private readonly outputLimit: number;

  private constructor(private readonly options: SidecarRegistryOptions, readonly reaped: readonly SidecarRecord[]) {
    this.graceMs = options.graceMs ?? 2000;
    this.outputLimit = options.outputLimitBytes ?? 64 * 1024;
  }

  /** Kills sidecars recorded by an earlier owner that are still alive, then starts empty. */
  static open(options: SidecarRegistryOptions): SidecarRegistry {
    const reaped = reapOrphans(options.dataDir);
    const registry = new SidecarRegistry(options, reaped);
    for (const r of reaped) registry.log('warn', r.pluginId, 0, `killed orphaned sidecar ${r.executable} (pid ${r.pid}) left by an earlier run`);
    return registry;
  }

  list(pluginId?: string): Sidecar[] {
    return [...this.live.values()].filter((e) => pluginId === undefined || e.pluginId === pluginId);
  }

  get(id: number): Sidecar | undefined {
    return this.live.get(id);
  }

  async spawn(request: SidecarSpawnRequest): Promise<Sidecar> {
    this.refuseDuringShutdown(request);
    const path = await resolveSidecarExecutable(request);
    this.refuseDuringShutdown(request);
    const child = execa(path, [...(request.args ?? [])], {
      cwd: request.pluginRoot,
      detached: true,
      cleanup: false,
      buffer: false,
      stdin: 'pipe',
      stdout: 'pipe',
      stderr: 'pipe',
      reject: false,
      extendEnv: false,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', FUGUE_OWNER_PID: String(process.pid) },
    });
    const pid = child.pid;
    if (pid === undefined) {
      const result = await child;
      throw new FugueError({ code: 'io', message: `sidecar "${request.executable}" could not start: ${result.message ?? 'no pid'}`, plugin: { pluginId: request.pluginId } });
    }
    const entry = this.track(request, child, pid);
    this.saveRecords();
    return entry;
  }

  private track(request: SidecarSpawnRequest, child: ResultPromise, pid: number): Entry {
    const id = this.nextId++;
    const stdout = new BoundedTail(this.outputLimit);
    const stderr = new BoundedTail(this.outputLimit);
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.stdin?.on('error', () => undefined); // EPIPE once the sidecar is gone
    let exitInfo: SidecarExit | undefined;
    const exited = child.then((result) => {
      exitInfo = { exitCode: result.exitCode, signal: result.signal };
      this.live.delete(id);
      this.saveRecords();
      const how = exitInfo.signal ? `signal ${exitInfo.signal}` : `code ${exitInfo.exitCode}`;
      this.log(exitInfo.exitCode === 0 ? 'info' : 'warn', request.pluginId, id, `sidecar ${request.executable} (pid ${pid}) exited with ${how}`);
      return exitInfo;
    });
    const entry: Entry = {
      id, pid, child, stdout, stderr, exited,
      pluginId: request.pluginId,
      executable: request.executable,
      record: { pid, pluginId: request.pluginId, executable: request.executable, startTime: processStartTime(pid) },
      exit: () => exitInfo,
      writeStdin: (bytes) => {
        if (child.stdin?.writable) child.stdin.write(bytes);
      },
      stdinBacklog: () => child.stdin?.writableLength ?? 0,
      closeStdin: () => void child.stdin?.end(),
    };
    this.live.set(id, entry);
    this.log('info', request.pluginId, id, `started sidecar ${request.executable} (pid ${pid}) outside the sandbox`);
    return entry;
  }

  /** Stops one sidecar's whole process group: stdin EOF, then SIGTERM, then SIGKILL. */
  async stop(id: number): Promise<SidecarExit | undefined> {
    const entry = this.live.get(id);
    if (!entry) return undefined;
    entry.closeStdin();
    if (!(await settlesWithin(entry.exited, this.graceMs))) {
      signalGroup(entry.pid, 'SIGTERM');
      if (!(await settlesWithin(entry.exited, this.graceMs))) signalGroup(entry.pid, 'SIGKILL');
    }
    const exit = await entry.exited;
    await this.finishGroup(entry.pid);
    return exit;
  }

  /** The leader may be gone while members of its group live on: give them the same grace, then SIGKILL. */
  private async finishGroup(pgid: number): Promise<void> {
    signalGroup(pgid, 'SIGTERM');
    const deadline = Date.now() + this.graceMs;
    while (Date.now() < deadline && groupHasMembers(pgid)) await delay(20);
    signalGroup(pgid, 'SIGKILL');
  }

  async stopPlugin(pluginId: string): Promise<void> {
    await Promise.all(this.list(pluginId).map((s) => this.stop(s.id)));
  }

  /** Refuses new spawns, then stops every sidecar. */
  async disposeAll(): Promise<void> {
    this.shuttingDown = true;
    await Promise.all([...this.live.keys()].map((id) => this.stop(id)));
    this.saveRecords();
  }

  dispose(): Promise<void> {
    return this.disposeAll();
  }

  private refuseDuringShutdown(request: SidecarSpawnRequest): void {
    if (!this.shuttingDown) return;
    throw new FugueError({ code: 'disposed', message: `sidecar "${request.executable}" refused: the host is shutting down`, plugin: { pluginId: request.pluginId } });
  }

  private saveRecords(): void {
    writeRecords(this.options.dataDir, [...this.live.values()].map((e) => e.record));
  }

  private log(level: SidecarLogEntry['level'], pluginId: string, sidecarId: number, message: string): void {
    this.options.onLog?.({ level, pluginId, sidecarId, message });
  }
}

function groupHasMembers(pgid: number): boolean {
  // Without /proc the group cannot be listed; the caller's SIGKILL still covers it.
  return (liveGroupMembers(pgid)?.length ?? 0) > 0;
}

function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return Promise.race([promise.then(() => true), delay(ms).then(() => false)]);
}

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms).unref());
