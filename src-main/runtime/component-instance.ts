/**
 * The main thread's handle on one component running in its own worker: calls with a
 * deadline, guest resource references, lifecycle, and teardown. A call past its
 * deadline terminates the worker (the only way to stop a guest stuck in a loop), fails
 * every pending call with `timeout`, and the next call starts a fresh worker.
 */
import { Worker } from 'node:worker_threads';
import { FugueError, type FugueErrorData, type PluginIdentity } from '../../src-shared/errors.ts';
import type { Disposable } from '../../src-shared/disposable.ts';
import type { CallTarget, FromWorker, LoadRequest, ResourceRef, ToWorker } from './protocol.ts';

const WORKER_ENTRY = new URL('./worker-bootstrap.mjs', import.meta.url);

/** Why the host disables a component (WIT `lifecycle.disable-reason`). */
export type DisableReason = 'host-disable' | 'unload' | 'shutdown' | 'reload';

export interface InstanceOptions {
  identity: Required<Pick<PluginIdentity, 'pluginId' | 'version' | 'component'>>;
  /** The WIT package version, used to qualify interface names. */
  apiVersion: string;
  load: Omit<LoadRequest, 'type'>;
  callTimeoutMs: number;
  /** Deadline for `on-enable` and `on-disable`. */
  lifecycleTimeoutMs: number;
  onLog?: (level: string, message: string) => void;
}

export interface CallOptions {
  timeoutMs?: number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: FugueError): void;
  timer: NodeJS.Timeout;
}

/** Timing of the worker's most recent (re)load. */
export interface LoadTiming {
  /** Compiling the core modules. */
  compileMs: number;
  /** Importing the transpiled bindings module (parsing jco's generated JS). */
  bindingsImportMs: number;
  /** Instantiating the component: core instances, imports wired, start functions run. */
  instantiateMs: number;
}

export class ComponentInstance implements Disposable {
  private worker: Worker | undefined;
  private ready: Promise<LoadTiming> | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextCall = 1;
  private disposed = false;
  /** Times the worker was replaced after a timeout or crash. */
  restarts = 0;

  constructor(private readonly options: InstanceOptions) {}

  /** Starts the worker and instantiates the component; resolves with timing. */
  start(): Promise<LoadTiming> {
    if (!this.ready) this.ready = this.spawn();
    return this.ready;
  }

  /** Calls `fn` of an exported interface (short WIT name, e.g. `decoder`). */
  call(iface: string, fn: string, args: unknown[] = [], options: CallOptions = {}): Promise<unknown> {
    const qualified = iface.includes(':') ? iface : `fugue:plugin/${iface}@${this.options.apiVersion}`;
    return this.send({ kind: 'function', iface: qualified, fn }, args, options.timeoutMs ?? this.options.callTimeoutMs);
  }

  /** Calls a method of a guest resource. */
  callMethod(ref: ResourceRef, method: string, args: unknown[] = [], options: CallOptions = {}): Promise<unknown> {
    return this.send({ kind: 'method', resource: ref.$resource, method }, args, options.timeoutMs ?? this.options.callTimeoutMs);
  }

  /** Drops a guest resource (runs its destructor in the guest). */
  async drop(ref: ResourceRef): Promise<void> {
    await this.start();
    await this.request((id) => ({ type: 'drop', id, resource: ref.$resource }), this.options.callTimeoutMs, `[dtor]${ref.type}`);
  }

  /** `lifecycle.on-enable`. */
  async enable(): Promise<void> {
    await this.call('lifecycle', 'on-enable', [], { timeoutMs: this.options.lifecycleTimeoutMs });
  }

  /** `lifecycle.on-disable(reason)`. */
  async disable(reason: DisableReason): Promise<void> {
    await this.call('lifecycle', 'on-disable', [reason], { timeoutMs: this.options.lifecycleTimeoutMs });
  }

  /** Calls `on-disable` (best effort, within its deadline), then terminates the worker. */
  async dispose(reason: DisableReason = 'unload'): Promise<void> {
    if (this.disposed) return;
    if (this.worker) {
      try {
        await this.disable(reason);
      } catch {
        // Teardown proceeds whatever the plugin answers; the error was already reported to the caller's log.
      }
    }
    this.disposed = true;
    this.failPending({ code: 'disposed', message: 'the plugin was unloaded while the call was pending', plugin: this.options.identity });
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  /** Whether the worker thread is currently alive. */
  get isRunning(): boolean {
    return this.worker !== undefined;
  }

  /** The worker's thread id, for tests and diagnostics. */
  get threadId(): number | undefined {
    return this.worker?.threadId;
  }

  private async send(target: CallTarget, args: unknown[], timeoutMs: number): Promise<unknown> {
    await this.start();
    const name = target.kind === 'function' ? `${target.iface}#${target.fn}` : `[method].${target.method}`;
    return this.request((id) => ({ type: 'call', id, target, args }), timeoutMs, name);
  }

  private request(build: (id: number) => ToWorker, timeoutMs: number, exportName: string): Promise<unknown> {
    if (this.disposed || !this.worker) {
      return Promise.reject(new FugueError({ code: 'disposed', message: 'the plugin is unloaded', plugin: this.options.identity }));
    }
    const id = this.nextCall++;
    const worker = this.worker;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.onDeadline(exportName, timeoutMs), timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage(build(id));
    });
  }

  private spawn(): Promise<LoadTiming> {
    // stdout/stderr are captured so a guest's prints (and panics) land in its own log, not the host's.
    const worker = new Worker(WORKER_ENTRY, {
      name: `${this.options.identity.pluginId}/${this.options.identity.component}`,
      stdout: true,
      stderr: true,
    });
    this.worker = worker;
    this.captureOutput(worker);
    return new Promise<LoadTiming>((resolve, reject) => {
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'loaded') resolve({ compileMs: message.compileMs, bindingsImportMs: message.bindingsImportMs, instantiateMs: message.instantiateMs });
        else if (message.type === 'load-failed') {
          reject(FugueError.fromData(message.error));
          void this.retire(worker);
        } else this.onMessage(message);
      });
      worker.on('error', (error) => this.onWorkerGone(worker, `crashed: ${error.message}`, reject));
      worker.on('exit', (code) => this.onWorkerGone(worker, `exited with code ${code}`, reject));
      worker.postMessage({ type: 'load', ...this.options.load } satisfies ToWorker);
    });
  }

  private captureOutput(worker: Worker): void {
    for (const [stream, level] of [[worker.stdout, 'info'], [worker.stderr, 'warn']] as const) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        for (const line of chunk.split('\n')) if (line.trim() !== '') this.options.onLog?.(level, line);
      });
    }
  }

  private onMessage(message: FromWorker): void {
    if (message.type === 'log') {
      this.options.onLog?.(message.level, message.message);
      return;
    }
    if (message.type !== 'result' && message.type !== 'error') return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    clearTimeout(pending.timer);
    if (message.type === 'result') pending.resolve(message.value);
    else pending.reject(FugueError.fromData(message.error));
  }

  private onDeadline(exportName: string, timeoutMs: number): void {
    this.failPending({
      code: 'timeout',
      message: `plugin ${this.options.identity.pluginId} did not answer ${exportName} within ${timeoutMs} ms; its worker was stopped and restarted`,
      plugin: { ...this.options.identity, exportName },
    });
    void this.restart();
  }

  private onWorkerGone(worker: Worker, how: string, rejectLoad: (error: FugueError) => void): void {
    if (this.worker !== worker) return;
    const error: FugueErrorData = { code: 'worker-crashed', message: `the worker of plugin ${this.options.identity.pluginId} ${how}`, plugin: this.options.identity };
    rejectLoad(FugueError.fromData(error));
    this.failPending(error);
    this.worker = undefined;
    if (!this.disposed) void this.restart();
  }

  private async restart(): Promise<void> {
    const old = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    if (!this.disposed) this.restarts += 1;
    // The next call starts a fresh worker; restarting lazily keeps a crash loop from spinning.
    if (old) await this.retire(old);
  }

  private async retire(worker: Worker): Promise<void> {
    worker.removeAllListeners();
    await worker.terminate();
    if (this.worker === worker) this.worker = undefined;
  }

  private failPending(error: FugueErrorData): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(FugueError.fromData(error));
      this.pending.delete(id);
    }
  }
}
