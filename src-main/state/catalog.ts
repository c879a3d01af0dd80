/**
 * The plugin catalog: one SQLite file (WAL) holding installed plugins and their
 * versions, file receipts, desired and lifecycle state, the event log, config,
 * permission grants, KV, and this installation's id. Every multi-row change runs in
 * one transaction, so a killed process leaves either the old rows or the new ones.
 */
import { randomUUID } from 'node:crypto';
import { FugueError, type FugueErrorData } from '../../src-shared/errors.ts';
import type { PluginManifest } from '../../src-shared/manifest/index.ts';
import type { DesiredState, LifecycleState, PermissionGrant, PluginRecord, ReceiptEntry, SignatureState, VersionRecord } from './catalog-types.ts';
import type { Disposable } from '../../src-shared/disposable.ts';
import { CatalogChanges } from './catalog-changes.ts';
import { openDatabase, type SqliteDatabase } from './database.ts';
import { DevLinkStore } from './dev-links.ts';
import { parseJsonColumn } from './json-column.ts';
import { CATALOG_MIGRATIONS } from './migrations.ts';
import { PluginConfigStore } from './plugin-config.ts';
import { PluginEventLog, type NewPluginEvent } from './plugin-events.ts';
import { PluginKvStore } from './plugin-kv.ts';
import { PluginPermissionStore } from './plugin-permissions.ts';
import { TrustedKeyStore } from './trusted-keys.ts';

/** The catalog file inside a data folder. */
export const CATALOG_FILE = 'catalog.db';

/** Everything one install or update writes, committed together. */
export interface CommitVersion {
  manifest: PluginManifest;
  installDir: string;
  source: string;
  receipt: readonly ReceiptEntry[];
  /** How the package was signed (checked against the trust store at install). */
  signature?: SignatureState;
  builtin: boolean;
  grants: readonly Omit<PermissionGrant, 'decidedAt'>[];
  /** Lifecycle after the commit (`active` when the new version is already running). */
  lifecycle: LifecycleState;
  event: NewPluginEvent;
}

/** Fields of a plugin's state that change together. */
export interface StateChange {
  desired?: DesiredState;
  lifecycle?: LifecycleState;
  /** `null` clears it. */
  lastError?: FugueErrorData | null;
}

interface PluginRow {
  id: string;
  current_version: string | null;
  desired: DesiredState;
  lifecycle: LifecycleState;
  last_error: string | null;
  builtin: number;
  keep_data: number;
  installed_at: number;
  updated_at: number;
}

interface VersionRow {
  plugin_id: string;
  version: string;
  manifest: string;
  install_dir: string;
  source: string;
  installed_at: number;
  signature: string | null;
}

export class Catalog {
  readonly events: PluginEventLog;
  readonly config: PluginConfigStore;
  readonly permissions: PluginPermissionStore;
  /** Plugin project folders running in dev mode. */
  readonly devLinks: DevLinkStore;
  /** Publisher keys whose signatures make a plugin verified. */
  readonly trustedKeys: TrustedKeyStore;
  /** A random id made at first open: identifies this installation. */
  readonly instanceId: string;
  private closed = false;
  private readonly changes: CatalogChanges;

  private constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number,
  ) {
    this.changes = new CatalogChanges(db);
    const touched = this.changes.touched;
    this.events = new PluginEventLog(db, now, touched);
    this.config = new PluginConfigStore(db);
    this.permissions = new PluginPermissionStore(db, now, touched);
    this.devLinks = new DevLinkStore(db, now, touched);
    this.trustedKeys = new TrustedKeyStore(db, now);
    this.instanceId = this.readOrCreateInstanceId();
  }

  /** Opens (or creates) the catalog file and applies pending migrations. */
  static open(file: string, options: { now?: () => number } = {}): Catalog {
    return new Catalog(openDatabase(file, CATALOG_MIGRATIONS), options.now ?? Date.now);
  }

  /** Runs `work` in one transaction (nested calls join the outer one). */
  transaction<T>(work: () => T): T {
    return this.changes.transaction(work);
  }

  /**
   * Calls `listener` with a plugin's id after a committed change that concerns it: its
   * state, versions, removal, dev link, permission grants or event log. A transaction
   * reports each plugin once, after it commits; the listener reads the catalog for the rest.
   */
  onChange(listener: (pluginId: string) => void): Disposable {
    return this.changes.on(listener);
  }

  listPlugins(): PluginRecord[] {
    return (this.db.prepare('SELECT * FROM plugins ORDER BY id').all() as PluginRow[]).map(toPluginRecord);
  }

  getPlugin(id: string): PluginRecord | undefined {
    const row = this.db.prepare('SELECT * FROM plugins WHERE id = ?').get(id) as PluginRow | undefined;
    return row === undefined ? undefined : toPluginRecord(row);
  }

  /** The plugin, or a `not-found` error that says how to see what is installed. */
  requirePlugin(id: string): PluginRecord {
    const plugin = this.getPlugin(id);
    if (plugin === undefined) {
      throw new FugueError({ code: 'not-found', message: `no plugin "${id}" is installed; "fugue plugin list" shows the installed ones`, plugin: { pluginId: id } });
    }
    return plugin;
  }

  /** The installed version of a plugin (its current one). */
  currentVersion(id: string): VersionRecord | undefined {
    const row = this.db
      .prepare('SELECT v.* FROM plugin_versions v JOIN plugins p ON p.id = v.plugin_id AND p.current_version = v.version WHERE p.id = ?')
      .get(id) as VersionRow | undefined;
    return row === undefined ? undefined : toVersionRecord(row);
  }

  /** Every version row, current or not (a non-current one is left over from an interrupted update). */
  allVersions(): VersionRecord[] {
    return (this.db.prepare('SELECT * FROM plugin_versions ORDER BY plugin_id, version').all() as VersionRow[]).map(toVersionRecord);
  }

  receipt(id: string, version: string): ReceiptEntry[] {
    return this.db
      .prepare('SELECT path, size, sha256 FROM receipts WHERE plugin_id = ? AND version = ? ORDER BY path')
      .all(id, version) as ReceiptEntry[];
  }

  /** Which installed plugin provides the ability `(kind, typeId)`, if any. */
  abilityOwner(kind: string, typeId: string): { pluginId: string; component: string } | undefined {
    const row = this.db.prepare('SELECT plugin_id, component FROM abilities WHERE kind = ? AND type_id = ?').get(kind, typeId) as
      | { plugin_id: string; component: string }
      | undefined;
    return row === undefined ? undefined : { pluginId: row.plugin_id, component: row.component };
  }

  /** Records that a first install of `id` is about to place files (see `installing`). */
  beginFirstInstall(id: string, builtin: boolean): void {
    const at = this.now();
    this.db
      .prepare("INSERT INTO plugins (id, desired, lifecycle, builtin, installed_at, updated_at) VALUES (?, 'enabled', 'installing', ?, ?, ?)")
      .run(id, builtin ? 1 : 0, at, at);
    this.changes.touched(id);
  }

  /**
   * Makes `input.manifest.version` the plugin's current version in one transaction:
   * the version and its receipt, abilities, permissions and an event. Other version rows
   * of the plugin are deleted; returns them so the caller removes their files.
   */
  commitVersion(input: CommitVersion): VersionRecord[] {
    const { manifest } = input;
    return this.transaction(() => {
      const at = this.now();
      const existing = this.getPlugin(manifest.id);
      if (existing === undefined) {
        this.db
          .prepare('INSERT INTO plugins (id, desired, lifecycle, builtin, installed_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
          .run(manifest.id, 'enabled', input.lifecycle, input.builtin ? 1 : 0, at, at);
      }
      const replaced = this.allVersions().filter((version) => version.pluginId === manifest.id);
      this.db.prepare('UPDATE plugins SET current_version = NULL WHERE id = ?').run(manifest.id);
      this.db.prepare('DELETE FROM plugin_versions WHERE plugin_id = ?').run(manifest.id);
      this.db
        .prepare('INSERT INTO plugin_versions (plugin_id, version, manifest, install_dir, source, installed_at, signature) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(manifest.id, manifest.version, JSON.stringify(manifest), input.installDir, input.source, at, input.signature === undefined ? null : JSON.stringify(input.signature));
      const insertFile = this.db.prepare('INSERT INTO receipts (plugin_id, version, path, size, sha256) VALUES (?, ?, ?, ?, ?)');
      for (const file of input.receipt) insertFile.run(manifest.id, manifest.version, file.path, file.size, file.sha256);
      this.replaceAbilities(manifest);
      this.permissions.replace(manifest.id, input.grants);
      this.db
        .prepare('UPDATE plugins SET current_version = ?, lifecycle = ?, last_error = NULL, builtin = MAX(builtin, ?), updated_at = ? WHERE id = ?')
        .run(manifest.version, input.lifecycle, input.builtin ? 1 : 0, at, manifest.id);
      this.events.add(manifest.id, { ...input.event, version: manifest.version });
      this.changes.touched(manifest.id);
      return replaced.filter((version) => version.installDir !== input.installDir);
    });
  }

  /** Changes desired and/or lifecycle state (and the last error). */
  setState(id: string, change: StateChange): void {
    const current = this.requirePlugin(id);
    const lastError = change.lastError === undefined ? current.lastError : change.lastError ?? undefined;
    this.db
      .prepare('UPDATE plugins SET desired = ?, lifecycle = ?, last_error = ?, updated_at = ? WHERE id = ?')
      .run(change.desired ?? current.desired, change.lifecycle ?? current.lifecycle, lastError === undefined ? null : JSON.stringify(lastError), this.now(), id);
    this.changes.touched(id);
  }

  /** Marks a plugin for removal; {@link deletePlugin} finishes it (now or at the next start). */
  markPendingUninstall(id: string, keepData: boolean): void {
    this.db
      .prepare("UPDATE plugins SET lifecycle = 'pending-uninstall', keep_data = ?, updated_at = ? WHERE id = ?")
      .run(keepData ? 1 : 0, this.now(), id);
    this.changes.touched(id);
  }

  /** Removes a plugin's rows (versions, receipts, abilities, permissions), and its config and KV unless `keepData`. */
  deletePlugin(id: string, options: { keepData: boolean }): void {
    this.transaction(() => {
      this.db.prepare('DELETE FROM plugins WHERE id = ?').run(id);
      if (!options.keepData) {
        this.config.deleteAll(id);
        this.db.prepare('DELETE FROM plugin_kv WHERE plugin_id = ?').run(id);
      }
      this.changes.touched(id);
    });
  }

  /** Removes one version row (and its receipt). */
  deleteVersion(id: string, version: string): void {
    this.db.prepare('DELETE FROM plugin_versions WHERE plugin_id = ? AND version = ?').run(id, version);
    this.changes.touched(id);
  }

  /** The plugin's key-value store, limited by its granted storage quota. */
  kv(pluginId: string): PluginKvStore {
    return new PluginKvStore(this.db, pluginId, () => this.permissions.storageQuotaBytes(pluginId));
  }

  /** Whether the catalog can still be read and written (not closed). */
  get isOpen(): boolean {
    return !this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  /** {@link close}, for a DisposableStore. */
  dispose(): void {
    this.close();
  }

  private replaceAbilities(manifest: PluginManifest): void {
    this.db.prepare('DELETE FROM abilities WHERE plugin_id = ?').run(manifest.id);
    const insert = this.db.prepare('INSERT INTO abilities (kind, type_id, plugin_id, component) VALUES (?, ?, ?, ?)');
    for (const component of manifest.components) {
      for (const ability of component.abilities) insert.run(ability.kind, ability.type_id, manifest.id, component.id);
    }
  }

  private readOrCreateInstanceId(): string {
    const existing = this.db.prepare("SELECT value FROM installation WHERE key = 'instance_id'").pluck().get() as string | undefined;
    if (existing !== undefined) return existing;
    const id = randomUUID();
    this.db.prepare("INSERT OR IGNORE INTO installation (key, value) VALUES ('instance_id', ?)").run(id);
    return this.db.prepare("SELECT value FROM installation WHERE key = 'instance_id'").pluck().get() as string;
  }
}

function toPluginRecord(row: PluginRow): PluginRecord {
  return {
    id: row.id,
    version: row.current_version ?? undefined,
    desired: row.desired,
    lifecycle: row.lifecycle,
    lastError: row.last_error === null ? undefined : parseJsonColumn<FugueErrorData>(row.last_error),
    builtin: row.builtin === 1,
    keepData: row.keep_data === 1,
    installedAt: row.installed_at,
    updatedAt: row.updated_at,
  };
}

const UNSIGNED: SignatureState = { state: 'unverified', reason: 'the package is not signed' };

function toVersionRecord(row: VersionRow): VersionRecord {
  return {
    pluginId: row.plugin_id,
    version: row.version,
    manifest: parseJsonColumn<PluginManifest>(row.manifest),
    installDir: row.install_dir,
    source: row.source,
    installedAt: row.installed_at,
    signature: row.signature === null ? UNSIGNED : parseJsonColumn<SignatureState>(row.signature),
  };
}
