/**
 * The memory cap rewrites the limits of the memories a core module defines; the result
 * must still compile and `memory.grow` must stop at the cap. Modules are hand-assembled
 * so every limits encoding is covered.
 */
import { describe, expect, it } from 'vitest';
import { capModuleMemory, pagesForMegabytes } from './memory-cap.ts';

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

function leb(value: number): number[] {
  const out: number[] = [];
  do {
    const low = value % 128;
    value = Math.floor(value / 128);
    out.push(value === 0 ? low : low | 0x80);
  } while (value !== 0);
  return out;
}

const section = (id: number, payload: number[]): number[] => [id, ...leb(payload.length), ...payload];

/** A module defining one memory with `limits` and exporting `grow(pages) -> i32`. */
function growModule(limits: number[]): Uint8Array {
  const type = section(1, [1, 0x60, 1, 0x7f, 1, 0x7f]);
  const func = section(3, [1, 0]);
  const memory = section(5, [1, ...limits]);
  const exports = section(7, [1, 4, ...Buffer.from('grow'), 0x00, 0]);
  const body = [0, 0x20, 0, 0x40, 0, 0x0b];
  const code = section(10, [1, body.length, ...body]);
  return Uint8Array.from([...HEADER, ...type, ...func, ...memory, ...exports, ...code]);
}

async function growUntilRefused(bytes: Uint8Array): Promise<number> {
  const { instance } = await WebAssembly.instantiate(bytes as Uint8Array<ArrayBuffer>);
  const grow = instance.exports.grow as (pages: number) => number;
  let pages = 1;
  while (grow(1) !== -1) pages += 1;
  return pages;
}

describe('capModuleMemory', () => {
  it('adds a maximum to a memory that declares none, and growth stops there', async () => {
    const { bytes, memories } = capModuleMemory(growModule([0x00, 1]), 20);
    expect(memories).toEqual([{ index: 0, minPages: 1, maxPagesBefore: undefined, maxPagesAfter: 20 }]);
    expect(await growUntilRefused(bytes)).toBe(20);
  });

  it('lowers a larger maximum (a multi-byte LEB128) and keeps a smaller one', async () => {
    const lowered = capModuleMemory(growModule([0x01, 1, ...leb(16_384)]), pagesForMegabytes(2));
    expect(lowered.memories[0]).toMatchObject({ maxPagesBefore: 16_384, maxPagesAfter: 32 });
    expect(await growUntilRefused(lowered.bytes)).toBe(32);
    const kept = capModuleMemory(growModule([0x01, 1, 10]), 32);
    expect(kept.memories[0]).toMatchObject({ maxPagesBefore: 10, maxPagesAfter: 10 });
    expect(await growUntilRefused(kept.bytes)).toBe(10);
  });

  it('refuses a module whose initial memory is already above the cap, saying what to change', () => {
    expect(() => capModuleMemory(growModule([0x00, 40]), 16, 'component.core.wasm')).toThrow(/component\.core\.wasm starts with 2\.50 MiB of memory, above its cap of 1 MiB; raise limits\.memory_mb/);
  });

  it('leaves a module without a memory section as it is, and rejects bytes that are not wasm', () => {
    const noMemory = Uint8Array.from([...HEADER, ...section(1, [0])]);
    expect(capModuleMemory(noMemory, 16)).toEqual({ bytes: noMemory, memories: [] });
    expect(() => capModuleMemory(new TextEncoder().encode('not wasm'), 16)).toThrow(/is not a WebAssembly core module/);
  });
});
