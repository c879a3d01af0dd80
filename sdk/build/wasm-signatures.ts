/**
 * Reads the function imports and exports of a core wasm module with their signatures
 * (enough of the binary format for that: type, import, function and export sections).
 */

export interface FunctionSignature {
  params: string[];
  results: string[];
}

export interface CoreInterface {
  /** `module#name` → signature, for every function import. */
  imports: Map<string, FunctionSignature>;
  /** export name → signature, for every function export. */
  exports: Map<string, FunctionSignature>;
  /** Names of non-function exports (memory, globals, tables). */
  otherExports: string[];
}

const VALUE_TYPES: Record<number, string> = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'funcref', 0x6f: 'externref' };

class Reader {
  offset = 0;
  constructor(private readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.offset >= this.bytes.length;
  }

  byte(): number {
    const value = this.bytes[this.offset];
    if (value === undefined) throw new Error('unexpected end of wasm module');
    this.offset += 1;
    return value;
  }

  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.byte();
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
    }
  }

  name(): string {
    const length = this.u32();
    const text = new TextDecoder().decode(this.bytes.subarray(this.offset, this.offset + length));
    this.offset += length;
    return text;
  }

  skipLimits(): void {
    const flags = this.byte();
    this.u32();
    if (flags & 1) this.u32();
  }
}

function readTypes(reader: Reader): FunctionSignature[] {
  const count = reader.u32();
  const types: FunctionSignature[] = [];
  for (let index = 0; index < count; index += 1) {
    if (reader.byte() !== 0x60) throw new Error('only function types are supported');
    const params = Array.from({ length: reader.u32() }, () => VALUE_TYPES[reader.byte()] ?? '?');
    const results = Array.from({ length: reader.u32() }, () => VALUE_TYPES[reader.byte()] ?? '?');
    types.push({ params, results });
  }
  return types;
}

/** Parses a core module's function imports and exports. */
export function readCoreInterface(wasm: Uint8Array): CoreInterface {
  const reader = new Reader(wasm);
  reader.offset = 8;
  let types: FunctionSignature[] = [];
  const functionTypes: number[] = [];
  const imports = new Map<string, FunctionSignature>();
  const exports = new Map<string, FunctionSignature>();
  const otherExports: string[] = [];
  const signature = (typeIndex: number | undefined): FunctionSignature => types[typeIndex ?? -1] ?? { params: ['?'], results: [] };
  while (!reader.done) {
    const id = reader.byte();
    const size = reader.u32();
    const end = reader.offset + size;
    if (id === 1) types = readTypes(reader);
    else if (id === 2) {
      const count = reader.u32();
      for (let index = 0; index < count; index += 1) {
        const module = reader.name();
        const name = reader.name();
        const kind = reader.byte();
        if (kind === 0) {
          const typeIndex = reader.u32();
          functionTypes.push(typeIndex);
          imports.set(`${module}#${name}`, signature(typeIndex));
        } else if (kind === 1) {
          reader.byte();
          reader.skipLimits();
        } else if (kind === 2) reader.skipLimits();
        else {
          reader.byte();
          reader.byte();
        }
      }
    } else if (id === 3) {
      const count = reader.u32();
      for (let index = 0; index < count; index += 1) functionTypes.push(reader.u32());
    } else if (id === 7) {
      const count = reader.u32();
      for (let index = 0; index < count; index += 1) {
        const name = reader.name();
        const kind = reader.byte();
        const target = reader.u32();
        if (kind === 0) exports.set(name, signature(functionTypes[target]));
        else otherExports.push(name);
      }
    }
    reader.offset = end;
  }
  return { imports, exports, otherExports };
}
