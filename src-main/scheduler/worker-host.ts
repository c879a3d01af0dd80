/**
 * The main thread's handle on one component worker thread, which may host several
 * component instances (slots). It runs one request at a time with a deadline; past the
 * deadline it terminates the thread (the only way to stop a guest stuck in a loop or
 * blocked in a host call) and reports the loss, as it does when the thread crashes.
 * What to do about the instances the thread held is the scheduler's business.
 */
import { Worker, type TransferListItem } from 'node:worker_threads';
import { FugueError } from '../../src-shared/errors.ts';
import type { FromWorker, ToWorker } from '../runtime/protocol.ts';

const WORKER_ENTRY = new URL('../runtime/worker-bootstrap.mjs', import.meta.url);

/** V8 heap limits of a component worker: the bindings' JS must not take the host's heap. */
const WORKER_RESOURCE_LIMITS = { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 32 };

/** How long a deadline waits for the thread to exit before reporting the loss anyway. */
const TERMINATE_GRACE_MS = 2_000;

/** Why a worker thread is gone. */
export type LossCause =
  | { kind: 'deadline'; slot: number; exportName: string; timeoutMs: number }
  | { kind: 'crash'; how: string }
  | { kind: 'terminated' };

/** The worker answered; `memoryBytes` is the slot's linear memory after the request. */
export type WorkerAnswer = Extract<FromWorker, { type: 'result' | 'error' | 'instantiated' }>;

/** A request that did not complete because the thread stopped. */
export class WorkerLost extends Error {
  constructor(readonly loss: LossCause) {
    super(`component worker lost (${loss.kind})`);
  }
}

/** What lives in a slot of the worker: one component instance, told about everything that concerns it. */
export interface Tenant {
  /** The thread stopped; `culprit` when this tenant's request caused it (deadline) or was running (crash). */
  lost(cause: LossCause, culprit: boolean): void;
  /** A `log` import call (`notice`: the worker's own dropped-messages line). */
  log(level: string, message: string, notice: boolean): void;
  /** A line the guest printed (stdout/stderr), attributed to the slot that ran last. */
  output(level: string, line: string): void;
}

/** Called once when a thread stops by deadline or crash (not by {@link WorkerHost.terminate}), after its tenants. */
export type HostLost = (host: WorkerHost, cause: LossCause) => void;

interface Current {
  id: number;
  resolve(answer: WorkerAnswer): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

let nextHostId = 1;

export class WorkerHost {
  readonly id = nextHostId++;
  /** The thread id Node gave the worker at start (kept after exit, when `threadId` reads -1). */
  readonly startedThreadId: number;
  /** Set by the scheduler while a request or an instantiation occupies the thread. */
  busy = false;
  /** The slot whose request ran last (guest output is attributed to it). */
  lastSlot: number | undefined;
  /** The instances living in this thread, by slot. */
  readonly tenants = new Map<number, Tenant>();
  private readonly worker: Worker;
  private current: Current | undefined;
  private nextRequest = 1;
  private nextSlot = 1;
  private lossCause: LossCause | undefined;
  private readonly exited: Promise<void>;

  constructor(
    readonly label: string,
    private readonly onLost: HostLost,
  ) {
    // stdout/stderr are captured so a guest's prints (and panics) land in its own log, not the host's.
    this.worker = new Worker(WORKER_ENTRY, { name: label, stdout: true, stderr: true, resourceLimits: WORKER_RESOURCE_LIMITS });
    // A worker never keeps the process alive by itself: pending requests hold a deadline timer.
    this.worker.unref();
    this.startedThreadId = this.worker.threadId;
    this.captureOutput();
    this.worker.on('message', (message: FromWorker) => this.onMessage(message));
    this.worker.on('error', (error) => this.onGone({ kind: 'crash', how: `crashed: ${error.message}` }));
    this.exited = new Promise((resolve) => this.worker.once('exit', (code) => {
      this.onGone({ kind: 'crash', how: `exited with code ${code}` });
      resolve();
    }));
  }

  /** The thread's id as Node reports it: -1 once the thread has exited. */
  get threadId(): number {
    return this.worker.threadId;
  }

  /** Whether the thread can take requests (not lost, not terminated, not exited). */
  get alive(): boolean {
    return this.lossCause === undefined && this.worker.threadId !== -1;
  }

  get cause(): LossCause | undefined {
    return this.lossCause;
  }

  allocateSlot(): number {
    return this.nextSlot++;
  }

  /** Sends one request; rejects with {@link WorkerLost} if the thread stops first. */
  request(build: (id: number) => ToWorker, slot: number, timeoutMs: number, exportName: string, transfer: readonly TransferListItem[] = []): Promise<WorkerAnswer> {
    if (!this.alive) return Promise.reject(new WorkerLost(this.lossCause ?? { kind: 'terminated' }));
    if (this.current) return Promise.reject(new FugueError({ code: 'internal', message: `worker ${this.label} was sent a second request while busy` }));
    const id = this.nextRequest++;
    this.lastSlot = slot;
    return new Promise<WorkerAnswer>((resolve, reject) => {
      const timer = setTimeout(() => this.onDeadline({ kind: 'deadline', slot, exportName, timeoutMs }), timeoutMs);
      this.current = { id, resolve, reject, timer };
      this.worker.postMessage(build(id), transfer);
    });
  }

  /** Posts a message that has no answer (releasing a slot). */
  post(message: ToWorker): void {
    if (this.alive) this.worker.postMessage(message);
  }

  /** Stops the thread on purpose; resolves once it has exited. No loss is reported. */
  async terminate(): Promise<void> {
    if (this.lossCause === undefined) this.lossCause = { kind: 'terminated' };
    this.settleCurrent(new WorkerLost(this.lossCause));
    await this.worker.terminate();
    await this.exited;
  }

  private onMessage(message: FromWorker): void {
    if (message.type === 'log') {
      this.tenants.get(message.slot)?.log(message.level, message.message, message.notice === true);
      return;
    }
    const current = this.current;
    if (!current || current.id !== message.id) return;
    this.current = undefined;
    clearTimeout(current.timer);
    current.resolve(message);
  }

  private onDeadline(cause: LossCause): void {
    if (this.lossCause !== undefined) return;
    this.lossCause = cause;
    // Callers hear of the timeout once the thread is really gone (or after a grace period,
    // should terminating ever hang), so "its worker was stopped" is true when they read it.
    const grace = new Promise<void>((resolve) => setTimeout(resolve, TERMINATE_GRACE_MS).unref());
    void Promise.race([this.worker.terminate().then(() => this.exited), grace]).then(() => {
      this.settleCurrent(new WorkerLost(cause));
      this.reportLoss(cause);
    });
  }

  private onGone(cause: LossCause): void {
    if (this.lossCause !== undefined) return;
    this.lossCause = cause;
    this.settleCurrent(new WorkerLost(cause));
    this.reportLoss(cause);
  }

  private reportLoss(cause: LossCause): void {
    for (const [slot, tenant] of this.tenants) {
      tenant.lost(cause, cause.kind === 'deadline' ? cause.slot === slot : this.lastSlot === slot);
    }
    this.tenants.clear();
    this.onLost(this, cause);
  }

  private settleCurrent(error: Error): void {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    clearTimeout(current.timer);
    current.reject(error);
  }

  private captureOutput(): void {
    for (const [stream, level] of [[this.worker.stdout, 'info'], [this.worker.stderr, 'warn']] as const) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        for (const line of chunk.split('\n')) if (line.trim() !== '' && this.lastSlot !== undefined) this.tenants.get(this.lastSlot)?.output(level, line);
      });
    }
  }
}
