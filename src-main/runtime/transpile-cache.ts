/**
 * Transpiles components with jco once, into an on-disk cache keyed by the component's
 * content hash (plus the jco and rewrite versions), written atomically so a crash never
 * leaves a half-written entry that looks valid.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, parse } from 'node:path';
import { transpileBytes as transpile } from '@bytecodealliance/jco-transpile';
import { FugueError } from '../../src-shared/errors.ts';
import { BINDINGS_REWRITE_VERSION, hoistDebugEnvRead } from './bindings-rewrite.ts';

const JCO_VERSION = readPackageVersion('@bytecodealliance/jco-transpile');
const BINDINGS_NAME = 'component';
/** `.mjs` so the bindings load as an ES module wherever the cache lives. */
const BINDINGS_FILE = `${BINDINGS_NAME}.mjs`;

/** A transpiled component on disk. */
export interface TranspiledComponent {
  /** Content hash of the component bytes. */
  hash: string;
  /** Folder holding the bindings and core modules. */
  dir: string;
  /** Absolute path of the ES module exporting `instantiate`. */
  entry: string;
  /** Core module file names, relative to `dir`, in the order the bindings ask for them. */
  coreModules: string[];
  /** Interfaces the component imports, as the bindings name them (e.g. `wasi:cli/exit`). */
  imports: string[];
  /** Milliseconds spent transpiling; 0 when served from the cache. */
  transpileMs: number;
}

interface CacheMeta {
  hash: string;
  jco: string;
  rewrite: number;
  coreModules: string[];
  imports: string[];
}

export class TranspileCache {
  private readonly inFlight = new Map<string, Promise<TranspiledComponent>>();

  constructor(private readonly root: string) {}

  /** Content hash used as the cache key. */
  static hashOf(bytes: Uint8Array): string {
    return createHash('sha256').update(bytes).digest('hex');
  }

  /** Returns the cached transpilation of `bytes`, transpiling on a miss. */
  get(bytes: Uint8Array): Promise<TranspiledComponent> {
    const hash = TranspileCache.hashOf(bytes);
    let pending = this.inFlight.get(hash);
    if (!pending) {
      pending = this.lookupOrTranspile(hash, bytes).finally(() => this.inFlight.delete(hash));
      this.inFlight.set(hash, pending);
    }
    return pending;
  }

  private entryDir(hash: string): string {
    return join(this.root, `${hash}-jco${JCO_VERSION}-r${BINDINGS_REWRITE_VERSION}`);
  }

  private async lookupOrTranspile(hash: string, bytes: Uint8Array): Promise<TranspiledComponent> {
    const dir = this.entryDir(hash);
    const cached = await readMeta(dir);
    if (cached) return { hash, dir, entry: join(dir, BINDINGS_FILE), coreModules: cached.coreModules, imports: cached.imports, transpileMs: 0 };

    const started = performance.now();
    const { files, imports } = await transpileToFiles(bytes);
    const coreModules = Object.keys(files).filter((name) => name.endsWith('.wasm')).sort();
    const meta: CacheMeta = { hash, jco: JCO_VERSION, rewrite: BINDINGS_REWRITE_VERSION, coreModules, imports };
    files['meta.json'] = new TextEncoder().encode(JSON.stringify(meta));
    await writeAtomically(dir, files);
    return { hash, dir, entry: join(dir, BINDINGS_FILE), coreModules, imports, transpileMs: performance.now() - started };
  }
}

async function transpileToFiles(bytes: Uint8Array): Promise<{ files: Record<string, Uint8Array>; imports: string[] }> {
  let output: Awaited<ReturnType<typeof transpile>>;
  try {
    output = await transpile(bytes, { name: BINDINGS_NAME, instantiation: 'async', emitTypescriptDeclarations: false, noComponentErrorWrapping: false });
  } catch (error) {
    throw new FugueError({
      code: 'transpile-failed',
      message: `the component could not be transpiled (${error instanceof Error ? error.message : String(error)}); rebuild it with the Fugue SDK`,
    });
  }
  const files: Record<string, Uint8Array> = {};
  for (const [name, content] of Object.entries(output.files)) {
    if (name === `${BINDINGS_NAME}.js`) {
      const { source } = hoistDebugEnvRead(new TextDecoder().decode(content));
      files[BINDINGS_FILE] = new TextEncoder().encode(source);
    } else if (name.endsWith('.wasm')) {
      files[name] = content;
    }
  }
  return { files, imports: output.imports };
}

async function readMeta(dir: string): Promise<CacheMeta | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')) as CacheMeta;
  } catch {
    return undefined;
  }
}

/** Writes into a temporary sibling folder, then renames it into place (meta.json last). */
async function writeAtomically(dir: string, files: Record<string, Uint8Array>): Promise<void> {
  const staging = `${dir}.staging-${randomUUID()}`;
  await mkdir(staging, { recursive: true });
  try {
    const { 'meta.json': meta, ...rest } = files;
    for (const [name, content] of Object.entries(rest)) {
      await mkdir(dirname(join(staging, name)), { recursive: true });
      await writeFile(join(staging, name), content);
    }
    if (meta) await writeFile(join(staging, 'meta.json'), meta);
    await rm(dir, { recursive: true, force: true });
    await rename(staging, dir);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/** The installed version of a package whose `exports` hide its package.json. */
function readPackageVersion(name: string): string {
  let dir = dirname(createRequire(import.meta.url).resolve(name));
  while (dir !== parse(dir).root) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === name && manifest.version) return manifest.version;
    } catch {
      // not this folder; keep walking up
    }
    dir = dirname(dir);
  }
  throw new Error(`cannot find the version of ${name}`);
}
