/**
 * The catalog's schema, as numbered migrations. A released migration never changes;
 * a schema change is a new entry at the end.
 */
import type { Migration } from './database.ts';

export const CATALOG_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'plugin catalog',
    sql: `
      CREATE TABLE installation (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      -- One row per installed plugin id: what the user wants and what last happened.
      CREATE TABLE plugins (
        id TEXT PRIMARY KEY,
        current_version TEXT,
        desired TEXT NOT NULL CHECK (desired IN ('enabled', 'disabled')),
        lifecycle TEXT NOT NULL CHECK (lifecycle IN ('installing', 'active', 'disabled', 'failed', 'pending-uninstall')),
        last_error TEXT,
        builtin INTEGER NOT NULL DEFAULT 0,
        keep_data INTEGER NOT NULL DEFAULT 0,
        installed_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );

      -- An installed version's files live in install_dir (relative to the data folder).
      CREATE TABLE plugin_versions (
        plugin_id TEXT NOT NULL REFERENCES plugins (id) ON DELETE CASCADE,
        version TEXT NOT NULL,
        manifest TEXT NOT NULL,
        install_dir TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        installed_at INTEGER NOT NULL,
        PRIMARY KEY (plugin_id, version)
      );

      CREATE TABLE receipts (
        plugin_id TEXT NOT NULL,
        version TEXT NOT NULL,
        path TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        PRIMARY KEY (plugin_id, version, path),
        FOREIGN KEY (plugin_id, version) REFERENCES plugin_versions (plugin_id, version) ON DELETE CASCADE
      );

      -- Which plugin provides each (kind, type_id): two plugins may not claim the same one.
      CREATE TABLE abilities (
        kind TEXT NOT NULL,
        type_id TEXT NOT NULL,
        plugin_id TEXT NOT NULL REFERENCES plugins (id) ON DELETE CASCADE,
        component TEXT NOT NULL,
        PRIMARY KEY (kind, type_id)
      );

      CREATE TABLE permissions (
        plugin_id TEXT NOT NULL REFERENCES plugins (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('network', 'sidecar', 'storage')),
        target TEXT NOT NULL,
        quota_kb INTEGER,
        reason TEXT NOT NULL,
        granted INTEGER NOT NULL,
        decided_at INTEGER NOT NULL,
        PRIMARY KEY (plugin_id, kind, target)
      );

      -- Events, config and KV outlive an uninstall (the log explains it; data may be kept).
      CREATE TABLE plugin_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        plugin_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        kind TEXT NOT NULL,
        version TEXT,
        message TEXT NOT NULL,
        error TEXT
      );
      CREATE INDEX plugin_events_by_plugin ON plugin_events (plugin_id, seq);

      CREATE TABLE plugin_config (
        plugin_id TEXT NOT NULL,
        ability TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (plugin_id, ability, key)
      );

      CREATE TABLE plugin_kv (
        plugin_id TEXT NOT NULL,
        key TEXT NOT NULL,
        value BLOB NOT NULL,
        PRIMARY KEY (plugin_id, key)
      );
    `,
  },
  {
    version: 2,
    name: 'dev links',
    sql: `
      -- A plugin project folder linked in dev mode: while linked, it runs instead of any
      -- installed copy of the same id (which stays installed and returns when unlinked).
      CREATE TABLE dev_links (
        plugin_id TEXT PRIMARY KEY,
        folder TEXT NOT NULL,
        version TEXT,
        linked_at INTEGER NOT NULL,
        last_error TEXT
      );
    `,
  },
  {
    version: 3,
    name: 'publisher signatures',
    sql: `
      -- Publisher keys (ed25519, PEM) the user trusts; key_id is derived from the key.
      CREATE TABLE trusted_keys (
        key_id TEXT PRIMARY KEY,
        publisher TEXT NOT NULL,
        public_key TEXT NOT NULL,
        added_at INTEGER NOT NULL
      );

      -- How a version was signed when it was installed (JSON SignatureState); NULL for
      -- versions installed before signatures existed (shown as unverified).
      ALTER TABLE plugin_versions ADD COLUMN signature TEXT;
    `,
  },
];
