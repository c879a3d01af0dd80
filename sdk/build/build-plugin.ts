/**
 * Builds and packs one plugin project unless an identical build is cached: the package
 * goes to `.cache/packages/<id>-<version>.zip`, components to `<project>/dist/`.
 */
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { outputsIntact, projectInputHash, readRecord, sha256, writeRecord, type BuildRecord } from './cache.ts';
import { packPlugin } from './pack.ts';
import { buildComponent, contractWitDir, DIST_DIR, readManifest, REPO_ROOT, type BuiltComponent } from './plugin.ts';

export const PACKAGES_DIR = join(REPO_ROOT, '.cache', 'packages');
const RECORDS_DIR = join(REPO_ROOT, '.cache', 'build');

export interface PluginBuildResult {
  projectDir: string;
  id: string;
  version: string;
  status: 'built' | 'cached';
  packagePath: string;
  /** Built components (path inside the package → absolute path and size). */
  components: { packagePath: string; outPath: string; bytes: number }[];
  /** Per component build details when built now (empty when cached). */
  details: BuiltComponent[];
  milliseconds: number;
}

export interface BuildPluginOptions {
  packagesDir?: string;
  /** Where build records (cache keys) are kept; default `.cache/build`. */
  recordsDir?: string;
  /** Rebuild even when the cache says nothing changed. */
  force?: boolean;
}

function recordFile(projectDir: string, recordsDir: string): string {
  const name = relative(REPO_ROOT, projectDir).split(/[\\/]+/).filter((segment) => segment !== '' && segment !== '..').join('__') || 'root';
  return join(recordsDir, `${name}.json`);
}

/** Builds (or reuses) a project's components and package. */
export async function buildPlugin(projectDir: string, options: BuildPluginOptions = {}): Promise<PluginBuildResult> {
  const started = performance.now();
  const manifest = await readManifest(projectDir);
  const key = await projectInputHash(projectDir, contractWitDir(manifest));
  const file = recordFile(projectDir, options.recordsDir ?? RECORDS_DIR);
  const components = manifest.components.map((component) => ({ packagePath: component.path, outPath: join(projectDir, DIST_DIR, component.path) }));
  const base = { projectDir, id: manifest.id, version: manifest.version };
  const cached = await readRecord(file);
  if (options.force !== true && cached?.key === key && (await outputsIntact(cached))) {
    const sizes = await Promise.all(components.map(async (component) => ({ ...component, bytes: (await readFile(component.outPath)).length })));
    return { ...base, status: 'cached', packagePath: cached.packagePath, components: sizes, details: [], milliseconds: performance.now() - started };
  }
  const details = await buildComponent(projectDir);
  const packed = await packPlugin(projectDir, options.packagesDir ?? PACKAGES_DIR);
  const outputs = await Promise.all([...details.map((detail) => detail.outPath), packed.path].map(async (path) => ({ path, sha256: sha256(await readFile(path)) })));
  const record: BuildRecord = { key, packagePath: packed.path, outputs };
  await writeRecord(file, record);
  return {
    ...base,
    status: 'built',
    packagePath: packed.path,
    components: details.map((detail) => ({ packagePath: detail.packagePath, outPath: detail.outPath, bytes: detail.bytes })),
    details,
    milliseconds: performance.now() - started,
  };
}
