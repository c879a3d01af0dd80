/**
 * Tells listeners which plugin a committed catalog change concerned. A write inside a
 * transaction is only reported once the outermost transaction commits (a rolled-back one
 * reports nothing), and each plugin once per transaction; a write outside any transaction
 * is committed by itself and reported at once.
 */
import { toDisposable, type Disposable } from '../../src-shared/disposable.ts';
import type { SqliteDatabase } from './database.ts';

export type CatalogChangeListener = (pluginId: string) => void;

export class CatalogChanges {
  private readonly listeners = new Set<CatalogChangeListener>();
  private readonly pending = new Set<string>();

  constructor(private readonly db: SqliteDatabase) {}

  on(listener: CatalogChangeListener): Disposable {
    this.listeners.add(listener);
    return toDisposable(() => void this.listeners.delete(listener));
  }

  /** Records that a write concerning `pluginId` just ran (call it after the statement). */
  readonly touched = (pluginId: string): void => {
    this.pending.add(pluginId);
    if (!this.db.inTransaction) this.flush();
  };

  /** Runs `work` as a transaction; reports its plugins after the outermost one commits. */
  transaction<T>(work: () => T): T {
    const outermost = !this.db.inTransaction;
    let result: T;
    try {
      result = this.db.transaction(work)();
    } catch (error) {
      if (outermost) this.pending.clear();
      throw error;
    }
    if (outermost) this.flush();
    return result;
  }

  private flush(): void {
    const ids = [...this.pending];
    this.pending.clear();
    for (const id of ids) {
      for (const listener of [...this.listeners]) {
        try {
          listener(id);
        } catch {
          // A listener's failure must not undo or hide a committed change from the others.
        }
      }
    }
  }
}
