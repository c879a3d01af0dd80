/**
 * Starts and stops plugin sidecars: native helper processes that run OUTSIDE the
 * WebAssembly sandbox. Only allowed executables start (see sidecar-policy.ts); each runs
 * detached in its own process group so a stop reaches its grandchildren too; output is
 * never buffered without limit: stderr (and stdout when data goes over a socket) keeps a
 * tail whose older bytes are dropped, while stdout that is the stdio data channel is
 * flow-controlled (its pipe paused until the plugin reads; see bounded-tail.ts); live
 * sidecars are recorded in the data dir so the next start kills any that outlived us.
 *
 * Scopes: `spawn` starts a sidecar owned by one caller (`instance` scope); `spawnShared`
 * hands out leases on one process per plugin and executable (`package-shared` scope),
 * stopped when the last lease is released.
 */
import { FugueError } from '../../src-shared/errors.ts';
import { toDisposable, type Disposable } from '../../src-shared/disposable.ts';
import { resolveSidecarExecutable, type SidecarSpawnRequest } from './sidecar-policy.ts';
import { reapOrphans, writeRecords, type SidecarRecord } from './orphan-record.ts';
import { openChannels, stdioChannels, TRANSPORT_PRIORITY, type TransportKind } from './sidecar-channels.ts';
import { SupervisedSidecar, type SidecarEventKind } from './supervised-sidecar.ts';
import { RestartPolicy, type RestartLimits } from './restart-policy.ts';
import { NamedLocks } from './named-locks.ts';
import type { SidecarExit } from './sidecar-process.ts';

export type { SidecarExit } from './sidecar-process.ts';
export type { SidecarState, SidecarEventKind } from './supervised-sidecar.ts';
/** One sidecar: its id stays the same across restarts, its pid does not. */
export type Sidecar = SupervisedSidecar;

export interface SidecarLogEntry {
  level: 'info' | 'warn' | 'error';
  message: string;
  pluginId: string;
  sidecarId: number;
}

export interface SidecarEvent {
  kind: SidecarEventKind;
  sidecar: Sidecar;
}

export interface SidecarRegistryOptions {
  dataDir: string;
  /** Wait after stdin EOF, and again after SIGTERM, before escalating. */
  graceMs?: number;
  /**
   * Bytes of stderr (and of a log-only stdout) kept per sidecar, older output dropped; a
   * stdio data channel's stdout is paused past half of it instead.
   */
  outputLimitBytes?: number;
  onLog?: (entry: SidecarLogEntry) => void;
  /** Channel transports to try, in order (default unix, tcp, stdio); tests narrow it to force a fallback. */
  transports?: readonly TransportKind[];
  /**
   * Every change of a sidecar: started (also after a restart), restarting (crashed, waiting
   * for its backoff), exited (stopped or ended by itself), failed (crashed too often).
   */
  onEvent?: (event: SidecarEvent) => void;
  /** Backoff and limits for sidecars that restart on failure. */
  restart?: RestartLimits;
}

/** A spawn with the manifest's settings for the executable (`permissions.sidecar[]`). */
export interface SidecarLaunchRequest extends SidecarSpawnRequest {
  /** `on-failure`: restart after a crash, with backoff; default `never`. */
  restart?: 'never' | 'on-failure';
  /** Open control and data channels (sockets when possible); default false: plain stdio. */
  channels?: boolean;
}

/** A share of a `package-shared` sidecar; the process stops when the last lease is released. */
export interface SidecarLease extends Disposable {
  readonly sidecar: Sidecar;
  dispose(): Promise<void>;
}

interface SharedEntry {
  sidecar: Promise<Sidecar>;
  leases: number;
}

export class SidecarRegistry implements Disposable {
  private readonly live = new Map<number, Sidecar>();
  private readonly shared = new Map<string, SharedEntry>();
  private readonly locks = new NamedLocks();
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

  /** Starts a sidecar owned by the caller (`instance` scope); `stop(id)` ends it. */
  async spawn(request: SidecarLaunchRequest): Promise<Sidecar> {
    this.refuseDuringShutdown(request);
    const path = await resolveSidecarExecutable(request);
    this.refuseDuringShutdown(request);
    const channels = request.channels === true ? await openChannels(this.options.transports ?? TRANSPORT_PRIORITY, this.outputLimit) : stdioChannels();
    if (this.shuttingDown) await channels.dispose();
    this.refuseDuringShutdown(request);
    const id = this.nextId++;
    const sidecar: Sidecar = new SupervisedSidecar(
      {
        id,
        launch: { path, args: request.args ?? [], cwd: request.pluginRoot, pluginId: request.pluginId, executable: request.executable },
        channels,
        restart: request.restart === 'on-failure' ? new RestartPolicy(this.options.restart) : undefined,
        graceMs: this.graceMs,
        outputLimit: this.outputLimit,
      },
      {
        log: (level, message) => this.log(level, request.pluginId, id, message),
        changed: (kind) => {
          this.saveRecords();
          this.options.onEvent?.({ kind, sidecar });
        },
        finished: () => {
          this.live.delete(id);
          this.saveRecords();
        },
      },
    );
    this.live.set(id, sidecar);
    try {
      await sidecar.start();
    } catch (error) {
      this.live.delete(id);
      throw error;
    }
    return sidecar;
  }

  /**
   * A lease on the plugin's one process of this executable (`package-shared` scope): the
   * first lease starts it, later ones attach to the running process (their `args` are
   * ignored), and releasing the last lease stops it. A shared sidecar that ended is
   * started afresh by the next lease.
   */
  async spawnShared(request: SidecarLaunchRequest): Promise<SidecarLease> {
    this.refuseDuringShutdown(request);
    const key = `${request.pluginId}\u0000${request.executable}`;
    let entry = this.shared.get(key);
    if (!entry) {
      const created: SharedEntry = { sidecar: this.spawn(request), leases: 0 };
      entry = created;
      this.shared.set(key, created);
      void created.sidecar.then(
        (sidecar) => sidecar.exited.then(() => this.shared.get(key) === created && this.shared.delete(key)),
        () => this.shared.get(key) === created && this.shared.delete(key),
      );
    }
    entry.leases += 1;
    const held = entry;
    const sidecar = await held.sidecar.catch((error: unknown) => {
      held.leases -= 1;
      throw error;
    });
    const release = toDisposable(async () => {
      held.leases -= 1;
      if (held.leases > 0) return;
      if (this.shared.get(key) === held) this.shared.delete(key);
      await this.stop(sidecar.id);
    });
    return { sidecar, dispose: async () => void (await release.dispose()) };
  }

  /** Leases currently held on a plugin's shared sidecar of `executable` (0 when none runs). */
  sharedLeases(pluginId: string, executable: string): number {
    return this.shared.get(`${pluginId}\u0000${executable}`)?.leases ?? 0;
  }

  /** A named lock of the plugin (see named-locks.ts): `busy` at once, unless `wait` is given. */
  acquireLock(pluginId: string, name: string, wait?: { signal?: AbortSignal }): Promise<Disposable> {
    if (wait === undefined) return Promise.resolve().then(() => this.locks.tryAcquire(pluginId, name));
    return this.locks.acquire(pluginId, name, wait.signal);
  }

  /** Stops one sidecar's whole process group: stop message, stdin EOF, then SIGTERM, then SIGKILL. */
  async stop(id: number): Promise<SidecarExit | undefined> {
    const sidecar = this.live.get(id);
    if (!sidecar) return undefined;
    return sidecar.stop();
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
    const records = [...this.live.values()]
      .filter((s) => s.pid > 0 && s.state() === 'running')
      .map((s) => ({ pid: s.pid, pluginId: s.pluginId, executable: s.executable, startTime: s.startTime }));
    writeRecords(this.options.dataDir, records);
  }

  private log(level: SidecarLogEntry['level'], pluginId: string, sidecarId: number, message: string): void {
    this.options.onLog?.({ level, pluginId, sidecarId, message });
  }
}
