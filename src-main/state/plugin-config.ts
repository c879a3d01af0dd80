/**
 * Per-plugin configuration: the values the user saved for each ability (keyed by the
 * ability's type id), as JSON values. Kept across updates; removed with the plugin
 * unless the user keeps its data.
 */
import type { SqliteDatabase } from './database.ts';
import { parseJsonColumn } from './json-column.ts';

/** A saved setting value (what an ability's JSON Schema allows). */
export type ConfigValue = boolean | number | string | string[];

export class PluginConfigStore {
  constructor(private readonly db: SqliteDatabase) {}

  /** Every saved value of one ability, by key. */
  get(pluginId: string, ability: string): Record<string, ConfigValue> {
    const rows = this.db
      .prepare('SELECT key, value FROM plugin_config WHERE plugin_id = ? AND ability = ? ORDER BY key')
      .all(pluginId, ability) as { key: string; value: string }[];
    return Object.fromEntries(rows.map((row) => [row.key, parseJsonColumn<ConfigValue>(row.value)]));
  }

  /** Replaces the saved values of one ability. */
  set(pluginId: string, ability: string, values: Record<string, ConfigValue>): void {
    const insert = this.db.prepare('INSERT INTO plugin_config (plugin_id, ability, key, value) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM plugin_config WHERE plugin_id = ? AND ability = ?').run(pluginId, ability);
      for (const [key, value] of Object.entries(values)) insert.run(pluginId, ability, key, JSON.stringify(value));
    })();
  }

  /** Removes everything saved for the plugin. */
  deleteAll(pluginId: string): void {
    this.db.prepare('DELETE FROM plugin_config WHERE plugin_id = ?').run(pluginId);
  }
}
