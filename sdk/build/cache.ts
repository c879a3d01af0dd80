/**
 * Content-hash caching of plugin builds. A build's key hashes everything that can change
 * its output: the project's files (not its outputs), the contract WIT, the toolchain's
 * own sources (bindings generator, WIT parser, build code) and the compiler versions.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { DIST_DIR, REPO_ROOT } from './plugin.ts';

/** Project paths that are build outputs, never inputs (tests are not inputs either). */
const OUTPUT_PATHS = [DIST_DIR, 'assembly/generated', 'node_modules'];

/** Toolchain sources whose change invalidates every build. */
const TOOLCHAIN_DIRS = ['sdk/bindgen', 'sdk/build', 'sdk/wit-deps', 'src-shared/wit', 'src-shared/manifest'];
const TOOLCHAIN_PACKAGES = ['assemblyscript', '@bytecodealliance/jco-transpile', 'componentize-qjs', 'yazl'];

async function listFiles(root: string, dir: string, skip: (path: string) => boolean): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const rel = relative(root, path).split('\\').join('/');
    if (entry.name.startsWith('.') || skip(rel)) continue;
    if (entry.isDirectory()) files.push(...(await listFiles(root, path, skip)));
    else if (entry.isFile()) files.push(rel);
  }
  return files.sort();
}

async function hashFiles(hash: ReturnType<typeof createHash>, label: string, root: string, files: string[]): Promise<void> {
  for (const file of files) {
    hash.update(`${label}:${file}\0`);
    hash.update(await readFile(join(root, file)));
    hash.update('\0');
  }
}

async function packageVersion(name: string): Promise<string> {
  const manifest: unknown = JSON.parse(await readFile(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8'));
  const version = typeof manifest === 'object' && manifest !== null ? (manifest as Record<string, unknown>).version : undefined;
  return typeof version === 'string' ? version : 'unknown';
}

let toolchainDigest: Promise<string> | undefined;

/** A digest of the toolchain (computed once per process). */
export function toolchainHash(): Promise<string> {
  toolchainDigest ??= (async () => {
    const hash = createHash('sha256');
    for (const dir of TOOLCHAIN_DIRS) {
      const files = await listFiles(REPO_ROOT, join(REPO_ROOT, dir), (path) => path.endsWith('.test.ts') || path.endsWith('.test.mjs') || path.includes('/test-fixtures/') || path.includes('/testing/'));
      await hashFiles(hash, 'toolchain', REPO_ROOT, files);
    }
    for (const name of TOOLCHAIN_PACKAGES) hash.update(`${name}@${await packageVersion(name)}\0`);
    return hash.digest('hex');
  })();
  return toolchainDigest;
}

/** The build key of a project: its input files, the contract WIT it targets and the toolchain. */
export async function projectInputHash(projectDir: string, witDir: string): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`toolchain:${await toolchainHash()}\0`);
  const projectFiles = await listFiles(projectDir, projectDir, (path) => path.endsWith('.test.ts') || path.endsWith('.test.mjs') || OUTPUT_PATHS.some((output) => path === output || path.startsWith(`${output}/`)));
  await hashFiles(hash, 'project', projectDir, projectFiles);
  await hashFiles(hash, 'wit', witDir, await listFiles(witDir, witDir, () => false));
  return hash.digest('hex');
}

/** What a cached build produced, stored next to its key. */
export interface BuildRecord {
  key: string;
  packagePath: string;
  outputs: { path: string; sha256: string }[];
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function readRecord(file: string): Promise<BuildRecord | undefined> {
  if (!existsSync(file)) return undefined;
  try {
    const value: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (typeof value !== 'object' || value === null) return undefined;
    const record = value as Partial<BuildRecord>;
    return typeof record.key === 'string' && typeof record.packagePath === 'string' && Array.isArray(record.outputs) ? (record as BuildRecord) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether every recorded output still exists with the recorded content. */
export async function outputsIntact(record: BuildRecord): Promise<boolean> {
  for (const output of record.outputs) {
    if (!existsSync(output.path) || sha256(await readFile(output.path)) !== output.sha256) return false;
  }
  return true;
}

export async function writeRecord(file: string, record: BuildRecord): Promise<void> {
  await mkdir(join(file, '..'), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, `${JSON.stringify(record, null, 2)}\n`);
  await rename(partial, file);
}
