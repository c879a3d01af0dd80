/** The trust store: publisher ed25519 keys whose signatures make a plugin `verified`. */
import type { TrustedKey } from './catalog-types.ts';
import type { SqliteDatabase } from './database.ts';

interface KeyRow {
  key_id: string;
  publisher: string;
  public_key: string;
  added_at: number;
}

export class TrustedKeyStore {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number,
  ) {}

  /** Adds (or renames the publisher of) a key. */
  add(key: Omit<TrustedKey, 'addedAt'>): TrustedKey {
    const at = this.now();
    this.db
      .prepare('INSERT INTO trusted_keys (key_id, publisher, public_key, added_at) VALUES (?, ?, ?, ?) ON CONFLICT (key_id) DO UPDATE SET publisher = excluded.publisher')
      .run(key.keyId, key.publisher, key.publicKeyPem, at);
    return this.get(key.keyId) as TrustedKey;
  }

  list(): TrustedKey[] {
    return (this.db.prepare('SELECT * FROM trusted_keys ORDER BY publisher, key_id').all() as KeyRow[]).map(toKey);
  }

  get(keyId: string): TrustedKey | undefined {
    const row = this.db.prepare('SELECT * FROM trusted_keys WHERE key_id = ?').get(keyId) as KeyRow | undefined;
    return row === undefined ? undefined : toKey(row);
  }

  /** Removes a key; returns whether it was there. */
  remove(keyId: string): boolean {
    return this.db.prepare('DELETE FROM trusted_keys WHERE key_id = ?').run(keyId).changes > 0;
  }
}

function toKey(row: KeyRow): TrustedKey {
  return { keyId: row.key_id, publisher: row.publisher, publicKeyPem: row.public_key, addedAt: row.added_at };
}
