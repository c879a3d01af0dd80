/**
 * One instance of a component, living in a slot of a worker: its host-service channel
 * (with the folders granted for the call running now), whether `on-enable` ran in it,
 * which settings it has applied, and the memory it reported. It is the worker's tenant:
 * when the worker goes, it tells its component.
 */
import { FugueError } from '../../src-shared/errors.ts';
import { HostChannel } from '../runtime/host-services/host-channel.ts';
import { HostServices, NO_CALL_GRANTS, type CallGrants, type HostServiceLimits } from '../runtime/host-services/host-services.ts';
import type { Grants } from '../runtime/host-services/grants.ts';
import type { LogRate } from '../runtime/protocol.ts';
import type { ModuleCache } from './module-cache.ts';
import type { OwnedTenant } from './placement.ts';
import type { ComponentSpec, LoadTiming } from './types.ts';
import type { LossCause, WorkerHost } from './worker-host.ts';

export type InstanceStatus = 'starting' | 'idle' | 'running' | 'lost' | 'released';

/** What the instance reports to the component that owns it. */
export interface InstanceOwner {
  instanceLost(instance: Instance, cause: LossCause, culprit: boolean): void;
  instanceLog(level: string, message: string, notice: boolean): void;
}

let nextInstanceId = 1;

export class Instance implements OwnedTenant {
  readonly id = nextInstanceId++;
  readonly slot: number;
  readonly channel: HostChannel;
  status: InstanceStatus = 'starting';
  /** `on-enable` ran successfully in this instance. */
  enabled = false;
  /** The settings arguments last applied here, by ability type id. */
  readonly applied = new Map<string, unknown[]>();
  memoryBytes = 0;
  /** Folders and network hosts granted for the call running now. */
  private callGrants: CallGrants = NO_CALL_GRANTS;

  constructor(
    readonly owner: InstanceOwner,
    readonly host: WorkerHost,
    grants: Grants,
    limits: HostServiceLimits,
  ) {
    this.slot = host.allocateSlot();
    this.channel = new HostChannel(new HostServices(grants, limits, () => this.callGrants));
    host.tenants.set(this.slot, this);
  }

  /** Whether a request can be sent to it now. */
  get ready(): boolean {
    return this.status === 'idle' && !this.host.busy && this.host.alive;
  }

  /** Compiles (or takes from the cache) the core modules and instantiates the component in its slot. */
  async instantiate(spec: ComponentSpec, modules: ModuleCache, logRate: LogRate): Promise<LoadTiming> {
    const started = performance.now();
    const { transpiled, identity, dataDir, memoryMb } = spec;
    const compiled = await modules.modulesOf({ hash: transpiled.hash, dir: transpiled.dir, coreModules: transpiled.coreModules, memoryMb });
    const { end } = this.channel;
    const answer = await this.host.request(
      (id) => ({ type: 'instantiate', id, slot: this.slot, identity, entry: transpiled.entry, modules: compiled.modules, dataDir, usesWasi: transpiled.usesWasi, host: end, logRate }),
      this.slot,
      instantiateDeadlineMs(spec),
      'instantiate',
      [end.port],
    );
    if (answer.type === 'error') throw FugueError.fromData(answer.error);
    if (answer.type !== 'instantiated') throw new FugueError({ code: 'internal', message: 'the worker answered an instantiation with a call result' });
    this.memoryBytes = answer.memoryBytes;
    return {
      compileMs: compiled.compileMs,
      bindingsImportMs: answer.bindingsImportMs,
      instantiateMs: answer.instantiateMs,
      totalMs: performance.now() - started,
      moduleCacheHit: compiled.misses === 0,
    };
  }

  /** Grants for the request about to run (none again when it is answered). */
  withCallGrants(grants: CallGrants): void {
    this.callGrants = grants;
  }

  lost(cause: LossCause, culprit: boolean): void {
    if (this.status === 'lost' || this.status === 'released') return;
    this.status = 'lost';
    void this.channel.close();
    this.owner.instanceLost(this, cause, culprit);
  }

  log(level: string, message: string, notice: boolean): void {
    this.owner.instanceLog(level, message, notice);
  }

  output(level: string, line: string): void {
    this.owner.instanceLog(level, line, false);
  }
}

/**
 * The deadline of an instantiation: never shorter than {@link MIN_INSTANTIATE_MS}, because it
 * also covers starting a worker thread (its TypeScript loader and the bindings import, a few
 * hundred ms on a loaded machine), which is not the plugin's doing. A guest start function
 * that never returns is still stopped at it.
 */
export function instantiateDeadlineMs(spec: Pick<ComponentSpec, 'lifecycleTimeoutMs'>): number {
  return Math.max(spec.lifecycleTimeoutMs, MIN_INSTANTIATE_MS);
}

export const MIN_INSTANTIATE_MS = 5_000;
