/**
 * Lifting: turning canonical ABI values the host handed the guest (export parameters,
 * import results) into AssemblyScript values. Strings and lists arrive in blocks the host
 * allocated with `cabi_realloc`; lifting copies them out and frees the blocks.
 */
import type { WitType } from '../../src-shared/wit/model.ts';
import type { CoreType } from './abi.ts';
import type { BindgenContext, FileScope } from './context.ts';
import { caseTypes, constructCase, coreAs, discriminantType, flagsStorage, fromSlot, MEMORY_TYPE, variantForm } from './convert.ts';
import type { HelperFile } from './helpers.ts';
import { memberName } from './names.ts';
import type { ResourceGlue } from './resources.ts';
import type { CodeWriter } from './writer.ts';

export class Lifter {
  constructor(
    private readonly ctx: BindgenContext,
    private readonly helpers: HelperFile,
    private readonly resources: ResourceGlue,
  ) {}

  private get own(): FileScope {
    return this.helpers.scope;
  }

  /** An expression lifting `type` from its flat core values `values`. */
  flat(type: WitType, values: string[], scope: FileScope): string {
    const shape = this.ctx.abi.shape(type);
    const [first = '0', second = '0'] = values;
    switch (shape.kind) {
      case 'primitive':
        return liftPrimitive(shape.name, first);
      case 'string':
        return `${this.ctx.rt(scope, 'liftString')}(<u32>${first}, <u32>${second})`;
      case 'list':
        return `${this.listHelper(type, shape.element, scope)}(<u32>${first}, <u32>${second})`;
      case 'handle':
        return `${this.resources.liftHandle(type, scope)}(${first})`;
      case 'flags':
        return `<${flagsStorage(this.ctx, type)}>${first}`;
      case 'variant': {
        const form = variantForm(this.ctx, type, scope);
        if (form.form === 'enum') return `<${form.name}>${first}`;
        return `${this.flatHelper(type, scope)}(${values.join(', ')})`;
      }
      case 'record':
        return `${this.flatHelper(type, scope)}(${values.join(', ')})`;
    }
  }

  /** An expression lifting `type` from linear memory at address expression `ptr`. */
  memory(type: WitType, ptr: string, scope: FileScope): string {
    const shape = this.ctx.abi.shape(type);
    switch (shape.kind) {
      case 'primitive':
        return shape.name === 'bool' ? `(load<u8>(${ptr}) != 0)` : `load<${MEMORY_TYPE[shape.name]}>(${ptr})`;
      case 'string':
      case 'list':
        return this.flat(type, [`load<u32>(${ptr})`, `load<u32>(${ptr}, 4)`], scope);
      case 'handle':
        return this.flat(type, [`load<i32>(${ptr})`], scope);
      case 'flags':
        return `load<${flagsStorage(this.ctx, type)}>(${ptr})`;
      case 'variant': {
        const form = variantForm(this.ctx, type, scope);
        if (form.form === 'enum') return `<${form.name}>load<${discriminantType(this.ctx.abi.discriminantSize(shape.cases.length))}>(${ptr})`;
        return `${this.memoryHelper(type, scope)}(${ptr})`;
      }
      case 'record':
        return `${this.memoryHelper(type, scope)}(${ptr})`;
    }
  }

  private listHelper(type: WitType, element: WitType, scope: FileScope): string {
    const typed = this.ctx.typedArray(element);
    if (typed !== undefined) return `${this.ctx.rt(scope, 'liftTypedArray')}<${typed}>`;
    const name = `liftList_${this.ctx.typeKey(element)}`;
    return this.helpers.use(name, scope, (out) => {
      const asType = this.ctx.asType(type, this.own);
      const size = this.ctx.abi.size(element);
      out.block(`export function ${name}(ptr: u32, len: u32): ${asType}`, () => {
        out.line(`const result = new ${asType}(<i32>len);`);
        out.block('for (let i: u32 = 0; i < len; i++)', () => {
          out.line(`unchecked(result[i] = ${this.memory(element, `<usize>ptr + <usize>i * ${size}`, this.own)});`);
        });
        out.line('heap.free(<usize>ptr);');
        out.line('return result;');
      });
    });
  }

  /** A helper `liftFlat_<key>(p0, p1, …)` for records, tuples and variants. */
  private flatHelper(type: WitType, scope: FileScope): string {
    const name = `liftFlat_${this.ctx.typeKey(type)}`;
    return this.helpers.use(name, scope, (out) => {
      const flat = this.ctx.abi.flatten(type);
      const params = flat.map((core, index) => `p${index}: ${coreAs(core)}`).join(', ');
      const values = flat.map((_, index) => `p${index}`);
      out.block(`export function ${name}(${params}): ${this.ctx.asType(type, this.own)}`, () => {
        if (this.ctx.abi.shape(type).kind === 'record') this.flatRecordBody(type, values, out);
        else this.flatVariantBody(type, values, flat, out);
      });
    });
  }

  private flatRecordBody(type: WitType, values: string[], out: CodeWriter): void {
    let next = 0;
    const fieldValue = (field: WitType): string => {
      const count = this.ctx.abi.flatten(field).length;
      const slice = values.slice(next, next + count);
      next += count;
      return this.flat(field, slice, this.own);
    };
    this.construct(type, fieldValue, out);
  }

  /** Writes `return <new record or tuple>` with each field's value from `fieldValue`. */
  private construct(type: WitType, fieldValue: (field: WitType, index: number) => string, out: CodeWriter): void {
    const resolved = this.ctx.abi.unalias(type);
    const asType = this.ctx.asType(type, this.own);
    if (resolved.kind === 'tuple') {
      out.line(`return new ${asType}(${resolved.items.map((item, index) => fieldValue(item, index)).join(', ')});`);
      return;
    }
    if (resolved.kind !== 'named') throw new Error('not a record');
    const def = this.ctx.def(resolved.ref);
    if (def.kind !== 'record') throw new Error('not a record');
    out.line(`const result: ${asType} = {`);
    def.fields.forEach((field, index) => out.line(`  ${memberName(field.name)}: ${fieldValue(field.type, index)},`));
    out.line('};');
    out.line('return result;');
  }

  private flatVariantBody(type: WitType, values: string[], flat: CoreType[], out: CodeWriter): void {
    const form = variantForm(this.ctx, type, this.own);
    const slots = flat.slice(1);
    out.block(`switch (${values[0] ?? '0'})`, () => {
      caseTypes(this.ctx, type).forEach((caseType, index) => {
        let payload: string | null = null;
        if (caseType !== null) {
          const wanted = this.ctx.abi.flatten(caseType);
          const converted = wanted.map((core, slot) => fromSlot(values[slot + 1] ?? '0', slots[slot] ?? core, core));
          payload = this.flat(caseType, converted, this.own);
        }
        out.line(`case ${index}: return ${constructCase(this.ctx, form, type, index, payload, this.own)};`);
      });
    });
    out.line('throw new Error("invalid variant discriminant");');
  }

  /** A helper `liftMem_<key>(ptr)` for records, tuples and variants in memory. */
  private memoryHelper(type: WitType, scope: FileScope): string {
    const name = `liftMem_${this.ctx.typeKey(type)}`;
    return this.helpers.use(name, scope, (out) => {
      out.block(`export function ${name}(ptr: usize): ${this.ctx.asType(type, this.own)}`, () => {
        const shape = this.ctx.abi.shape(type);
        if (shape.kind === 'record') {
          const { offsets } = this.ctx.abi.fieldOffsets(shape.fields);
          this.construct(type, (field, index) => this.memory(field, `ptr + ${offsets[index] ?? 0}`, this.own), out);
        } else if (shape.kind === 'variant') {
          this.memoryVariantBody(type, shape.cases, out);
        }
      });
    });
  }

  private memoryVariantBody(type: WitType, cases: (WitType | null)[], out: CodeWriter): void {
    const form = variantForm(this.ctx, type, this.own);
    const payloadOffset = this.ctx.abi.variantPayloadOffset(cases);
    const discriminant = discriminantType(this.ctx.abi.discriminantSize(cases.length));
    out.block(`switch (load<${discriminant}>(ptr))`, () => {
      cases.forEach((caseType, index) => {
        const payload = caseType === null ? null : this.memory(caseType, `ptr + ${payloadOffset}`, this.own);
        out.line(`case ${index}: return ${constructCase(this.ctx, form, type, index, payload, this.own)};`);
      });
    });
    out.line('throw new Error("invalid variant discriminant");');
  }
}

function liftPrimitive(name: string, value: string): string {
  switch (name) {
    case 'bool':
      return `(${value} != 0)`;
    case 'u8':
      return `<u8>${value}`;
    case 's8':
      return `<i8>${value}`;
    case 'u16':
      return `<u16>${value}`;
    case 's16':
      return `<i16>${value}`;
    case 'u32':
    case 'char':
      return `<u32>${value}`;
    case 'u64':
      return `<u64>${value}`;
    default:
      return value;
  }
}
