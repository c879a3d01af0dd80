/**
 * Small pieces shared by lifting and lowering: AssemblyScript spellings of core types and
 * memory accesses, variant payload slot conversions, and how variant-like WIT types
 * (option, result, enum, variant) look in AssemblyScript.
 */
import type { CoreType } from './abi.ts';
import type { BindgenContext, FileScope } from './context.ts';
import type { PrimitiveName, WitType } from '../../src-shared/wit/model.ts';
import { memberName } from './names.ts';
import { flagsType } from './typedefs.ts';

/** The AssemblyScript type of a core wasm value. */
export function coreAs(type: CoreType): string {
  return type;
}

/** Memory access type for a primitive (`load<T>` / `store<T>`). */
export const MEMORY_TYPE: Record<Exclude<PrimitiveName, 'string'>, string> = {
  bool: 'u8',
  u8: 'u8',
  s8: 'i8',
  u16: 'u16',
  s16: 'i16',
  u32: 'u32',
  s32: 'i32',
  char: 'u32',
  u64: 'u64',
  s64: 'i64',
  f32: 'f32',
  f64: 'f64',
};

/** Memory access type of a discriminant of `size` bytes. */
export function discriminantType(size: number): string {
  return size === 1 ? 'u8' : size === 2 ? 'u16' : 'u32';
}

/** Reads a core value of type `want` out of a joined variant slot of type `slot`. */
export function fromSlot(value: string, slot: CoreType, want: CoreType): string {
  if (slot === want) return value;
  if (slot === 'i32' && want === 'f32') return `reinterpret<f32>(${value})`;
  if (slot === 'i64' && want === 'i32') return `<i32>${value}`;
  if (slot === 'i64' && want === 'f32') return `reinterpret<f32>(<i32>${value})`;
  if (slot === 'i64' && want === 'f64') return `reinterpret<f64>(${value})`;
  throw new Error(`cannot read ${want} from a ${slot} slot`);
}

/** Stores a core value of type `have` into a joined variant slot of type `slot`. */
export function toSlot(value: string, have: CoreType, slot: CoreType): string {
  if (slot === have) return value;
  if (slot === 'i32' && have === 'f32') return `reinterpret<i32>(${value})`;
  if (slot === 'i64' && have === 'i32') return `<i64><u32>(${value})`;
  if (slot === 'i64' && have === 'f32') return `<i64>reinterpret<u32>(${value})`;
  if (slot === 'i64' && have === 'f64') return `reinterpret<i64>(${value})`;
  throw new Error(`cannot store ${have} into a ${slot} slot`);
}

/** Zero of a core type, for initialising slots. */
export function coreZero(type: CoreType): string {
  return type === 'f32' || type === 'f64' ? '0.0' : '0';
}

/** The flags storage type for a flags definition. */
export function flagsStorage(ctx: BindgenContext, type: WitType): ReturnType<typeof flagsType> {
  const shape = ctx.abi.shape(type);
  if (shape.kind !== 'flags') throw new Error('not a flags type');
  return flagsType(shape.count);
}

/** How a variant-like WIT type is represented, so lifting and lowering can branch on it. */
export type VariantForm =
  | { form: 'option'; inner: WitType }
  | { form: 'result'; ok: WitType | null; err: WitType | null }
  | { form: 'enum'; name: string }
  | { form: 'variant'; name: string; cases: { method: string; type: WitType | null }[] };

export function variantForm(ctx: BindgenContext, type: WitType, scope: FileScope): VariantForm {
  const resolved = ctx.abi.unalias(type);
  if (resolved.kind === 'option') return { form: 'option', inner: resolved.inner };
  if (resolved.kind === 'result') return { form: 'result', ok: resolved.ok, err: resolved.err };
  if (resolved.kind !== 'named') throw new Error(`not a variant-like type: ${resolved.kind}`);
  const def = ctx.def(resolved.ref);
  const name = ctx.typeName(resolved.ref, scope);
  if (def.kind === 'enum') return { form: 'enum', name };
  if (def.kind !== 'variant') throw new Error(`not a variant-like type: ${def.kind}`);
  return { form: 'variant', name, cases: def.cases.map((item) => ({ method: memberName(item.name), type: item.type })) };
}

/** Wraps a lifted value for `option<inner>`: the value itself, or `new Some<T>(value)`. */
export function wrapOptional(ctx: BindgenContext, inner: WitType, value: string, scope: FileScope): string {
  return ctx.isNonNullableReference(inner) ? value : `new ${ctx.rt(scope, 'Some')}<${ctx.asType(inner, scope)}>(${value})`;
}

/** Reads the payload of an optional value already checked non-null (a local, so AS narrows it). */
export function unwrapOptional(ctx: BindgenContext, inner: WitType, value: string): string {
  return ctx.isNonNullableReference(inner) ? value : `${value}.value`;
}

/** An AS expression constructing case `index` of a variant-like type from its lifted payload. */
export function constructCase(ctx: BindgenContext, form: VariantForm, type: WitType, index: number, payload: string | null, scope: FileScope): string {
  switch (form.form) {
    case 'option':
      return index === 0 ? 'null' : wrapOptional(ctx, form.inner, payload ?? '0', scope);
    case 'result': {
      if (form.ok === null) {
        if (form.err === null) return index === 0 ? 'true' : 'false';
        return index === 0 ? 'null' : wrapOptional(ctx, form.err, payload ?? '0', scope);
      }
      const resultType = ctx.asType(type, scope).replace(/^[^<]*/, '');
      return `${ctx.rt(scope, 'Result')}.${index === 0 ? 'ok' : 'err'}${resultType}(${payload ?? '0'})`;
    }
    case 'enum':
      return `<${form.name}>${index}`;
    case 'variant': {
      const item = form.cases[index];
      if (item === undefined) throw new Error(`variant has no case ${index}`);
      return `${form.name}.${item.method}(${payload ?? ''})`;
    }
  }
}

/** The payload types of a variant-like type's cases, in discriminant order. */
export function caseTypes(ctx: BindgenContext, type: WitType): (WitType | null)[] {
  const shape = ctx.abi.shape(type);
  if (shape.kind !== 'variant') throw new Error('not a variant-like type');
  return shape.cases;
}
