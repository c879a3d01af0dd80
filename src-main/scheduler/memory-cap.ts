/**
 * Caps the linear memories a core module defines by rewriting the maximum in its memory
 * section before it is compiled. Growth past the cap then fails inside the plugin
 * (`memory.grow` returns -1, allocators abort with a trap) instead of taking memory
 * from the host. Imported memories are left alone: the module that defines a memory
 * carries its limits, and an import's declared maximum may only be larger.
 */
import { FugueError } from '../../src-shared/errors.ts';

/** A wasm page is 64 KiB. */
export const WASM_PAGE_BYTES = 65_536;
const MEMORY_SECTION = 5;
const HEADER_BYTES = 8;
const FLAG_HAS_MAX = 0x01;
const FLAG_SHARED = 0x02;
const FLAG_MEMORY64 = 0x04;
const KNOWN_FLAGS = FLAG_HAS_MAX | FLAG_SHARED | FLAG_MEMORY64;

/** What the rewrite changed for one defined memory (in pages). */
export interface CappedMemory {
  index: number;
  minPages: number;
  /** The maximum the module declared, or `undefined` when it declared none. */
  maxPagesBefore: number | undefined;
  maxPagesAfter: number;
}

export interface CapResult {
  bytes: Uint8Array;
  memories: CappedMemory[];
}

/** Pages in `memoryMb` mebibytes. */
export function pagesForMegabytes(memoryMb: number): number {
  return Math.floor((memoryMb * 1024 * 1024) / WASM_PAGE_BYTES);
}

/** Returns the module with every defined memory's maximum at most `maxPages`. */
export function capModuleMemory(module: Uint8Array, maxPages: number, what = 'the module'): CapResult {
  if (module.length < HEADER_BYTES || module[0] !== 0x00 || module[1] !== 0x61 || module[2] !== 0x73 || module[3] !== 0x6d) {
    throw new FugueError({ code: 'invalid-package', message: `${what} is not a WebAssembly core module` });
  }
  let offset = HEADER_BYTES;
  while (offset < module.length) {
    const id = module[offset] as number;
    const size = readLeb(module, offset + 1);
    const payloadStart = size.next;
    const payloadEnd = payloadStart + size.value;
    if (payloadEnd > module.length) throw new FugueError({ code: 'invalid-package', message: `${what} is truncated (a section runs past its end)` });
    if (id === MEMORY_SECTION) {
      const { payload, memories } = rewriteMemorySection(module.subarray(payloadStart, payloadEnd), maxPages, what);
      const bytes = concat([module.subarray(0, offset), Uint8Array.of(MEMORY_SECTION), writeLeb(payload.length), payload, module.subarray(payloadEnd)]);
      return { bytes, memories };
    }
    offset = payloadEnd;
  }
  return { bytes: module, memories: [] };
}

function rewriteMemorySection(section: Uint8Array, maxPages: number, what: string): { payload: Uint8Array; memories: CappedMemory[] } {
  const count = readLeb(section, 0);
  const parts: Uint8Array[] = [writeLeb(count.value)];
  const memories: CappedMemory[] = [];
  let offset = count.next;
  for (let index = 0; index < count.value; index += 1) {
    const flags = section[offset] as number;
    if ((flags & ~KNOWN_FLAGS) !== 0) {
      throw new FugueError({ code: 'invalid-package', message: `${what} declares memory ${index} with limits flags 0x${flags.toString(16)} the host cannot cap` });
    }
    const min = readLeb(section, offset + 1);
    const max = flags & FLAG_HAS_MAX ? readLeb(section, min.next) : undefined;
    if (min.value > maxPages) {
      throw new FugueError({
        code: 'instantiate-failed',
        message: `${what} starts with ${toMb(min.value)} MiB of memory, above its cap of ${toMb(maxPages)} MiB; raise limits.memory_mb in plugin.json or use less memory`,
      });
    }
    const capped = max === undefined ? maxPages : Math.min(max.value, maxPages);
    memories.push({ index, minPages: min.value, maxPagesBefore: max?.value, maxPagesAfter: capped });
    parts.push(Uint8Array.of(flags | FLAG_HAS_MAX), writeLeb(min.value), writeLeb(capped));
    offset = max === undefined ? min.next : max.next;
  }
  parts.push(section.subarray(offset));
  return { payload: concat(parts), memories };
}

const toMb = (pages: number): string => ((pages * WASM_PAGE_BYTES) / (1024 * 1024)).toFixed(pages % 16 === 0 ? 0 : 2);

/** Reads an unsigned LEB128 (up to 2^53, enough for any page count or section size). */
function readLeb(bytes: Uint8Array, start: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  for (let offset = start; offset < bytes.length && offset < start + 10; offset += 1) {
    const byte = bytes[offset] as number;
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return { value, next: offset + 1 };
    scale *= 128;
  }
  throw new FugueError({ code: 'invalid-package', message: 'a WebAssembly module has a malformed LEB128 number' });
}

function writeLeb(value: number): Uint8Array {
  const out: number[] = [];
  let rest = value;
  do {
    const low = rest % 128;
    rest = Math.floor(rest / 128);
    out.push(rest === 0 ? low : low | 0x80);
  } while (rest !== 0);
  return Uint8Array.from(out);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
