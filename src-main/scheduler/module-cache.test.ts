/** The compiled-module cache: hits, memory caps as part of the key, and its bounds. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModuleCache } from './module-cache.ts';

/** A module with one memory and nothing else; `seed` makes modules differ. */
function module(seed: number): Uint8Array {
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x05, 0x03, 0x01, 0x00, seed]);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fugue-module-cache-'));
  for (const seed of [1, 2, 3]) await writeFile(join(dir, `m${seed}.wasm`), module(seed));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const source = (seed: number, memoryMb = 4) => ({ hash: `h${seed}`, dir, coreModules: [`m${seed}.wasm`], memoryMb });

describe('ModuleCache', () => {
  it('compiles once per module and cap, then serves the same compiled module', async () => {
    const cache = new ModuleCache();
    const first = await cache.modulesOf(source(1));
    const again = await cache.modulesOf(source(1));
    expect(first).toMatchObject({ hits: 0, misses: 1 });
    expect(again).toMatchObject({ hits: 1, misses: 0, compileMs: 0 });
    expect(again.modules['m1.wasm']).toBe(first.modules['m1.wasm']);
    // Another cap is another module: the limits are part of the compiled code.
    expect(await cache.modulesOf(source(1, 8))).toMatchObject({ misses: 1 });
  });

  it('evicts the least recently used entry beyond its bounds', async () => {
    const cache = new ModuleCache({ maxEntries: 2, maxBytes: 1024 });
    await cache.modulesOf(source(1));
    await cache.modulesOf(source(2));
    await cache.modulesOf(source(1));
    await cache.modulesOf(source(3));
    expect(cache.size).toBe(2);
    expect(await cache.modulesOf(source(1))).toMatchObject({ hits: 1 });
    expect(await cache.modulesOf(source(2))).toMatchObject({ misses: 1 });
  });

  it('does not keep a failed compilation', async () => {
    const cache = new ModuleCache();
    await writeFile(join(dir, 'broken.wasm'), Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x0a, 0x05]));
    const broken = { hash: 'broken', dir, coreModules: ['broken.wasm'], memoryMb: 4 };
    await expect(cache.modulesOf(broken)).rejects.toThrow();
    expect(cache.size).toBe(0);
  });
});
