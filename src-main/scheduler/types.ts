/** Public shapes of the scheduler: lifecycle states, component specs, events and metrics. */
import type { FugueErrorData, PluginIdentity } from '../../src-shared/errors.ts';
import type { Pool } from '../../src-shared/manifest/index.ts';
import type { Grants } from '../runtime/host-services/grants.ts';

/**
 * Where a component is in its life. `discovered` → `loaded` (instantiated) → `active`
 * (`on-enable` succeeded: its abilities may be registered) → `quiescing` (disabling:
 * in-flight calls finish, `on-disable` runs) → `loaded` again, or `unloaded` (torn
 * down, terminal). `failed`: too many deadline strikes; calls fail fast until re-enabled.
 */
export type LifecycleState = 'discovered' | 'loaded' | 'active' | 'quiescing' | 'unloaded' | 'failed';

/** Why the host disables a component (WIT `lifecycle.disable-reason`). */
export type DisableReason = 'host-disable' | 'unload' | 'shutdown' | 'reload';

/** How a component is scheduled (the manifest's `threading`, with defaults applied). */
export type ThreadingSpec = { model: 'dedicated'; maxInstances: number } | { model: 'shared_pool'; pool: Pool; maxInstances: number };

/** Who a component is. */
export type ComponentIdentity = Required<Pick<PluginIdentity, 'pluginId' | 'version' | 'component'>>;

/** Everything the scheduler needs to run a component. */
export interface ComponentSpec {
  identity: ComponentIdentity;
  /** The WIT package version, used to qualify interface names. */
  apiVersion: string;
  /** The transpiled component (see TranspileCache). */
  transpiled: { hash: string; dir: string; entry: string; coreModules: readonly string[]; usesWasi: boolean };
  dataDir: string;
  threading: ThreadingSpec;
  callTimeoutMs: number;
  /** Deadline of `on-enable`, `on-disable` and instantiation. */
  lifecycleTimeoutMs: number;
  memoryMb: number;
  /** Calls waiting beyond this many are refused with `busy`. */
  maxQueue: number;
  grants: Grants;
  onLog?: (level: string, message: string) => void;
}

/** Timing of an instance start. */
export interface LoadTiming {
  /** Compiling the core modules in the main thread (0 when every module came from the module cache). */
  compileMs: number;
  /** Importing the transpiled bindings module in the worker (0 when that worker had it already). */
  bindingsImportMs: number;
  /** Instantiating the component: core instances, imports wired, start functions run. */
  instantiateMs: number;
  /** Wall time from placing the instance to its answer, including a new worker's start-up. */
  totalMs: number;
  /** Whether every core module came from the module cache. */
  moduleCacheHit: boolean;
}

/** Per-component counters and gauges. */
export interface ComponentMetrics {
  pluginId: string;
  version: string;
  component: string;
  state: LifecycleState;
  /** Requests answered or failed (calls, methods, drops and lifecycle hooks). */
  calls: number;
  /** Requests that failed for any reason (including timeouts and crashes). */
  errors: number;
  timeouts: number;
  /** Instances replaced after their worker was stopped (deadline) or crashed. */
  restarts: number;
  /** Calls refused with `busy` because the queue was full. */
  busyRejections: number;
  /** Call latency over the most recent calls (ms), measured in the main thread. */
  latency: { p50Ms: number; p99Ms: number; samples: number };
  /** Wasm linear memory held by live instances, as the workers report it. */
  memoryBytes: number;
  peakMemoryBytes: number;
  instances: number;
  queued: number;
  running: number;
  /** Deadline strikes inside the current window. */
  strikes: number;
  lastError?: FugueErrorData;
}

export interface StateEvent {
  identity: ComponentIdentity;
  from: LifecycleState;
  to: LifecycleState;
  /** Why, when the transition was caused by a failure. */
  error?: FugueErrorData;
}

export interface FailedEvent {
  identity: ComponentIdentity;
  /** A sentence for the user: what happened and what they can do. */
  message: string;
  error: FugueErrorData;
}

export interface EnableFailedEvent {
  identity: ComponentIdentity;
  error: FugueErrorData;
}

export interface InstanceLostEvent {
  identity: ComponentIdentity;
  /** Whether this component's own call caused the loss. */
  culprit: boolean;
  reason: 'deadline' | 'crash';
  threadId: number;
}

export interface LogEvent {
  identity: ComponentIdentity;
  level: string;
  message: string;
}

/** Events of the scheduler, by name. */
export interface SchedulerEvents {
  state: StateEvent;
  failed: FailedEvent;
  'enable-failed': EnableFailedEvent;
  'instance-lost': InstanceLostEvent;
  log: LogEvent;
}

/** A live worker thread, for diagnostics and tests. */
export interface WorkerInfo {
  label: string;
  /** Node's thread id (-1 once exited). */
  threadId: number;
  kind: 'dedicated' | Pool;
  /** Components with an instance in this thread. */
  components: string[];
}
