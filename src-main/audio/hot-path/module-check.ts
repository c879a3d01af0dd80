/**
 * Checks a `hot-path-spec` against ABI v1 before anything runs: the version, the module's
 * imports (only a shared `env.memory` with a declared maximum), its exports and their
 * signatures, and where its static data ends. A rejection carries a reason the engine
 * reports while it falls back to the component path.
 */
import { DEFAULT_HEAP_BASE, HOT_PATH_ABI_VERSION, MAX_KERNEL_MEMORY_PAGES, WASM_PAGE_BYTES, type HotPathSpec } from './abi.ts';

export interface KernelModuleInfo {
  /** The imported memory's declared limits, in pages. */
  memory: { initialPages: number; maximumPages: number };
  hasReset: boolean;
  hasDrop: boolean;
  /** Whether the module exports a `__heap_base` global (read after instantiation). */
  exportsHeapBase: boolean;
  /** The end of the module's active data segments (at least {@link DEFAULT_HEAP_BASE}). */
  staticDataEnd: number;
}

/** A spec that passed every check: compiled, and safe to post to the audio worker. */
export interface CheckedKernel {
  /** Who the kernel belongs to, for messages (e.g. `org.fugue.eq/eq10`). */
  label: string;
  module: WebAssembly.Module;
  info: KernelModuleInfo;
  heapBytes: number;
  initData: Uint8Array;
}

export type KernelCheck = { ok: true; kernel: CheckedKernel } | { ok: false; reason: string };

const REQUIRED_SIGNATURES: Record<string, string> = { init: '(i32,i32)->i32', process: '(i32,i32,i32,i32)->i32' };
const OPTIONAL_SIGNATURES: Record<string, string> = { reset: '(i32)->i32', drop: '(i32)->' };
const VALUE_TYPES: Record<number, string> = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'funcref', 0x6f: 'externref' };
const IMPORT_KINDS = ['function', 'table', 'memory', 'global', 'tag'];

class Reader {
  offset = 8;
  constructor(readonly bytes: Uint8Array) {}

  byte(): number {
    const value = this.bytes[this.offset];
    if (value === undefined) throw new Error('the module ends unexpectedly');
    this.offset += 1;
    return value;
  }

  u32(): number {
    let result = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = this.byte();
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
    }
  }

  name(): string {
    const length = this.u32();
    const text = new TextDecoder().decode(this.bytes.subarray(this.offset, this.offset + length));
    this.offset += length;
    return text;
  }
}

interface RawModule {
  imports: { module: string; name: string; kind: string; limits?: { flags: number; initial: number; maximum?: number } }[];
  exports: Map<string, { kind: number; signature?: string }>;
  definesMemory: boolean;
  dataEnd: number;
  relocatableData: boolean;
}

function readLimits(reader: Reader): { flags: number; initial: number; maximum?: number } {
  const flags = reader.byte();
  const initial = reader.u32();
  return (flags & 1) !== 0 ? { flags, initial, maximum: reader.u32() } : { flags, initial };
}

function readImport(reader: Reader, functionTypes: number[]): RawModule['imports'][number] {
  const module = reader.name();
  const name = reader.name();
  const kindByte = reader.byte();
  const kind = IMPORT_KINDS[kindByte] ?? `kind ${kindByte}`;
  if (kindByte === 0) functionTypes.push(reader.u32());
  else if (kindByte === 1) return (reader.byte(), readLimits(reader), { module, name, kind });
  else if (kindByte === 2) return { module, name, kind, limits: readLimits(reader) };
  else if (kindByte === 3) reader.offset += 2;
  else throw new Error(`import ${module}.${name} has an unknown kind ${kindByte}`);
  return { module, name, kind };
}

/** The end of an active segment at a constant offset, or -1 when its offset is not a constant. */
function readDataSegment(reader: Reader): number {
  const flags = reader.u32();
  let end = 0;
  if (flags !== 1) {
    if (flags === 2) reader.u32();
    const opcode = reader.byte();
    if (opcode !== 0x41) return -1;
    const start = reader.u32();
    if (reader.byte() !== 0x0b) return -1;
    end = start;
  }
  const length = reader.u32();
  reader.offset += length;
  return flags === 1 ? 0 : end + length;
}

/** Reads what ABI v1 cares about from a core module's binary. */
function readModule(bytes: Uint8Array): RawModule {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) throw new Error('it is not a WebAssembly module');
  if (bytes[4] !== 1 || bytes[5] !== 0) throw new Error('it is not a core module (a component, or another binary version)');
  const reader = new Reader(bytes);
  const types: string[] = [];
  const functionTypes: number[] = [];
  const raw: RawModule = { imports: [], exports: new Map(), definesMemory: false, dataEnd: 0, relocatableData: false };
  while (reader.offset < bytes.length) {
    const id = reader.byte();
    const end = reader.u32() + reader.offset;
    const count = id >= 1 && id <= 11 && id !== 8 ? reader.u32() : 0;
    for (let index = 0; index < count; index += 1) {
      if (id === 1) {
        if (reader.byte() !== 0x60) throw new Error('its type section holds a non-function type');
        const params = Array.from({ length: reader.u32() }, () => VALUE_TYPES[reader.byte()] ?? '?');
        const results = Array.from({ length: reader.u32() }, () => VALUE_TYPES[reader.byte()] ?? '?');
        types.push(`(${params.join(',')})->${results.join(',')}`);
      } else if (id === 2) raw.imports.push(readImport(reader, functionTypes));
      else if (id === 3) functionTypes.push(reader.u32());
      else if (id === 5) raw.definesMemory = true;
      else if (id === 7) {
        const name = reader.name();
        const kind = reader.byte();
        const target = reader.u32();
        raw.exports.set(name, kind === 0 ? { kind, signature: types[functionTypes[target] ?? -1] ?? '?' } : { kind });
      } else if (id === 11) {
        const segmentEnd = readDataSegment(reader);
        if (segmentEnd < 0) raw.relocatableData = true;
        raw.dataEnd = Math.max(raw.dataEnd, segmentEnd);
      } else break;
    }
    reader.offset = end;
  }
  return raw;
}

function checkImports(raw: RawModule): string | KernelModuleInfo['memory'] {
  const foreign = raw.imports.filter((entry) => !(entry.module === 'env' && entry.name === 'memory' && entry.kind === 'memory'));
  if (foreign.length > 0) return `it imports ${foreign.map((entry) => `${entry.module}.${entry.name} (${entry.kind})`).join(', ')}; a kernel may import only env.memory`;
  const memory = raw.imports[0];
  if (memory?.limits === undefined) return raw.definesMemory ? 'it defines its own memory; a kernel must import env.memory (shared)' : 'it imports no env.memory';
  if ((memory.limits.flags & 2) === 0) return 'its env.memory is not shared (build with --sharedMemory --enable threads)';
  if ((memory.limits.flags & 4) !== 0) return 'its env.memory is 64-bit; ABI v1 uses 32-bit offsets';
  if (memory.limits.maximum === undefined) return 'its env.memory declares no maximum';
  if (memory.limits.maximum > MAX_KERNEL_MEMORY_PAGES) return `its env.memory declares a maximum of ${memory.limits.maximum} pages; kernels may declare at most ${MAX_KERNEL_MEMORY_PAGES} (64 MiB)`;
  return { initialPages: memory.limits.initial, maximumPages: memory.limits.maximum };
}

function checkExports(raw: RawModule): string | undefined {
  for (const [name, expected] of Object.entries({ ...REQUIRED_SIGNATURES, ...OPTIONAL_SIGNATURES })) {
    const entry = raw.exports.get(name);
    if (entry === undefined) {
      if (name in REQUIRED_SIGNATURES) return `it does not export \`${name}\` ${expected}`;
      continue;
    }
    if (entry.kind !== 0 || entry.signature !== expected) return `its \`${name}\` export is ${entry.signature ?? 'not a function'}; ABI v1 needs ${expected}`;
  }
  return undefined;
}

/** Checks and compiles a spec; the reason says what is wrong when it is refused. */
export function checkHotPathSpec(spec: HotPathSpec, label: string): KernelCheck {
  const refuse = (reason: string): KernelCheck => ({ ok: false, reason: `${label}: hot-path kernel refused: ${reason}` });
  if (spec.abiVersion !== HOT_PATH_ABI_VERSION) return refuse(`it declares hot-path ABI version ${spec.abiVersion}; this host runs version ${HOT_PATH_ABI_VERSION}`);
  let raw: RawModule;
  try {
    raw = readModule(spec.module);
  } catch (error) {
    return refuse(`its module cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  const memory = checkImports(raw);
  if (typeof memory === 'string') return refuse(memory);
  const exportProblem = checkExports(raw);
  if (exportProblem !== undefined) return refuse(exportProblem);
  if (raw.relocatableData) return refuse('it has a data segment at a non-constant offset');
  if (!Number.isInteger(spec.heapBytes) || spec.heapBytes < 0 || spec.heapBytes > memory.maximumPages * WASM_PAGE_BYTES) {
    return refuse(`its heap-bytes ${spec.heapBytes} does not fit its memory maximum of ${memory.maximumPages} pages`);
  }
  let module: WebAssembly.Module;
  try {
    module = new WebAssembly.Module(new Uint8Array(spec.module));
  } catch (error) {
    return refuse(`its module does not compile: ${error instanceof Error ? error.message : String(error)}`);
  }
  const heapBase = raw.exports.get('__heap_base');
  const info: KernelModuleInfo = {
    memory,
    hasReset: raw.exports.has('reset'),
    hasDrop: raw.exports.has('drop'),
    exportsHeapBase: heapBase?.kind === 3,
    staticDataEnd: Math.max(DEFAULT_HEAP_BASE, raw.dataEnd),
  };
  return { ok: true, kernel: { label, module, info, heapBytes: spec.heapBytes, initData: spec.initData.slice() } };
}
