/**
 * Host startup for plugins: first make the disk agree with the catalog (an install,
 * update or uninstall killed half-way leaves the old state or completes the new one),
 * then verify and start every enabled plugin. One broken plugin never blocks the
 * others; each failure is recorded with its reason.
 */
import { existsSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { toFugueErrorData, type FugueErrorData } from '../../src-shared/errors.ts';
import type { Catalog } from '../state/catalog.ts';
import type { PluginDataLayout } from './data-layout.ts';
import { removeFolder, verifyInstalledVersion } from './installed-files.ts';
import type { Installer } from './installer.ts';

/** How one plugin came up. */
export interface StartupEntry {
  pluginId: string;
  version: string | undefined;
  state: 'active' | 'disabled' | 'failed' | 'pending-uninstall';
  error?: FugueErrorData;
}

/** Removes what interrupted operations left behind; the catalog is the truth. */
export async function reconcile(layout: PluginDataLayout, catalog: Catalog, installer: Installer): Promise<void> {
  await rm(layout.stagingDir, { recursive: true, force: true });
  await rm(layout.trashDir, { recursive: true, force: true });
  for (const plugin of catalog.listPlugins()) {
    if (plugin.lifecycle === 'installing' && plugin.version === undefined) catalog.deletePlugin(plugin.id, { keepData: true });
    else if (plugin.lifecycle === 'pending-uninstall') await installer.finishUninstall(plugin.id);
  }
  const current = new Map(catalog.listPlugins().map((plugin) => [plugin.id, plugin.version]));
  for (const version of catalog.allVersions()) {
    if (current.get(version.pluginId) !== version.version) catalog.deleteVersion(version.pluginId, version.version);
  }
  await removeUnreferencedFolders(layout, catalog);
}

/** Deletes `plugins/<id>/<folder>` folders that no catalog version points at. */
async function removeUnreferencedFolders(layout: PluginDataLayout, catalog: Catalog): Promise<void> {
  if (!existsSync(layout.pluginsDir)) return;
  const referenced = new Set(catalog.allVersions().map((version) => layout.absolute(version.installDir)));
  const pending = new Set(catalog.listPlugins().filter((plugin) => plugin.lifecycle === 'pending-uninstall').map((plugin) => plugin.id));
  for (const id of await readdir(layout.pluginsDir)) {
    if (pending.has(id)) continue;
    const folder = layout.pluginFolder(id);
    const children = await readdir(folder).catch(() => []);
    for (const child of children) {
      if (!referenced.has(join(folder, child))) await removeFolder(layout, join(folder, child));
    }
    if (!catalog.getPlugin(id)) await removeFolder(layout, folder);
  }
}

/**
 * Verifies every installed plugin against its receipt and starts the enabled ones,
 * `concurrency` at a time. Returns one entry per plugin.
 */
export async function startPlugins(catalog: Catalog, installer: Installer, layout: PluginDataLayout, concurrency = 4): Promise<StartupEntry[]> {
  const plugins = catalog.listPlugins();
  const entries: StartupEntry[] = [];
  let next = 0;
  const worker = async () => {
    while (next < plugins.length) {
      const plugin = plugins[next++];
      if (plugin !== undefined) entries.push(await installer.serialise(plugin.id, () => startOne(catalog, installer, layout, plugin.id)));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return entries.sort((a, b) => (a.pluginId < b.pluginId ? -1 : 1));
}

async function startOne(catalog: Catalog, installer: Installer, layout: PluginDataLayout, pluginId: string): Promise<StartupEntry> {
  const plugin = catalog.requirePlugin(pluginId);
  const base = { pluginId, version: plugin.version };
  if (plugin.lifecycle === 'pending-uninstall') return { ...base, state: 'pending-uninstall' };
  if (plugin.desired === 'disabled') return checkDisabled(catalog, layout, pluginId);
  try {
    // A built-in installed a moment ago is already running.
    if (installer.runningVersion(pluginId) !== plugin.version) await installer.load(plugin);
    catalog.setState(pluginId, { lifecycle: 'active', lastError: null });
    return { ...base, state: 'active' };
  } catch (error) {
    return { ...base, state: 'failed', error: toFugueErrorData(error) };
  }
}

/** A disabled plugin is verified but not started; a modified one is marked failed so the user sees it. */
async function checkDisabled(catalog: Catalog, layout: PluginDataLayout, pluginId: string): Promise<StartupEntry> {
  const plugin = catalog.requirePlugin(pluginId);
  const record = catalog.currentVersion(pluginId);
  try {
    if (record !== undefined) await verifyInstalledVersion(layout, catalog, record);
    if (plugin.lifecycle !== 'disabled') catalog.setState(pluginId, { lifecycle: 'disabled', lastError: null });
    return { pluginId, version: plugin.version, state: 'disabled' };
  } catch (error) {
    const data = toFugueErrorData(error);
    catalog.transaction(() => {
      catalog.setState(pluginId, { lifecycle: 'failed', lastError: data });
      catalog.events.add(pluginId, { kind: 'modified-on-disk', version: plugin.version, message: data.message, error: data });
    });
    return { pluginId, version: plugin.version, state: 'failed', error: data };
  }
}
