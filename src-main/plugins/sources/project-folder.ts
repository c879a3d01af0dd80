/**
 * A plugin project folder (dev mode) seen as the package it would build: `plugin.json`
 * and each declared component, taken from `dist/<path>` where the build pipeline puts it
 * (or from `<path>` in a folder that is already a package). Sources, notes and other
 * files are left out, as `packPlugin` leaves them out of a `.zip`. The folder is
 * opened with every check a folder package gets (no links, devices or escapes).
 */
import { openPackage, type OpenPackageResult, type PackageEntry, type PackageFiles, type PackageLimits } from '../package-files.ts';

/** Where the SDK's build writes component files inside a plugin project. */
const BUILD_FOLDER = 'dist';
const MANIFEST = 'plugin.json';

export async function openProjectFolder(folder: string, limits: PackageLimits): Promise<OpenPackageResult> {
  const opened = await openPackage(folder, limits);
  if (!opened.ok || opened.files.format !== 'folder') return opened;
  const files = opened.files;
  const paths = await declaredComponentPaths(files, limits);
  // Unreadable manifest: validation of the plain folder says what is wrong with it.
  if (paths === undefined) return opened;
  const mapping = new Map<string, string>([[MANIFEST, MANIFEST]]);
  for (const path of paths) {
    const built = `${BUILD_FOLDER}/${path}`;
    mapping.set(path, files.entries.get(built)?.kind === 'file' ? built : path);
  }
  const entries = new Map<string, PackageEntry>();
  for (const [path, real] of mapping) {
    const entry = files.entries.get(real);
    if (entry !== undefined) entries.set(path, { ...entry, path });
  }
  const view: PackageFiles = {
    format: 'folder',
    source: folder,
    entries,
    read: (path, maxBytes) => files.read(mapping.get(path) ?? path, maxBytes),
    dispose: () => files.dispose(),
  };
  return { ok: true, files: view };
}

async function declaredComponentPaths(files: PackageFiles, limits: PackageLimits): Promise<string[] | undefined> {
  try {
    const manifest = JSON.parse(new TextDecoder().decode(await files.read(MANIFEST, limits.maxManifestBytes))) as { components?: unknown };
    if (!Array.isArray(manifest.components)) return undefined;
    return manifest.components.flatMap((component: unknown) => {
      const path = (component as { path?: unknown } | null)?.path;
      return typeof path === 'string' ? [path] : [];
    });
  } catch {
    return undefined;
  }
}
