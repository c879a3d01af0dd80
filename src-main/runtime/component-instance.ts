/**
 * The main thread's handle on one loaded component: calls with a deadline, guest
 * resource references, lifecycle, metrics and teardown. The scheduler decides where the
 * component's instances run (a dedicated worker or a shared pool) and what happens when
 * one misbehaves: a call past its deadline stops its worker and fails with `timeout`,
 * the next call gets a fresh instance, and repeated strikes mark the component failed.
 */
import type { Disposable } from '../../src-shared/disposable.ts';
import { disable, dispose, enable } from '../scheduler/lifecycle.ts';
import type { CallOptions, ScheduledComponent } from '../scheduler/scheduled-component.ts';
import type { ComponentMetrics, DisableReason, LifecycleState, LoadTiming } from '../scheduler/types.ts';
import type { ResourceRef } from './protocol.ts';

export type { CallOptions } from '../scheduler/scheduled-component.ts';
export type { DisableReason, LoadTiming } from '../scheduler/types.ts';

/** A live worker thread as Node reports it (`threadId` is -1 once the thread has exited). */
export interface WorkerThreadView {
  readonly threadId: number;
}

export class ComponentInstance implements Disposable {
  constructor(
    private readonly component: ScheduledComponent,
    private readonly apiVersion: string,
  ) {}

  /** Starts an instance if none runs; resolves with its timing. */
  start(): Promise<LoadTiming> {
    return this.component.start();
  }

  /** Calls `fn` of an exported interface (short WIT name, e.g. `decoder`). */
  call(iface: string, fn: string, args: unknown[] = [], options: CallOptions = {}): Promise<unknown> {
    const qualified = iface.includes(':') ? iface : `fugue:plugin/${iface}@${this.apiVersion}`;
    return this.component.call({ kind: 'function', iface: qualified, fn }, args, options, iface === 'lifecycle');
  }

  /** Calls a method of a guest resource (on the instance that created it). */
  callMethod(ref: ResourceRef, method: string, args: unknown[] = [], options: CallOptions = {}): Promise<unknown> {
    return this.component.callMethod(ref, method, args, options);
  }

  /** Drops a guest resource (runs its destructor in the guest). */
  drop(ref: ResourceRef): Promise<void> {
    return this.component.drop(ref);
  }

  /** `lifecycle.on-enable` in every instance; the component becomes Active, or stays Loaded with the error recorded. */
  enable(): Promise<void> {
    return enable(this.component);
  }

  /** Quiesces, then `lifecycle.on-disable(reason)`; the component stays Loaded. */
  disable(reason: DisableReason): Promise<void> {
    return disable(this.component, reason);
  }

  /** `on-disable` (best effort, within its deadline), then every instance is released: Unloaded. */
  dispose(reason: DisableReason = 'unload'): Promise<void> {
    return dispose(this.component, reason);
  }

  get state(): LifecycleState {
    return this.component.state;
  }

  metrics(): ComponentMetrics {
    return this.component.metrics();
  }

  /** Times an instance was replaced after its worker was stopped or crashed. */
  get restarts(): number {
    return this.component.restarts;
  }

  /** Whether a worker thread is hosting an instance of this component now. */
  get isRunning(): boolean {
    return this.component.hosts.some((host) => host.alive);
  }

  /** The thread id of the (first) worker hosting an instance, for tests and diagnostics. */
  get threadId(): number | undefined {
    return this.component.hosts.find((host) => host.alive)?.threadId;
  }

  /** The worker threads hosting it now; keep them to check later that they really exited. */
  workerThreads(): WorkerThreadView[] {
    return this.component.hosts;
  }
}
