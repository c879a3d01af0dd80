/**
 * Builds the contract's views of plugins (list rows, details) from the catalog and the
 * scheduler, as `fugue plugin list/info` show them: a dev link overrides an installed copy.
 */
import type { AbilityKind } from '../../src-shared/manifest/constants.ts';
import type { PluginManifest } from '../../src-shared/manifest/index.ts';
import type { ComponentMetricsView, PermissionView, PluginDetails, PluginEventView, PluginSummary } from '../../src-shared/contract/plugins.ts';
import type { PluginServices } from '../app/plugin-services.ts';
import { describePermission } from '../plugins/consent.ts';
import { currentSignatureState } from '../plugins/signature.ts';
import type { Catalog } from '../state/catalog.ts';
import { permissionKey, type PermissionGrant, type PluginRecord } from '../state/catalog-types.ts';
import type { DevLinkRecord } from '../state/dev-links.ts';

/** The manifest of a running version by plugin id (PluginHost.manifestOf). */
export type RunningManifests = (pluginId: string) => PluginManifest | undefined;

/**
 * The manifest to show: a dev link's running version (a dev-only plugin has no catalog
 * version at all, and a linked one overrides the installed copy), else the installed one.
 */
function manifestOf(catalog: Catalog, pluginId: string, running: RunningManifests | undefined, linked: boolean): PluginManifest | undefined {
  const installed = catalog.currentVersion(pluginId)?.manifest;
  const live = running?.(pluginId);
  return linked ? live ?? installed : installed ?? live;
}

/** The manifest the details and settings of `pluginId` show (see manifestOf). */
export function shownManifest(services: PluginServices, pluginId: string): PluginManifest | undefined {
  return manifestOf(services.catalog, pluginId, (id) => services.host.manifestOf(id), services.catalog.devLinks.get(pluginId) !== undefined);
}

/** Every installed plugin and dev link as list rows, by id. */
export function listSummaries(catalog: Catalog, running?: RunningManifests): PluginSummary[] {
  const ids = new Set([...catalog.listPlugins().map((plugin) => plugin.id), ...catalog.devLinks.list().map((link) => link.pluginId)]);
  return [...ids]
    .sort()
    .map((id) => summaryOf(catalog, id, running))
    .filter((row) => row !== undefined);
}

/** The list row of `pluginId`, or undefined when it is neither installed nor linked. */
export function summaryOf(catalog: Catalog, pluginId: string, running?: RunningManifests): PluginSummary | undefined {
  const plugin = catalog.getPlugin(pluginId);
  const link = catalog.devLinks.get(pluginId);
  if (plugin === undefined && link === undefined) return undefined;
  const manifest = manifestOf(catalog, pluginId, running, link !== undefined);
  return {
    id: pluginId,
    name: manifest?.name,
    version: link?.version ?? plugin?.version,
    status: link !== undefined ? 'dev' : (plugin as PluginRecord).lifecycle,
    desired: plugin?.desired ?? 'enabled',
    builtin: plugin?.builtin ?? false,
    kinds: kindsOf(manifest),
    signature: link !== undefined ? { state: 'unverified', reason: 'runs from a dev folder' } : signatureOf(catalog, pluginId),
    dev: link === undefined ? undefined : devView(link),
    lastError: plugin?.lastError,
  };
}

/** The details pane of `pluginId`; undefined when unknown. */
export function detailsOf(services: PluginServices, pluginId: string, eventLimit = 200): PluginDetails | undefined {
  const { catalog } = services;
  const running: RunningManifests = (id) => services.host.manifestOf(id);
  const summary = summaryOf(catalog, pluginId, running);
  if (summary === undefined) return undefined;
  const plugin = catalog.getPlugin(pluginId);
  const version = catalog.currentVersion(pluginId);
  const manifest = manifestOf(catalog, pluginId, running, summary.dev !== undefined);
  return {
    ...summary,
    description: manifest?.description,
    publisher: manifest?.publisher,
    installedAt: plugin?.installedAt,
    updatedAt: plugin?.updatedAt,
    source: version?.source,
    components: (manifest?.components ?? []).map((component) => ({
      id: component.id,
      world: component.world,
      abilities: component.abilities.map((ability) => ({ kind: ability.kind, typeId: ability.type_id, displayName: ability.display_name, hasSettings: ability.config_schema !== undefined })),
    })),
    permissions: catalog.permissions.list(pluginId).map(permissionView),
    metrics: metricsOf(services, pluginId),
    events: eventsOf(catalog, pluginId, eventLimit),
  };
}

/** A grant as the details pane shows it. */
export function permissionView(grant: PermissionGrant): PermissionView {
  return { key: permissionKey(grant), kind: grant.kind, target: grant.target, quotaKb: grant.quotaKb, reason: grant.reason, granted: grant.granted, description: describePermission(grant) };
}

/** The newest `limit` events of a plugin's log, oldest first. */
export function eventsOf(catalog: Catalog, pluginId: string, limit: number): PluginEventView[] {
  return catalog.events.list(pluginId, limit).map((event) => ({ seq: event.seq, at: event.at, kind: event.kind, version: event.version, message: event.message, error: event.error }));
}

/** Counters of the plugin's components running in this process (empty when it does not run). */
export function metricsOf(services: PluginServices, pluginId: string): ComponentMetricsView[] {
  return services.runtime.scheduler.metricsOf(pluginId).map(({ pluginId: _id, strikes: _strikes, ...metrics }) => metrics);
}

function kindsOf(manifest: PluginManifest | undefined): AbilityKind[] {
  return [...new Set((manifest?.components ?? []).flatMap((component) => component.abilities.map((ability) => ability.kind)))];
}

function devView(link: DevLinkRecord) {
  return { folder: link.folder, version: link.version, linkedAt: link.linkedAt, lastError: link.lastError };
}

/** The signature state now (a removed key makes a verified version unverified at once). */
function signatureOf(catalog: Catalog, pluginId: string) {
  const stored = catalog.currentVersion(pluginId)?.signature ?? { state: 'unverified' as const, reason: 'no version is installed' };
  return currentSignatureState(stored, (keyId) => catalog.trustedKeys.get(keyId));
}
