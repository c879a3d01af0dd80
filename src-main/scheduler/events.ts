/**
 * A small typed event emitter: the scheduler's lifecycle, failure and restart events,
 * for the installer, the UI bridge and tests (which wait on named events, never sleeps).
 */
import type { Disposable } from '../../src-shared/disposable.ts';

type Listener<T> = (event: T) => void;

export class TypedEmitter<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<Listener<never>>>();

  /** Subscribes; dispose the result to unsubscribe. */
  on<K extends keyof Events>(name: K, listener: Listener<Events[K]>): Disposable {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(listener as Listener<never>);
    return { dispose: () => void set.delete(listener as Listener<never>) };
  }

  /** Resolves with the next `name` event that satisfies `matches`. */
  next<K extends keyof Events>(name: K, matches: (event: Events[K]) => boolean = () => true): Promise<Events[K]> {
    return new Promise((resolve) => {
      const subscription = this.on(name, (event) => {
        if (!matches(event)) return;
        subscription.dispose();
        resolve(event);
      });
    });
  }

  emit<K extends keyof Events>(name: K, event: Events[K]): void {
    for (const listener of [...(this.listeners.get(name) ?? [])]) {
      try {
        (listener as Listener<Events[K]>)(event);
      } catch (error) {
        // A subscriber's bug must not break scheduling; it still gets reported.
        process.emitWarning(`a scheduler event listener for "${String(name)}" threw: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
