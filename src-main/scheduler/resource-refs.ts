/**
 * Guest resources (decoder sessions, DSP processors, sinks) live in one instance; the
 * caller holds a numbered reference. This table maps references to the instance and
 * its local id, so calls on a resource go where it lives, and remembers (boundedly) why
 * the references of a lost instance are gone, so a later call can say so.
 */
import type { FugueErrorData } from '../../src-shared/errors.ts';
import type { ResourceRef } from '../runtime/protocol.ts';
import type { Instance } from './instance.ts';

export interface RefEntry {
  instance: Instance;
  /** The id inside the instance's worker. */
  local: number;
  type: string;
}

const MAX_LOST_REFS = 1024;

export class ResourceRefs {
  private readonly live = new Map<number, RefEntry>();
  private readonly lost = new Map<number, FugueErrorData>();
  private next = 1;

  /** A value a call returned: a guest resource becomes a reference the caller can hold. */
  exported(instance: Instance, value: unknown): unknown {
    if (typeof value !== 'object' || value === null || !('$resource' in value)) return value;
    const local = value as ResourceRef;
    const ref = this.next++;
    this.live.set(ref, { instance, local: local.$resource, type: local.type });
    return { $resource: ref, type: local.type };
  }

  get(ref: ResourceRef): RefEntry | undefined {
    return this.live.get(ref.$resource);
  }

  /** Why `ref` is gone, if its instance was lost. */
  lostReason(ref: ResourceRef): FugueErrorData | undefined {
    return this.lost.get(ref.$resource);
  }

  /** Forgets `ref` (dropped by the caller); returns where it lived, if it still did. */
  take(ref: ResourceRef): RefEntry | undefined {
    const entry = this.live.get(ref.$resource);
    this.live.delete(ref.$resource);
    this.lost.delete(ref.$resource);
    return entry;
  }

  /** Forgets every reference into `instance`, remembering `why` when it was lost. */
  forgetInstance(instance: Instance, why?: FugueErrorData): void {
    for (const [ref, entry] of this.live) {
      if (entry.instance !== instance) continue;
      this.live.delete(ref);
      if (why) this.lost.set(ref, { ...why, message: `${why.message}; the resources it held (sessions, processors, sinks) are gone: open them again` });
    }
    for (const ref of this.lost.keys()) {
      if (this.lost.size <= MAX_LOST_REFS) break;
      this.lost.delete(ref);
    }
  }

  clear(): void {
    this.live.clear();
    this.lost.clear();
  }
}
