/**
 * A plugin's event log: lifecycle events and errors with their time, newest last.
 * Kept after an uninstall, so "why did it go?" still has an answer.
 */
import type { FugueErrorData } from '../../src-shared/errors.ts';
import type { PluginEvent, PluginEventKind } from './catalog-types.ts';
import type { SqliteDatabase } from './database.ts';
import { parseJsonColumn } from './json-column.ts';

/** What a caller records; the log adds the sequence number and time. */
export interface NewPluginEvent {
  kind: PluginEventKind;
  message: string;
  version?: string | undefined;
  error?: FugueErrorData | undefined;
}

interface EventRow {
  seq: number;
  plugin_id: string;
  at: number;
  kind: string;
  version: string | null;
  message: string;
  error: string | null;
}

export class PluginEventLog {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number,
    /** Reports a write concerning the plugin (see catalog-changes.ts). */
    private readonly touched: (pluginId: string) => void = () => undefined,
  ) {}

  add(pluginId: string, event: NewPluginEvent): void {
    this.db
      .prepare('INSERT INTO plugin_events (plugin_id, at, kind, version, message, error) VALUES (?, ?, ?, ?, ?, ?)')
      .run(pluginId, this.now(), event.kind, event.version ?? null, event.message, event.error === undefined ? null : JSON.stringify(event.error));
    this.touched(pluginId);
  }

  /** The most recent `limit` events of a plugin, oldest first. */
  list(pluginId: string, limit = 200): PluginEvent[] {
    const rows = this.db
      .prepare('SELECT * FROM (SELECT * FROM plugin_events WHERE plugin_id = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq')
      .all(pluginId, limit) as EventRow[];
    return rows.map((row) => ({
      seq: row.seq,
      pluginId: row.plugin_id,
      at: row.at,
      kind: row.kind as PluginEvent['kind'],
      version: row.version ?? undefined,
      message: row.message,
      error: row.error === null ? undefined : parseJsonColumn<FugueErrorData>(row.error),
    }));
  }
}
