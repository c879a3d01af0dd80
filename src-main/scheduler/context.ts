/** What a scheduled component needs from its scheduler (which implements it). */
import type { HostServiceLimits } from '../runtime/host-services/host-services.ts';
import type { LogRate } from '../runtime/protocol.ts';
import type { TypedEmitter } from './events.ts';
import type { ModuleCache } from './module-cache.ts';
import type { Placement } from './placement.ts';
import type { SchedulerEvents } from './types.ts';

export interface ComponentContext {
  readonly modules: ModuleCache;
  readonly events: TypedEmitter<SchedulerEvents>;
  readonly hostLimits: HostServiceLimits;
  readonly logRate: LogRate;
  /** Deadline strikes within {@link strikeWindowMs} that mark a component failed. */
  readonly strikeLimit: number;
  readonly strikeWindowMs: number;
  /** Where the component's instances live (its pool, or dedicated workers). */
  placementOf(component: object): Placement;
  /** Asks for queued requests to be placed (batched into one pass per microtask). */
  schedule(): void;
}
