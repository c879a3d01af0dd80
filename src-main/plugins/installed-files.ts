/**
 * The files of installed versions: choosing a fresh install folder, reading a version
 * back (verified against its receipt) for the runtime, and removing folders so that a
 * half-removed package is never left where the catalog looks.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Catalog } from '../state/catalog.ts';
import type { VersionRecord } from '../state/catalog-types.ts';
import type { PluginDataLayout } from './data-layout.ts';
import type { PluginToStart } from './plugin-host.ts';
import { verifyReceipt, type VerifiedFiles } from './receipt.ts';

/** `plugins/<id>/<version>` relative to the data folder, or `<version>-2`, `-3`… when that is taken. */
export function freshInstallDir(layout: PluginDataLayout, catalog: Catalog, pluginId: string, version: string): string {
  const taken = new Set(catalog.allVersions().map((record) => record.installDir));
  for (let attempt = 1; ; attempt++) {
    const relative = layout.relativeInstallDir(pluginId, attempt === 1 ? version : `${version}-${attempt}`);
    if (!taken.has(relative) && !existsSync(layout.absolute(relative))) return relative;
  }
}

/** Reads an installed version, checking every file against its receipt, as the host starts it. */
export async function readInstalledVersion(layout: PluginDataLayout, catalog: Catalog, record: VersionRecord): Promise<PluginToStart> {
  return { ...componentsOf(record.manifest, await verifyInstalledVersion(layout, catalog, record)), root: layout.absolute(record.installDir) };
}

/** Every file of an installed version, each checked against its receipt (throws `modified-on-disk`). */
export function verifyInstalledVersion(layout: PluginDataLayout, catalog: Catalog, record: VersionRecord): Promise<VerifiedFiles> {
  const receipt = catalog.receipt(record.pluginId, record.version);
  return verifyReceipt(layout.absolute(record.installDir), receipt, { pluginId: record.pluginId, version: record.version });
}

/** The component bytes a host start needs, by component id, from a package's files. */
export function componentsOf(manifest: VersionRecord['manifest'], files: ReadonlyMap<string, Uint8Array>): PluginToStart {
  const components = new Map<string, Uint8Array>();
  for (const component of manifest.components) {
    const bytes = files.get(component.path);
    if (bytes !== undefined) components.set(component.id, bytes);
  }
  return { manifest, components };
}

/**
 * Removes a folder: renamed into the trash first (one atomic step out of place), then
 * deleted. Returns false when it could not be removed; the trash is emptied at startup.
 */
export async function removeFolder(layout: PluginDataLayout, dir: string): Promise<boolean> {
  if (!existsSync(dir)) return true;
  const doomed = join(layout.trashDir, randomUUID());
  try {
    await mkdir(layout.trashDir, { recursive: true });
    await rename(dir, doomed);
  } catch {
    return false;
  }
  await rm(doomed, { recursive: true, force: true }).catch(() => undefined);
  return true;
}
