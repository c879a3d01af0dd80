/**
 * The scheduler (ARCHITECTURE §5): runs components in dedicated workers or in the
 * shared `io` and `cpu` pools, places queued requests on free instances (round robin
 * across components, so one busy plugin cannot starve the others), owns the compiled
 * module cache, and publishes lifecycle events and per-component metrics.
 */
import { availableParallelism } from 'node:os';
import type { Pool } from '../../src-shared/manifest/index.ts';
import { DEFAULT_HOST_SERVICE_LIMITS, type HostServiceLimits } from '../runtime/host-services/host-services.ts';
import { DEFAULT_LOG_RATE } from '../runtime/log-limiter.ts';
import type { LogRate } from '../runtime/protocol.ts';
import type { ComponentContext } from './context.ts';
import { TypedEmitter } from './events.ts';
import { dispose } from './lifecycle.ts';
import { DEFAULT_MODULE_CACHE_LIMITS, ModuleCache, type ModuleCacheLimits } from './module-cache.ts';
import { DedicatedPlacement, WorkerPool, type Placement } from './placement.ts';
import { ScheduledComponent } from './scheduled-component.ts';
import type { ComponentMetrics, ComponentSpec, SchedulerEvents, WorkerInfo } from './types.ts';
import type { WorkerHost } from './worker-host.ts';

export interface SchedulerOptions {
  /** Workers per shared pool; default from the machine ({@link defaultPoolSizes}). */
  poolSizes?: Partial<Record<Pool, number>>;
  moduleCache?: ModuleCacheLimits;
  /** Deadline strikes within `windowMs` that mark a component failed (default 3 in 60 s). */
  strikes?: { limit: number; windowMs: number };
  hostLimits?: HostServiceLimits;
  /** Log budget per plugin. */
  logRate?: LogRate;
}

/**
 * `cpu`: one worker per core but one (the main thread and the audio worker need a core).
 * `io`: more workers than cores, since their plugins mostly wait on host I/O.
 */
export function defaultPoolSizes(cores = availableParallelism()): Record<Pool, number> {
  return { cpu: Math.max(1, cores - 1), io: Math.max(2, Math.min(8, cores * 2)) };
}

export class Scheduler implements ComponentContext {
  readonly events = new TypedEmitter<SchedulerEvents>();
  readonly modules: ModuleCache;
  readonly hostLimits: HostServiceLimits;
  readonly logRate: LogRate;
  readonly strikeLimit: number;
  readonly strikeWindowMs: number;
  private readonly pools: Record<Pool, WorkerPool>;
  private readonly dedicated: DedicatedPlacement;
  private readonly components: ScheduledComponent[] = [];
  private scheduled = false;
  private rotation = 0;

  constructor(options: SchedulerOptions = {}) {
    this.modules = new ModuleCache(options.moduleCache ?? DEFAULT_MODULE_CACHE_LIMITS);
    this.hostLimits = options.hostLimits ?? DEFAULT_HOST_SERVICE_LIMITS;
    this.logRate = options.logRate ?? DEFAULT_LOG_RATE;
    this.strikeLimit = options.strikes?.limit ?? 3;
    this.strikeWindowMs = options.strikes?.windowMs ?? 60_000;
    const sizes = { ...defaultPoolSizes(), ...options.poolSizes };
    const lost = (): void => this.schedule();
    this.pools = { io: new WorkerPool('io', sizes.io, lost), cpu: new WorkerPool('cpu', sizes.cpu, lost) };
    this.dedicated = new DedicatedPlacement(lost);
  }

  /** Registers a component (Discovered); it is instantiated by its first `start()`, call or `enable()`. */
  add(spec: ComponentSpec): ScheduledComponent {
    const component = new ScheduledComponent(spec, this);
    this.components.push(component);
    return component;
  }

  placementOf(component: object): Placement {
    const { threading } = (component as ScheduledComponent).spec;
    return threading.model === 'dedicated' ? this.dedicated : this.pools[threading.pool];
  }

  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.pumpAll();
    });
  }

  /** Metrics of every registered component that is not unloaded. */
  metrics(): ComponentMetrics[] {
    return this.components.filter((component) => component.state !== 'unloaded').map((component) => component.metrics());
  }

  /** Metrics of one component, by plugin id and component id. */
  metricsOf(pluginId: string, component?: string): ComponentMetrics[] {
    return this.metrics().filter((metrics) => metrics.pluginId === pluginId && (component === undefined || metrics.component === component));
  }

  /** Every worker thread alive now, with the components it hosts. */
  workers(): WorkerInfo[] {
    const describe = (host: WorkerHost, kind: WorkerInfo['kind']): WorkerInfo => ({
      label: host.label,
      threadId: host.threadId,
      kind,
      components: this.components.filter((component) => component.hosts.includes(host)).map((component) => `${component.identity.pluginId}/${component.identity.component}`),
    });
    return [
      ...this.dedicated.workers.map((host) => describe(host, 'dedicated')),
      ...this.pools.io.workers.map((host) => describe(host, 'io')),
      ...this.pools.cpu.workers.map((host) => describe(host, 'cpu')),
    ].filter((info) => info.threadId !== -1);
  }

  /** Unloads every component (`on-disable(shutdown)`), then stops the pools. */
  async dispose(): Promise<void> {
    await Promise.all(this.components.map((component) => dispose(component, 'shutdown')));
    this.components.splice(0);
    await Promise.all([this.pools.io.close(), this.pools.cpu.close()]);
    this.modules.clear();
  }

  private pumpAll(): void {
    for (let index = this.components.length - 1; index >= 0; index -= 1) {
      if (this.components[index]?.state === 'unloaded') this.components.splice(index, 1);
    }
    const count = this.components.length;
    if (count === 0) return;
    // Start from a different component each pass so none is always first to a free worker.
    this.rotation = (this.rotation + 1) % count;
    for (let step = 0; step < count; step += 1) this.components[(this.rotation + step) % count]?.pump();
  }
}
