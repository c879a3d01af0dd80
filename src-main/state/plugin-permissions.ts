/**
 * What each plugin declared and what the user granted: one row per network host,
 * sidecar executable and storage quota. The scheduler's host services read this to
 * decide what a plugin may use; grants can be revoked and granted again at any time.
 */
import { FugueError } from '../../src-shared/errors.ts';
import { permissionKey, type PermissionGrant, type PermissionKind } from './catalog-types.ts';
import type { SqliteDatabase } from './database.ts';

interface PermissionRow {
  kind: string;
  target: string;
  quota_kb: number | null;
  reason: string;
  granted: number;
  decided_at: number;
}

export class PluginPermissionStore {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number,
    /** Reports a write concerning the plugin (see catalog-changes.ts). */
    private readonly touched: (pluginId: string) => void = () => undefined,
  ) {}

  /** Every declared permission of a plugin with its grant. */
  list(pluginId: string): PermissionGrant[] {
    const rows = this.db
      .prepare('SELECT * FROM permissions WHERE plugin_id = ? ORDER BY kind, target')
      .all(pluginId) as PermissionRow[];
    return rows.map((row) => ({
      kind: row.kind as PermissionKind,
      target: row.target,
      quotaKb: row.quota_kb ?? undefined,
      reason: row.reason,
      granted: row.granted === 1,
      decidedAt: row.decided_at,
    }));
  }

  /** Replaces a plugin's permissions (inside the install transaction). */
  replace(pluginId: string, grants: readonly Omit<PermissionGrant, 'decidedAt'>[]): void {
    this.db.prepare('DELETE FROM permissions WHERE plugin_id = ?').run(pluginId);
    const insert = this.db.prepare(
      'INSERT INTO permissions (plugin_id, kind, target, quota_kb, reason, granted, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const at = this.now();
    for (const grant of grants) {
      insert.run(pluginId, grant.kind, grant.target, grant.quotaKb ?? null, grant.reason, grant.granted ? 1 : 0, at);
    }
    this.touched(pluginId);
  }

  /**
   * Grants or revokes one declared permission by its key (`network:<host>`,
   * `sidecar:<executable>`, `storage`); returns the updated grant.
   */
  setGranted(pluginId: string, key: string, granted: boolean): PermissionGrant {
    const declared = this.list(pluginId);
    const match = declared.find((grant) => permissionKey(grant) === key);
    if (match === undefined) {
      const keys = declared.map(permissionKey);
      throw new FugueError({
        code: 'not-found',
        message: `${pluginId} does not declare the permission "${key}"; ${keys.length === 0 ? 'it declares none' : `it declares: ${keys.join(', ')}`}`,
        plugin: { pluginId },
      });
    }
    const at = this.now();
    this.db
      .prepare('UPDATE permissions SET granted = ?, decided_at = ? WHERE plugin_id = ? AND kind = ? AND target = ?')
      .run(granted ? 1 : 0, at, pluginId, match.kind, match.target);
    this.touched(pluginId);
    return { ...match, granted, decidedAt: at };
  }

  /** Whether `key` is declared and granted. */
  isGranted(pluginId: string, key: string): boolean {
    return this.list(pluginId).some((grant) => grant.granted && permissionKey(grant) === key);
  }

  /** The granted storage quota in bytes (0 when storage is not declared or not granted). */
  storageQuotaBytes(pluginId: string): number {
    const row = this.db
      .prepare("SELECT quota_kb FROM permissions WHERE plugin_id = ? AND kind = 'storage' AND granted = 1")
      .get(pluginId) as { quota_kb: number | null } | undefined;
    return (row?.quota_kb ?? 0) * 1024;
  }
}
