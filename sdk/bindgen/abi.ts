/**
 * Canonical ABI layout (size, alignment, flattening) of WIT types, following the
 * component model's CanonicalABI.md for the synchronous, 32-bit memory case.
 */
import { findTypeDef } from '../../src-shared/wit/parse.ts';
import type { PrimitiveName, TypeRef, WitDocument, WitType } from '../../src-shared/wit/model.ts';

export type CoreType = 'i32' | 'i64' | 'f32' | 'f64';

export const MAX_FLAT_PARAMS = 16;
export const MAX_FLAT_RESULTS = 1;

/** A type reduced to the shapes the ABI distinguishes (option/result/enum are variants). */
export type Shape =
  | { kind: 'primitive'; name: Exclude<PrimitiveName, 'string'> }
  | { kind: 'string' }
  | { kind: 'list'; element: WitType }
  | { kind: 'record'; fields: WitType[] }
  | { kind: 'variant'; cases: (WitType | null)[] }
  | { kind: 'flags'; count: number }
  | { kind: 'handle' };

const PRIMITIVE_LAYOUT: Record<Exclude<PrimitiveName, 'string'>, { size: number; flat: CoreType }> = {
  bool: { size: 1, flat: 'i32' },
  u8: { size: 1, flat: 'i32' },
  s8: { size: 1, flat: 'i32' },
  u16: { size: 2, flat: 'i32' },
  s16: { size: 2, flat: 'i32' },
  u32: { size: 4, flat: 'i32' },
  s32: { size: 4, flat: 'i32' },
  char: { size: 4, flat: 'i32' },
  f32: { size: 4, flat: 'f32' },
  u64: { size: 8, flat: 'i64' },
  s64: { size: 8, flat: 'i64' },
  f64: { size: 8, flat: 'f64' },
};

export function alignTo(offset: number, align: number): number {
  return Math.ceil(offset / align) * align;
}

/** Layout calculations over one document (type references are looked up in it). */
export class Abi {
  constructor(readonly doc: WitDocument) {}

  /** Follows type aliases to the type they name. */
  unalias(type: WitType): WitType {
    let current = type;
    for (let depth = 0; current.kind === 'named'; depth += 1) {
      const def = this.def(current.ref);
      if (def.kind !== 'alias') return current;
      if (depth > 64) throw new Error(`type alias cycle at ${current.ref.name}`);
      current = def.target;
    }
    return current;
  }

  def(ref: TypeRef): ReturnType<typeof findTypeDef> {
    return findTypeDef(this.doc, ref);
  }

  shape(type: WitType): Shape {
    const resolved = this.unalias(type);
    switch (resolved.kind) {
      case 'primitive':
        return resolved.name === 'string' ? { kind: 'string' } : { kind: 'primitive', name: resolved.name };
      case 'list':
        return { kind: 'list', element: resolved.element };
      case 'option':
        return { kind: 'variant', cases: [null, resolved.inner] };
      case 'result':
        return { kind: 'variant', cases: [resolved.ok, resolved.err] };
      case 'tuple':
        return { kind: 'record', fields: resolved.items };
      case 'handle':
        return { kind: 'handle' };
      case 'named':
        return this.namedShape(resolved.ref);
    }
  }

  private namedShape(ref: TypeRef): Shape {
    const def = this.def(ref);
    switch (def.kind) {
      case 'record':
        return { kind: 'record', fields: def.fields.map((field) => field.type) };
      case 'variant':
        return { kind: 'variant', cases: def.cases.map((item) => item.type) };
      case 'enum':
        return { kind: 'variant', cases: def.cases.map(() => null) };
      case 'flags':
        return { kind: 'flags', count: def.flags.length };
      case 'resource':
        return { kind: 'handle' };
      case 'alias':
        return this.shape(def.target);
    }
  }

  /** Bytes of a variant's discriminant for `count` cases. */
  discriminantSize(count: number): number {
    if (count <= 0x100) return 1;
    return count <= 0x10000 ? 2 : 4;
  }

  /** Bytes a flags value occupies in memory. */
  flagsSize(count: number): number {
    if (count === 0) return 0;
    if (count <= 8) return 1;
    return count <= 16 ? 2 : 4;
  }

  align(type: WitType): number {
    const shape = this.shape(type);
    switch (shape.kind) {
      case 'primitive':
        return PRIMITIVE_LAYOUT[shape.name].size;
      case 'string':
      case 'list':
      case 'handle':
        return 4;
      case 'record':
        return Math.max(1, ...shape.fields.map((field) => this.align(field)));
      case 'variant':
        return Math.max(this.discriminantSize(shape.cases.length), this.maxCaseAlign(shape.cases));
      case 'flags':
        return Math.max(1, Math.min(4, this.flagsSize(shape.count)));
    }
  }

  size(type: WitType): number {
    const shape = this.shape(type);
    switch (shape.kind) {
      case 'primitive':
        return PRIMITIVE_LAYOUT[shape.name].size;
      case 'string':
      case 'list':
        return 8;
      case 'handle':
        return 4;
      case 'record':
        return alignTo(this.fieldOffsets(shape.fields).end, this.align(type));
      case 'variant': {
        const payload = this.variantPayloadOffset(shape.cases);
        const maxCase = Math.max(0, ...shape.cases.map((item) => (item === null ? 0 : this.size(item))));
        return alignTo(payload + maxCase, this.align(type));
      }
      case 'flags':
        return this.flagsSize(shape.count);
    }
  }

  private maxCaseAlign(cases: (WitType | null)[]): number {
    return Math.max(1, ...cases.map((item) => (item === null ? 1 : this.align(item))));
  }

  /** Offset of a variant's payload after its discriminant. */
  variantPayloadOffset(cases: (WitType | null)[]): number {
    return alignTo(this.discriminantSize(cases.length), this.maxCaseAlign(cases));
  }

  /** Offsets of consecutive fields (record, tuple or a function's parameter tuple). */
  fieldOffsets(fields: WitType[]): { offsets: number[]; end: number } {
    let offset = 0;
    const offsets = fields.map((field) => {
      offset = alignTo(offset, this.align(field));
      const at = offset;
      offset += this.size(field);
      return at;
    });
    return { offsets, end: offset };
  }

  /** Size and alignment of a tuple of these types (e.g. parameters passed in memory). */
  tupleLayout(types: WitType[]): { size: number; align: number; offsets: number[] } {
    const { offsets, end } = this.fieldOffsets(types);
    const align = Math.max(1, ...types.map((type) => this.align(type)));
    return { size: alignTo(end, align), align, offsets };
  }

  flatten(type: WitType): CoreType[] {
    const shape = this.shape(type);
    switch (shape.kind) {
      case 'primitive':
        return [PRIMITIVE_LAYOUT[shape.name].flat];
      case 'string':
      case 'list':
        return ['i32', 'i32'];
      case 'handle':
        return ['i32'];
      case 'record':
        return shape.fields.flatMap((field) => this.flatten(field));
      case 'variant':
        return ['i32', ...this.joinedPayload(shape.cases)];
      case 'flags':
        return shape.count === 0 ? [] : ['i32'];
    }
  }

  /** The payload slots of a flattened variant: per position, the join of every case's type. */
  joinedPayload(cases: (WitType | null)[]): CoreType[] {
    const slots: CoreType[] = [];
    for (const item of cases) {
      if (item === null) continue;
      this.flatten(item).forEach((type, index) => {
        const current = slots[index];
        slots[index] = current === undefined ? type : joinCoreTypes(current, type);
      });
    }
    return slots;
  }

  flattenAll(types: WitType[]): CoreType[] {
    return types.flatMap((type) => this.flatten(type));
  }

  /** Whether lowering a value of this type may point into memory (string or list inside). */
  containsPointers(type: WitType): boolean {
    const shape = this.shape(type);
    switch (shape.kind) {
      case 'string':
      case 'list':
        return true;
      case 'record':
        return shape.fields.some((field) => this.containsPointers(field));
      case 'variant':
        return shape.cases.some((item) => item !== null && this.containsPointers(item));
      default:
        return false;
    }
  }
}

/** The canonical ABI join of two core types sharing a variant payload slot. */
export function joinCoreTypes(a: CoreType, b: CoreType): CoreType {
  if (a === b) return a;
  if ((a === 'i32' && b === 'f32') || (a === 'f32' && b === 'i32')) return 'i32';
  return 'i64';
}
