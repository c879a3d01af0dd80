/**
 * Compiled core modules, kept in the main thread and posted to workers (a
 * `WebAssembly.Module` structured-clones across threads without recompiling), so a
 * restarted worker or a new instance of a component skips compilation. Bounded by entry
 * count and by the size of the module bytes, least recently used first out.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { capModuleMemory, pagesForMegabytes } from './memory-cap.ts';

// JavaScript components (componentize-qjs) use wasm extended-const, shipped by default from
// V8 11.4 (Node 22 / Electron); Node 20 has it behind this flag. Modules compile here now.
setFlagsFromString('--experimental-wasm-extended-const');

export interface ModuleCacheLimits {
  maxEntries: number;
  /** Sum of the module sizes (compiled code is a few times larger; this bounds it in proportion). */
  maxBytes: number;
}

export const DEFAULT_MODULE_CACHE_LIMITS: ModuleCacheLimits = { maxEntries: 64, maxBytes: 256 * 1024 * 1024 };

/** Where a component's core modules are and how its memory is capped. */
export interface ModuleSource {
  /** Content hash of the component (the transpile cache key). */
  hash: string;
  /** Folder holding the core module files. */
  dir: string;
  coreModules: readonly string[];
  memoryMb: number;
}

export interface CompiledModules {
  modules: Record<string, WebAssembly.Module>;
  /** Milliseconds spent reading, capping and compiling now; 0 when every module was cached. */
  compileMs: number;
  hits: number;
  misses: number;
}

interface Entry {
  module: Promise<WebAssembly.Module>;
  bytes: number;
}

export class ModuleCache {
  private readonly entries = new Map<string, Entry>();
  private totalBytes = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly limits: ModuleCacheLimits = DEFAULT_MODULE_CACHE_LIMITS) {}

  get size(): number {
    return this.entries.size;
  }

  /** Compiled (memory-capped) modules of a component, from the cache where possible. */
  async modulesOf(source: ModuleSource): Promise<CompiledModules> {
    const started = performance.now();
    let hits = 0;
    let misses = 0;
    const pairs = await Promise.all(
      source.coreModules.map(async (name) => {
        const key = `${source.hash}/${name}@${source.memoryMb}`;
        const cached = this.touch(key);
        if (cached) {
          hits += 1;
          return [name, await cached] as const;
        }
        misses += 1;
        return [name, await this.compile(key, join(source.dir, name), source.memoryMb)] as const;
      }),
    );
    this.hits += hits;
    this.misses += misses;
    return { modules: Object.fromEntries(pairs), compileMs: misses === 0 ? 0 : performance.now() - started, hits, misses };
  }

  /** Forgets everything (modules already posted to workers stay valid there). */
  clear(): void {
    this.entries.clear();
    this.totalBytes = 0;
  }

  private touch(key: string): Promise<WebAssembly.Module> | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.module;
  }

  private compile(key: string, path: string, memoryMb: number): Promise<WebAssembly.Module> {
    const entry: Entry = { module: Promise.resolve(undefined as never), bytes: 0 };
    entry.module = (async () => {
      const original = new Uint8Array(await readFile(path));
      const { bytes } = capModuleMemory(original, pagesForMegabytes(memoryMb), path);
      entry.bytes = bytes.length;
      this.totalBytes += bytes.length;
      const module = await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
      this.evict();
      return module;
    })();
    entry.module.catch(() => this.forget(key, entry));
    this.entries.set(key, entry);
    return entry.module;
  }

  private forget(key: string, entry: Entry): void {
    if (this.entries.get(key) !== entry) return;
    this.entries.delete(key);
    this.totalBytes -= entry.bytes;
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.limits.maxEntries && this.totalBytes <= this.limits.maxBytes) return;
      if (this.entries.size === 1) return;
      this.forget(key, entry);
    }
  }
}
