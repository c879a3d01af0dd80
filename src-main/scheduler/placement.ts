/**
 * Where a component's instances live. `dedicated`: each instance gets a worker of its
 * own, terminated with it. `shared_pool`: a named pool of workers (started lazily, up to
 * its size) hosts instances of many components; a component gets at most one instance
 * per worker, and a worker serves one request at a time across all its tenants.
 */
import type { Pool } from '../../src-shared/manifest/index.ts';
import { WorkerHost, type HostLost, type Tenant } from './worker-host.ts';

export interface Placement {
  readonly kind: 'dedicated' | Pool;
  /** A worker ready to take a new instance of `owner` now (idle, alive), or undefined. */
  hostForNewInstance(owner: object, label: string): WorkerHost | undefined;
  /** The instance in `slot` of `host` is gone; release what it held. */
  release(host: WorkerHost, slot: number): Promise<void>;
}

/** Marks which owner a tenant belongs to, so a pool keeps one instance per owner per worker. */
export interface OwnedTenant extends Tenant {
  readonly owner: object;
}

export class DedicatedPlacement implements Placement {
  readonly kind = 'dedicated' as const;
  private readonly hosts = new Set<WorkerHost>();

  constructor(private readonly onLost: HostLost) {}

  hostForNewInstance(_owner: object, label: string): WorkerHost {
    const host = new WorkerHost(label, (lost, cause) => {
      this.hosts.delete(lost);
      this.onLost(lost, cause);
    });
    this.hosts.add(host);
    return host;
  }

  async release(host: WorkerHost): Promise<void> {
    this.hosts.delete(host);
    await host.terminate();
  }

  get workers(): WorkerHost[] {
    return [...this.hosts];
  }
}

export class WorkerPool implements Placement {
  private readonly hosts: WorkerHost[] = [];
  private spawned = 0;

  constructor(
    readonly kind: Pool,
    readonly size: number,
    private readonly onLost: HostLost,
  ) {}

  get workers(): WorkerHost[] {
    return [...this.hosts];
  }

  hostForNewInstance(owner: object): WorkerHost | undefined {
    const hostsOwner = (host: WorkerHost): boolean => [...host.tenants.values()].some((tenant) => (tenant as Partial<OwnedTenant>).owner === owner);
    const free = this.hosts.filter((host) => host.alive && !host.busy && !hostsOwner(host));
    // Prefer the least crowded worker, so tenants spread before they stack.
    free.sort((a, b) => a.tenants.size - b.tenants.size);
    if (free[0] && (free[0].tenants.size === 0 || this.hosts.length >= this.size)) return free[0];
    if (this.hosts.length < this.size) return this.spawn();
    return free[0];
  }

  async release(host: WorkerHost, slot: number): Promise<void> {
    host.tenants.delete(slot);
    host.post({ type: 'release', slot });
  }

  /** Terminates every worker of the pool. */
  async close(): Promise<void> {
    const hosts = this.hosts.splice(0);
    await Promise.all(hosts.map((host) => host.terminate()));
  }

  private spawn(): WorkerHost {
    this.spawned += 1;
    const host = new WorkerHost(`fugue-pool:${this.kind}#${this.spawned}`, (lost, cause) => {
      const index = this.hosts.indexOf(lost);
      if (index >= 0) this.hosts.splice(index, 1);
      this.onLost(lost, cause);
    });
    this.hosts.push(host);
    return host;
  }
}
