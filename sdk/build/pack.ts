/**
 * Packing a built plugin project into a `.zip` package: plugin.json at the root, each
 * component at its manifest path. Deterministic: sorted entries, fixed timestamps and modes,
 * so the same inputs give the same bytes.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import yazl from 'yazl';
import { normalizePackagePath } from '../../src-shared/manifest/index.ts';
import { DIST_DIR, readManifest } from './plugin.ts';

/** Every entry gets this timestamp (zip stores local time; 1980-01-01 is its epoch). */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
const FILE_MODE = 0o100644;
/** Declared sidecar executables keep an executable mode (the installer sets it itself too). */
const EXECUTABLE_MODE = 0o100755;

export interface PackedPlugin {
  path: string;
  bytes: number;
  entries: string[];
}

/** `<id>-<version>.zip`, the package file name of a manifest. */
export function packageFileName(manifest: { id: string; version: string }): string {
  return `${manifest.id}-${manifest.version}.zip`;
}

function zipEntries(entries: { name: string; data: Uint8Array; executable?: boolean }[]): Promise<Uint8Array> {
  const zip = new yazl.ZipFile();
  for (const entry of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    zip.addBuffer(Buffer.from(entry.data), entry.name, { mtime: FIXED_MTIME, mode: entry.executable === true ? EXECUTABLE_MODE : FILE_MODE, compress: true });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
  });
}

/**
 * The sidecar executables the manifest declares, from the project folder at the same
 * path. One declared but not in the project is left out (the host refuses to start it,
 * saying it is missing).
 */
async function sidecarEntries(projectDir: string, manifest: Awaited<ReturnType<typeof readManifest>>): Promise<{ name: string; data: Uint8Array; executable: true }[]> {
  const entries: { name: string; data: Uint8Array; executable: true }[] = [];
  for (const permission of manifest.permissions?.sidecar ?? []) {
    const checked = normalizePackagePath(permission.executable);
    if (!checked.ok || !existsSync(join(projectDir, checked.path))) continue;
    entries.push({ name: checked.path, data: await readFile(join(projectDir, checked.path)), executable: true });
  }
  return entries;
}

/**
 * Zips plugin.json, the built components and the declared sidecar executables (from `dist/`, see `buildComponent`) into
 * `outDir/<id>-<version>.zip` (default: the project's `dist/`).
 */
export async function packPlugin(projectDir: string, outDir = join(projectDir, DIST_DIR)): Promise<PackedPlugin> {
  const manifest = await readManifest(projectDir);
  const entries: { name: string; data: Uint8Array; executable?: boolean }[] = [{ name: 'plugin.json', data: await readFile(join(projectDir, 'plugin.json')) }];
  for (const component of manifest.components) {
    const checked = normalizePackagePath(component.path);
    if (!checked.ok) throw new Error(`components "${component.id}" path ${JSON.stringify(component.path)}: ${checked.reason}`);
    const built = join(projectDir, DIST_DIR, component.path);
    if (!existsSync(built)) throw new Error(`component "${component.id}" is not built (${built} is missing); run buildComponent first`);
    entries.push({ name: checked.path, data: await readFile(built) });
  }
  entries.push(...(await sidecarEntries(projectDir, manifest)));
  const zip = await zipEntries(entries);
  const path = join(outDir, packageFileName(manifest));
  await mkdir(dirname(path), { recursive: true });
  // Written beside and renamed so a reader never sees a half-written package.
  const partial = `${path}.${process.pid}.partial`;
  await writeFile(partial, zip);
  await rename(partial, path);
  return { path, bytes: zip.length, entries: entries.map((entry) => entry.name).sort() };
}
