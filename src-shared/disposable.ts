/**
 * Deterministic release of long-lived things (workers, sidecars, watchers, DB handles).
 * Modelled on VS Code's `lifecycle.ts`, minus the leak-tracking globals.
 */

/** Something that holds a resource until `dispose()` is called. */
export interface Disposable {
  dispose(): void | Promise<void>;
}

/** Wraps a callback as a {@link Disposable} that runs at most once. */
export function toDisposable(release: () => void | Promise<void>): Disposable {
  let released = false;
  return {
    dispose() {
      if (released) return;
      released = true;
      return release();
    },
  };
}

/**
 * Owns disposables and releases them in reverse order of registration. Adding to a
 * disposed store disposes the newcomer at once, so nothing outlives its owner.
 */
export class DisposableStore implements Disposable {
  private readonly items: Disposable[] = [];
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  get size(): number {
    return this.items.length;
  }

  add<T extends Disposable>(item: T): T {
    if (this.disposed) {
      void item.dispose();
    } else {
      this.items.push(item);
    }
    return item;
  }

  /** Forgets `item` without disposing it (its owner changed). */
  delete(item: Disposable): void {
    const index = this.items.indexOf(item);
    if (index >= 0) this.items.splice(index, 1);
  }

  /** Releases everything; collects failures and reports them together after trying all. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const failures: unknown[] = [];
    while (this.items.length > 0) {
      const item = this.items.pop() as Disposable;
      try {
        await item.dispose();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new AggregateError(failures, `${failures.length} disposables failed to release`);
  }
}
