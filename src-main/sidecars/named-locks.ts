/**
 * Named locks per plugin, e.g. "exclusive use of /dev/snd/pcmC0D0p by one sidecar across
 * all instances of the plugin". Names are scoped by plugin id, so plugins never contend
 * with each other. `tryAcquire` answers `busy` at once; `acquire` waits its turn (first
 * come, first served) and can be cancelled. Holding a lock is a Disposable: releasing it
 * hands it to the next waiter.
 */
import { FugueError } from '../../src-shared/errors.ts';
import { toDisposable, type Disposable } from '../../src-shared/disposable.ts';

interface LockState {
  held: boolean;
  queue: (() => void)[];
}

export class NamedLocks {
  private readonly locks = new Map<string, LockState>();

  /** Takes the lock now, or throws `busy` naming it and the plugin. */
  tryAcquire(pluginId: string, name: string): Disposable {
    const state = this.state(pluginId, name);
    if (state.held) {
      throw new FugueError({ code: 'busy', message: `lock "${name}" is held by another instance of ${pluginId}; try again once it is released`, plugin: { pluginId } });
    }
    state.held = true;
    return this.holder(pluginId, name, state);
  }

  /** Waits for the lock; rejects with `busy` when `signal` aborts first. */
  acquire(pluginId: string, name: string, signal?: AbortSignal): Promise<Disposable> {
    const state = this.state(pluginId, name);
    if (!state.held) return Promise.resolve(this.tryAcquire(pluginId, name));
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', abort);
        state.held = true;
        resolve(this.holder(pluginId, name, state));
      };
      const abort = (): void => {
        state.queue = state.queue.filter((waiter) => waiter !== grant);
        reject(new FugueError({ code: 'busy', message: `gave up waiting for lock "${name}" of ${pluginId}`, plugin: { pluginId } }));
      };
      if (signal?.aborted) return abort();
      signal?.addEventListener('abort', abort, { once: true });
      state.queue.push(grant);
    });
  }

  isHeld(pluginId: string, name: string): boolean {
    return this.locks.get(key(pluginId, name))?.held ?? false;
  }

  private holder(pluginId: string, name: string, state: LockState): Disposable {
    return toDisposable(() => {
      const next = state.queue.shift();
      if (next) return next();
      state.held = false;
      this.locks.delete(key(pluginId, name));
    });
  }

  private state(pluginId: string, name: string): LockState {
    let state = this.locks.get(key(pluginId, name));
    if (!state) {
      state = { held: false, queue: [] };
      this.locks.set(key(pluginId, name), state);
    }
    return state;
  }
}

const key = (pluginId: string, name: string): string => `${pluginId}\u0000${name}`;
