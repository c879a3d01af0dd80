/**
 * `fugue plugin config <id> <type-id> [key=value...]`: shows an ability's settings (each
 * field, its saved or default value, and its bounds), or saves new values over the saved
 * ones after checking them against the ability's schema. The plugin gets them when it
 * next starts.
 */
import { parseSettingText, settingFields, type SettingValue } from '../../src-shared/settings/settings.ts';
import { EXIT, dataDirOf, printFailure, withCatalog, withServices, type CliIo } from './plugin-cli-support.ts';
import { parseArgs } from 'node:util';

export const CONFIG_USAGE = 'usage: fugue plugin config <id> <type-id> [key=value]... [--data-dir <dir>]';

export async function runPluginConfig(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: { 'data-dir': { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (error) {
    io.err(`${(error as Error).message}\n${CONFIG_USAGE}`);
    return EXIT.usage;
  }
  const [pluginId, typeId, ...assignments] = parsed.positionals;
  if (pluginId === undefined || typeId === undefined) {
    io.err(`missing argument\n${CONFIG_USAGE}`);
    return EXIT.usage;
  }
  const dataDir = dataDirOf({ values: parsed.values, positionals: parsed.positionals });
  const schema = await withCatalog(dataDir, (catalog) => catalog?.currentVersion(pluginId)?.manifest.components.flatMap((component) => component.abilities).find((ability) => ability.type_id === typeId)?.config_schema);
  try {
    if (assignments.length === 0) return await show(dataDir, pluginId, typeId, schema, io);
    const updates = Object.fromEntries(assignments.map((text) => parseSettingText(schema, text)).map(({ key, value }) => [key, value]));
    await withServices(dataDir, async (services) => {
      await services.saveSettings(pluginId, typeId, { ...services.catalog.config.get(pluginId, typeId), ...updates });
    });
    io.out(`saved the settings of ${pluginId}/${typeId}; the plugin uses them from its next start`);
    return EXIT.ok;
  } catch (error) {
    return printFailure(io, 'config', error);
  }
}

async function show(dataDir: string, pluginId: string, typeId: string, schema: Record<string, unknown> | undefined, io: CliIo): Promise<number> {
  const saved = await withCatalog(dataDir, (catalog) => catalog?.config.get(pluginId, typeId) ?? {});
  if (schema === undefined) {
    io.err(`fugue plugin config: ${pluginId} is not installed or has no settings for "${typeId}"; "fugue plugin info ${pluginId}" lists its abilities`);
    return EXIT.failed;
  }
  for (const field of settingFields(schema)) {
    const value: SettingValue | undefined = field.key in saved ? saved[field.key] : field.default;
    const origin = field.key in saved ? 'saved' : 'default';
    const bounds = [field.minimum === undefined ? '' : `min ${field.minimum}`, field.maximum === undefined ? '' : `max ${field.maximum}`, field.choices === undefined ? '' : `one of ${field.choices.join('|')}`].filter((text) => text !== '').join(', ');
    io.out(`${field.key} = ${JSON.stringify(value) ?? '(unset)'}  (${origin}; ${field.type}${bounds === '' ? '' : `, ${bounds}`})  ${field.title}`);
  }
  return EXIT.ok;
}
