/**
 * Real plugin packages on disk for tests: a folder or a zip (made with yazl, the way an
 * author's tools would), holding a manifest and component files.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import yazl from 'yazl';
import { EXAMPLE_MANIFESTS } from '../../../src-shared/manifest/examples.ts';
import { COMPONENT_HEADER } from '../component-file.ts';

/** The smallest bytes that pass the component header check. */
export function componentBytes(size = 64): Uint8Array {
  const bytes = new Uint8Array(Math.max(size, 8));
  bytes.set([0x00, 0x61, 0x73, 0x6d, ...COMPONENT_HEADER]);
  return bytes;
}

/** A core module header: valid wasm, but not a component. */
export function coreModuleBytes(): Uint8Array {
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
}

/** Package files by path; a manifest object is written as plugin.json. */
export type PackageContents = Record<string, Uint8Array | string>;

/** The DSP example manifest with its component file: a package that validates. */
export function goodPackage(): PackageContents {
  return { 'plugin.json': JSON.stringify(EXAMPLE_MANIFESTS.dsp, null, 2), 'gain.wasm': componentBytes() };
}

/** A fresh temporary folder and a function that removes it. */
export async function tempDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'fugue-package-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes `contents` under `dir` (creating sub-folders) and returns `dir`. */
export async function writeFolder(dir: string, contents: PackageContents): Promise<string> {
  for (const [path, data] of Object.entries(contents)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), data);
  }
  return dir;
}

/** Zips `contents` with yazl into `file` and returns `file`. */
export async function writeZip(file: string, contents: PackageContents): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const [path, data] of Object.entries(contents)) zip.addBuffer(Buffer.from(data), path);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  await writeFile(file, Buffer.concat(chunks));
  return file;
}
