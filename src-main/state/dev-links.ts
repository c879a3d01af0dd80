/**
 * Dev links: plugin project folders running in dev mode, so lists and tools can say a
 * plugin is `dev` and where its files are. A link lasts while its watcher runs.
 */
import type { FugueErrorData } from '../../src-shared/errors.ts';
import type { SqliteDatabase } from './database.ts';
import { parseJsonColumn } from './json-column.ts';

export interface DevLinkRecord {
  pluginId: string;
  folder: string;
  /** The version now running from the folder, if one started. */
  version: string | undefined;
  linkedAt: number;
  /** Why the latest change to the folder was not loaded, until a later one loads. */
  lastError: FugueErrorData | undefined;
}

interface DevLinkRow {
  plugin_id: string;
  folder: string;
  version: string | null;
  linked_at: number;
  last_error: string | null;
}

export class DevLinkStore {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number,
    /** Reports a write concerning the plugin (see catalog-changes.ts). */
    private readonly touched: (pluginId: string) => void = () => undefined,
  ) {}

  get(pluginId: string): DevLinkRecord | undefined {
    const row = this.db.prepare('SELECT * FROM dev_links WHERE plugin_id = ?').get(pluginId) as DevLinkRow | undefined;
    return row === undefined ? undefined : toRecord(row);
  }

  list(): DevLinkRecord[] {
    return (this.db.prepare('SELECT * FROM dev_links ORDER BY plugin_id').all() as DevLinkRow[]).map(toRecord);
  }

  /** Records (or replaces) the link of `pluginId` to `folder`, running `version`. */
  link(pluginId: string, folder: string, version: string): void {
    this.db
      .prepare('INSERT INTO dev_links (plugin_id, folder, version, linked_at, last_error) VALUES (?, ?, ?, ?, NULL) ON CONFLICT (plugin_id) DO UPDATE SET folder = excluded.folder, version = excluded.version, linked_at = excluded.linked_at, last_error = NULL')
      .run(pluginId, folder, version, this.now());
    this.touched(pluginId);
  }

  /** Records the outcome of a reload: the version now running, or the error that kept the old one. */
  setOutcome(pluginId: string, outcome: { version: string } | { error: FugueErrorData }): void {
    if ('version' in outcome) this.db.prepare('UPDATE dev_links SET version = ?, last_error = NULL WHERE plugin_id = ?').run(outcome.version, pluginId);
    else this.db.prepare('UPDATE dev_links SET last_error = ? WHERE plugin_id = ?').run(JSON.stringify(outcome.error), pluginId);
    this.touched(pluginId);
  }

  unlink(pluginId: string): void {
    this.db.prepare('DELETE FROM dev_links WHERE plugin_id = ?').run(pluginId);
    this.touched(pluginId);
  }
}

function toRecord(row: DevLinkRow): DevLinkRecord {
  return {
    pluginId: row.plugin_id,
    folder: row.folder,
    version: row.version ?? undefined,
    linkedAt: row.linked_at,
    lastError: row.last_error === null ? undefined : parseJsonColumn<FugueErrorData>(row.last_error),
  };
}
