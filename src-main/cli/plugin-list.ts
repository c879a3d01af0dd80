/**
 * `fugue plugin list [--json]` and `fugue plugin info <id> [--json]`: what is installed,
 * in what state, and why a plugin that failed did so, and (info) the component metrics
 * of this process. Read-only: they never lock or change the data folder.
 */
import type { FugueErrorData } from '../../src-shared/errors.ts';
import { describeMetrics } from '../scheduler/metrics-format.ts';
import type { ComponentMetrics } from '../scheduler/types.ts';
import type { Catalog } from '../state/catalog.ts';
import { permissionKey, type PluginRecord } from '../state/catalog-types.ts';
import type { DevLinkRecord } from '../state/dev-links.ts';
import { describePermission } from '../plugins/consent.ts';
import { currentSignatureState } from '../plugins/signature.ts';
import { EXIT, dataDirOf, formatTime, parseCommand, withCatalog, type CliIo } from './plugin-cli-support.ts';

export const LIST_USAGE = 'usage: fugue plugin list [--json] [--data-dir <dir>]';
export const INFO_USAGE = 'usage: fugue plugin info <id> [--json] [--data-dir <dir>]';

const JSON_FLAG = { json: { type: 'boolean' as const } };

export async function runPluginList(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(io, argv, LIST_USAGE, JSON_FLAG, 0);
  if (parsed === undefined) return EXIT.usage;
  return withCatalog(dataDirOf(parsed), (catalog) => {
    const rows = catalog === undefined ? [] : listRows(catalog);
    if (parsed.values.json === true) {
      io.out(JSON.stringify(rows, null, 2));
      return EXIT.ok;
    }
    if (rows.length === 0) {
      io.out('no plugins installed; "fugue plugin install <zip-or-folder>" installs one');
      return EXIT.ok;
    }
    const width = Math.max(...rows.map((row) => row.id.length));
    for (const row of rows) {
      const version = row.dev?.version ?? row.version ?? '-';
      const signature = row.dev === undefined ? row.signature.state : 'dev';
      io.out(`${row.id.padEnd(width)}  ${version.padEnd(8)}  ${signature.padEnd(10)}  ${row.dev === undefined ? stateText(row) : devText(row.dev, row.version)}`);
    }
    return EXIT.ok;
  });
}

/** Installed plugins and dev links, by id; a dev link overrides an installed copy of its id. */
function listRows(catalog: Catalog) {
  const links = new Map(catalog.devLinks.list().map((link) => [link.pluginId, link]));
  const installed = catalog.listPlugins().map((plugin) => ({
    ...summary(plugin),
    name: catalog.currentVersion(plugin.id)?.manifest.name,
    signature: signatureOf(catalog, plugin.id),
    dev: links.get(plugin.id),
  }));
  const devOnly = [...links.values()]
    .filter((link) => catalog.getPlugin(link.pluginId) === undefined)
    .map((link) => ({ id: link.pluginId, version: undefined, desired: 'enabled', lifecycle: 'active', builtin: false, lastError: undefined, name: undefined, signature: { state: 'unverified' as const, reason: 'runs from a dev folder' }, dev: link }));
  return [...installed, ...devOnly].sort((a, b) => a.id.localeCompare(b.id));
}

/** A dev link's state: where it runs from, what it overrides, and why the last change did not load. */
function devText(link: DevLinkRecord, installedVersion: string | undefined): string {
  const overrides = installedVersion === undefined ? '' : ` (overrides installed ${installedVersion})`;
  const refused = link.lastError === undefined ? '' : `; last change not loaded: ${link.lastError.message}`;
  return `dev from ${link.folder}${overrides}${refused}`;
}

/** Metrics of a plugin's components running in this process (empty when none run here). */
export type MetricsSource = (pluginId: string) => ComponentMetrics[];

/**
 * `metricsOf` reads the scheduler of the host in this process. The CLI starts no plugin
 * to answer `info`, so from the command line the list is empty: the app's calls are
 * counted in the app's own process.
 */
export async function runPluginInfo(argv: readonly string[], io: CliIo, metricsOf: MetricsSource = () => []): Promise<number> {
  const parsed = parseCommand(io, argv, INFO_USAGE, JSON_FLAG, 1);
  if (parsed === undefined) return EXIT.usage;
  const [id] = parsed.positionals as [string];
  return withCatalog(dataDirOf(parsed), (catalog) => {
    const plugin = catalog?.getPlugin(id);
    const link = catalog?.devLinks.get(id);
    if (plugin === undefined && link !== undefined) {
      const dev = { id, dev: link, metrics: { scope: 'this-process' as const, pid: process.pid, components: metricsOf(id) } };
      io.out(parsed.values.json === true ? JSON.stringify(dev, null, 2) : `${id} ${link.version ?? '-'}: ${devText(link, undefined)} (not installed)`);
      return EXIT.ok;
    }
    if (catalog === undefined || plugin === undefined) {
      io.err(`fugue plugin info: no plugin "${id}" is installed; "fugue plugin list" shows the installed ones`);
      return EXIT.failed;
    }
    const info = { ...details(catalog, plugin), metrics: { scope: 'this-process' as const, pid: process.pid, components: metricsOf(id) } };
    if (parsed.values.json === true) io.out(JSON.stringify(info, null, 2));
    else for (const line of infoLines(info)) io.out(line);
    return EXIT.ok;
  });
}

function summary(plugin: PluginRecord) {
  return {
    id: plugin.id,
    version: plugin.version,
    desired: plugin.desired,
    lifecycle: plugin.lifecycle,
    builtin: plugin.builtin,
    lastError: plugin.lastError,
  };
}

/** The signature state now (a removed key makes a verified version unverified at once). */
function signatureOf(catalog: Catalog, pluginId: string) {
  const stored = catalog.currentVersion(pluginId)?.signature ?? { state: 'unverified' as const, reason: 'no version is installed' };
  return currentSignatureState(stored, (keyId) => catalog.trustedKeys.get(keyId));
}

function details(catalog: Catalog, plugin: PluginRecord) {
  const version = catalog.currentVersion(plugin.id);
  const manifest = version?.manifest;
  return {
    ...summary(plugin),
    name: manifest?.name,
    description: manifest?.description,
    publisher: manifest?.publisher,
    installedAt: plugin.installedAt,
    updatedAt: plugin.updatedAt,
    installDir: version?.installDir,
    source: version?.source,
    signature: signatureOf(catalog, plugin.id),
    dev: catalog.devLinks.get(plugin.id),
    components: (manifest?.components ?? []).map((component) => ({
      id: component.id,
      world: component.world,
      abilities: component.abilities.map((ability) => `${ability.kind}:${ability.type_id}`),
    })),
    permissions: catalog.permissions.list(plugin.id).map((grant) => ({ key: permissionKey(grant), granted: grant.granted, description: describePermission(grant) })),
    storage: catalog.kv(plugin.id).usage(),
  };
}

function infoLines(info: ReturnType<typeof details> & { metrics: { pid: number; components: ComponentMetrics[] } }): string[] {
  const lines = [
    `${info.name ?? info.id} (${info.id} ${info.version ?? '-'})`,
    ...(info.description === undefined ? [] : [info.description]),
    `state:       ${stateText(info)}`,
    ...(info.dev === undefined ? [] : [`dev:         ${devText(info.dev, info.version)}`]),
    `installed:   ${formatTime(info.installedAt)} from ${info.source ?? '-'}`,
    `files:       ${info.installDir ?? '-'}`,
    `signature:   ${info.signature.state} (${info.signature.reason})`,
    'components:',
    ...info.components.map((component) => `  ${component.id} (${component.world}): ${component.abilities.join(', ')}`),
    `permissions:${info.permissions.length === 0 ? ' none' : ''}`,
    ...info.permissions.map((permission) => `  ${permission.granted ? 'granted    ' : 'not granted'}  ${permission.key} — ${permission.description}`),
    `storage:     ${info.storage.usedBytes} of ${info.storage.quotaBytes} bytes used`,
    `metrics:     of this process only (pid ${info.metrics.pid}); the app counts its calls in its own process`,
    ...(info.metrics.components.length === 0 ? ['  not running in this process'] : info.metrics.components.flatMap((metrics) => describeMetrics(metrics).map((line) => `  ${line}`))),
  ];
  return lines;
}

function stateText(plugin: { desired: string; lifecycle: string; builtin: boolean; lastError?: FugueErrorData | undefined }): string {
  const built = plugin.builtin ? ' (built-in)' : '';
  if (plugin.lifecycle === 'failed') return `failed${built}: ${plugin.lastError?.message ?? 'no reason recorded'}`;
  const wanted = plugin.lifecycle === 'active' || plugin.lifecycle === 'disabled' ? '' : ` (${plugin.desired})`;
  return `${plugin.lifecycle}${wanted}${built}`;
}
