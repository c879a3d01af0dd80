/**
 * Built-in plugins: packages shipped with the app (the built `plugins/*`), installed at
 * first start and updated when the app ships a newer one. They can be disabled, never
 * uninstalled; a user's choice to disable one is kept across updates.
 */
import semver from 'semver';
import { toFugueErrorData, type FugueErrorData } from '../../src-shared/errors.ts';
import { MANIFEST_ROOT, parseManifestText, type PluginManifest } from '../../src-shared/manifest/index.ts';
import type { Catalog } from '../state/catalog.ts';
import type { Installer } from './installer.ts';
import { DEFAULT_PACKAGE_LIMITS, openPackage } from './package-files.ts';

/** What happened to one built-in package. */
export interface BuiltinOutcome {
  package: string;
  pluginId: string | undefined;
  action: 'installed' | 'updated' | 'up-to-date' | 'failed';
  error?: FugueErrorData;
}

/** Installs each built-in package that is missing or older than the one shipped. */
export async function installBuiltins(packages: readonly string[], catalog: Catalog, installer: Installer): Promise<BuiltinOutcome[]> {
  const outcomes: BuiltinOutcome[] = [];
  for (const path of packages) {
    let manifest: PluginManifest | undefined;
    try {
      manifest = await readPackageManifest(path);
      const installed = catalog.getPlugin(manifest.id);
      if (installed?.version !== undefined && !semver.gt(manifest.version, installed.version)) {
        outcomes.push({ package: path, pluginId: manifest.id, action: 'up-to-date' });
        continue;
      }
      await installer.install({ kind: 'path', path }, { builtin: true });
      outcomes.push({ package: path, pluginId: manifest.id, action: installed === undefined ? 'installed' : 'updated' });
    } catch (error) {
      outcomes.push({ package: path, pluginId: manifest?.id, action: 'failed', error: toFugueErrorData(error) });
    }
  }
  return outcomes;
}

/** Just the manifest of a package (no component checks), to decide whether to install it. */
export async function readPackageManifest(path: string): Promise<PluginManifest> {
  const opened = await openPackage(path);
  if (!opened.ok) throw new Error(opened.issues.map((issue) => issue.message).join('; '));
  try {
    const bytes = await opened.files.read(MANIFEST_ROOT, DEFAULT_PACKAGE_LIMITS.maxManifestBytes);
    const parsed = parseManifestText(new TextDecoder().decode(bytes));
    if (!parsed.ok) throw new Error(parsed.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '));
    return parsed.manifest;
  } finally {
    await opened.files.dispose();
  }
}
