/**
 * A plugin's key-value store, limited by the storage quota the user granted. Usage
 * counts the UTF-8 bytes of every key plus the bytes of every value. The `kv` host
 * service binds to this; what a plugin sees as `denied` or `quota-exceeded` starts here.
 */
import { FugueError } from '../../src-shared/errors.ts';
import type { SqliteDatabase } from './database.ts';

/** Longest key a plugin may use, in UTF-8 bytes. */
export const MAX_KV_KEY_BYTES = 1024;

export interface KvUsage {
  usedBytes: number;
  quotaBytes: number;
}

export class PluginKvStore {
  constructor(
    private readonly db: SqliteDatabase,
    readonly pluginId: string,
    /** Read at every write, so a revoked or changed grant applies at once. */
    private readonly quotaBytes: () => number,
  ) {}

  get(key: string): Uint8Array | undefined {
    const row = this.db.prepare('SELECT value FROM plugin_kv WHERE plugin_id = ? AND key = ?').get(this.pluginId, key) as
      | { value: Buffer }
      | undefined;
    return row === undefined ? undefined : new Uint8Array(row.value);
  }

  /** Stores `value` under `key`; refuses a write that would pass the quota, changing nothing. */
  set(key: string, value: Uint8Array): void {
    this.checkKey(key);
    this.db.transaction(() => {
      const quota = this.quotaBytes();
      if (quota === 0) {
        throw new FugueError({
          code: 'denied',
          message: `${this.pluginId} has no storage granted; grant its "storage" permission to let it save data`,
          plugin: { pluginId: this.pluginId },
        });
      }
      const previous = this.entryBytes(key);
      const after = this.usedBytes() - previous + Buffer.byteLength(key) + value.byteLength;
      if (after > quota) {
        throw new FugueError({
          code: 'quota-exceeded',
          message: `${this.pluginId} would use ${after} bytes of storage, past its ${quota}-byte quota; delete keys it no longer needs`,
          plugin: { pluginId: this.pluginId },
        });
      }
      this.db
        .prepare('INSERT INTO plugin_kv (plugin_id, key, value) VALUES (?, ?, ?) ON CONFLICT (plugin_id, key) DO UPDATE SET value = excluded.value')
        .run(this.pluginId, key, Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    })();
  }

  /** Removes `key`; returns whether it existed. */
  delete(key: string): boolean {
    return this.db.prepare('DELETE FROM plugin_kv WHERE plugin_id = ? AND key = ?').run(this.pluginId, key).changes > 0;
  }

  /** Keys starting with `prefix`, sorted. */
  listKeys(prefix = ''): string[] {
    const keys = this.db.prepare('SELECT key FROM plugin_kv WHERE plugin_id = ? ORDER BY key').pluck().all(this.pluginId) as string[];
    return prefix === '' ? keys : keys.filter((key) => key.startsWith(prefix));
  }

  usage(): KvUsage {
    return { usedBytes: this.usedBytes(), quotaBytes: this.quotaBytes() };
  }

  private usedBytes(): number {
    const row = this.db
      .prepare('SELECT COALESCE(SUM(LENGTH(CAST(key AS BLOB)) + LENGTH(value)), 0) AS used FROM plugin_kv WHERE plugin_id = ?')
      .get(this.pluginId) as { used: number };
    return row.used;
  }

  private entryBytes(key: string): number {
    const row = this.db.prepare('SELECT LENGTH(value) AS size FROM plugin_kv WHERE plugin_id = ? AND key = ?').get(this.pluginId, key) as
      | { size: number }
      | undefined;
    return row === undefined ? 0 : Buffer.byteLength(key) + row.size;
  }

  private checkKey(key: string): void {
    if (key === '' || Buffer.byteLength(key) > MAX_KV_KEY_BYTES) {
      throw new FugueError({
        code: 'invalid-argument',
        message: `a storage key must be 1 to ${MAX_KV_KEY_BYTES} bytes long (got ${Buffer.byteLength(key)})`,
        plugin: { pluginId: this.pluginId },
      });
    }
  }
}
