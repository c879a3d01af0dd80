/**
 * Lowering: turning AssemblyScript values into canonical ABI values for the host (import
 * parameters, export results). Strings and numeric lists are lent zero-copy (their address
 * is passed and the object rooted until the host has read it); other lists are written to
 * raw arena blocks released after the import call or in the export's post-return.
 */
import type { WitType } from '../../src-shared/wit/model.ts';
import type { BindgenContext, FileScope } from './context.ts';
import { caseTypes, coreAs, coreZero, discriminantType, flagsStorage, MEMORY_TYPE, toSlot, unwrapOptional, variantForm, type VariantForm } from './convert.ts';
import type { HelperFile } from './helpers.ts';
import { memberName } from './names.ts';
import type { ResourceGlue } from './resources.ts';
import type { CodeWriter } from './writer.ts';

/** One case of a variant-like value being lowered: its guard and payload expression. */
interface CaseBranch {
  index: number;
  payloadType: WitType | null;
  payload: string;
}

export class Lowerer {
  constructor(
    private readonly ctx: BindgenContext,
    private readonly helpers: HelperFile,
    private readonly resources: ResourceGlue,
  ) {}

  private get own(): FileScope {
    return this.helpers.scope;
  }

  /** Writes statements lowering `value` to flat core values and returns their expressions. */
  flat(type: WitType, value: string, scope: FileScope, out: CodeWriter): string[] {
    const shape = this.ctx.abi.shape(type);
    switch (shape.kind) {
      case 'primitive':
        return [lowerPrimitive(shape.name, value)];
      case 'string': {
        const bound = bind(value, out);
        return [`<i32>changetype<usize>(${bound})`, `${bound}.length`];
      }
      case 'list': {
        const bound = bind(value, out);
        const typed = this.ctx.typedArray(shape.element);
        // Explicit type argument: a narrowed nullable local would otherwise infer `T | null`.
        const ptr = typed !== undefined ? `${this.ctx.rt(scope, 'typedArrayPtr')}<${typed}>(${bound})` : `${this.listHelper(type, shape.element, scope)}(${bound})`;
        return [ptr, `${bound}.length`];
      }
      case 'handle':
        return [`${this.resources.lowerHandle(type, scope)}(${value})`];
      case 'flags':
        return [`<i32>${value}`];
      case 'record':
        return this.flatRecord(type, bind(value, out), scope, out);
      case 'variant':
        return this.flatVariant(type, value, scope, out);
    }
  }

  private fieldAccessors(type: WitType, value: string): { type: WitType; value: string }[] {
    const resolved = this.ctx.abi.unalias(type);
    if (resolved.kind === 'tuple') return resolved.items.map((item, index) => ({ type: item, value: `${value}.v${index}` }));
    if (resolved.kind !== 'named') throw new Error('not a record');
    const def = this.ctx.def(resolved.ref);
    if (def.kind !== 'record') throw new Error('not a record');
    return def.fields.map((field) => ({ type: field.type, value: `${value}.${memberName(field.name)}` }));
  }

  private flatRecord(type: WitType, value: string, scope: FileScope, out: CodeWriter): string[] {
    return this.fieldAccessors(type, value).flatMap((field) => this.flat(field.type, field.value, scope, out));
  }

  private flatVariant(type: WitType, value: string, scope: FileScope, out: CodeWriter): string[] {
    const form = variantForm(this.ctx, type, scope);
    if (form.form === 'enum') return [`<i32>${value}`];
    const bound = bind(value, out);
    const flat = this.ctx.abi.flatten(type);
    const locals = flat.map((core) => {
      const name = out.temp();
      out.line(`let ${name}: ${coreAs(core)} = ${coreZero(core)};`);
      return name;
    });
    const [discriminant = '0', ...slots] = locals;
    const slotTypes = flat.slice(1);
    this.branches(form, type, bound, out, (branch) => {
      out.line(`${discriminant} = ${branch.index};`);
      if (branch.payloadType === null) return;
      const have = this.ctx.abi.flatten(branch.payloadType);
      const values = this.flat(branch.payloadType, branch.payload, scope, out);
      values.forEach((item, index) => out.line(`${slots[index] ?? '_'} = ${toSlot(item, have[index] ?? 'i32', slotTypes[index] ?? 'i32')};`));
    });
    return locals;
  }

  /** Writes an if/switch over the cases of a variant-like value, calling `body` in each. */
  private branches(form: VariantForm, type: WitType, value: string, out: CodeWriter, body: (branch: CaseBranch) => void): void {
    const cases = caseTypes(this.ctx, type);
    const branch = (index: number, payload: string): CaseBranch => ({ index, payloadType: cases[index] ?? null, payload });
    switch (form.form) {
      case 'option': {
        const inner = form.inner;
        out.ifElse(`${value} === null`, () => body(branch(0, '')), () => body(branch(1, unwrapOptional(this.ctx, inner, value))));
        return;
      }
      case 'result': {
        const err = form.err;
        if (form.ok === null && err === null) out.ifElse(value, () => body(branch(0, '')), () => body(branch(1, '')));
        else if (form.ok === null && err !== null) out.ifElse(`${value} === null`, () => body(branch(0, '')), () => body(branch(1, unwrapOptional(this.ctx, err, value))));
        else out.ifElse(`${value}.isOk`, () => body(branch(0, `${value}.value`)), () => body(branch(1, `${value}.error`)));
        return;
      }
      case 'enum':
        throw new Error('enums are lowered directly');
      case 'variant':
        out.block(`switch (<i32>${value}.tag)`, () => {
          form.cases.forEach((item, index) => {
            out.block(`case ${index}:`, () => {
              body(branch(index, `${value}.${item.method}`));
              out.line('break;');
            });
          });
          out.line('default: throw new Error("invalid variant tag");');
        });
        return;
    }
  }

  /** Writes statements storing `value` at address expression `ptr`. */
  memory(type: WitType, value: string, ptr: string, scope: FileScope, out: CodeWriter): void {
    const shape = this.ctx.abi.shape(type);
    switch (shape.kind) {
      case 'primitive':
        out.line(shape.name === 'bool' ? `store<u8>(${ptr}, ${value} ? 1 : 0);` : `store<${MEMORY_TYPE[shape.name]}>(${ptr}, ${value});`);
        return;
      case 'string':
        out.line(`${this.ctx.rt(scope, 'lowerString')}(${value}, ${ptr});`);
        return;
      case 'list': {
        const typed = this.ctx.typedArray(shape.element);
        if (typed !== undefined) {
          out.line(`${this.ctx.rt(scope, 'lowerTypedArray')}<${typed}>(${value}, ${ptr});`);
          return;
        }
        const bound = bind(value, out);
        out.line(`store<u32>(${ptr}, <u32>${this.listHelper(type, shape.element, scope)}(${bound}));`);
        out.line(`store<u32>(${ptr}, <u32>${bound}.length, 4);`);
        return;
      }
      case 'handle':
        out.line(`store<i32>(${ptr}, ${this.resources.lowerHandle(type, scope)}(${value}));`);
        return;
      case 'flags':
        out.line(`store<${flagsStorage(this.ctx, type)}>(${ptr}, ${value});`);
        return;
      case 'variant': {
        const form = variantForm(this.ctx, type, scope);
        const discriminant = discriminantType(this.ctx.abi.discriminantSize(shape.cases.length));
        if (form.form === 'enum') out.line(`store<${discriminant}>(${ptr}, <${discriminant}>${value});`);
        else out.line(`${this.memoryHelper(type, scope)}(${value}, ${ptr});`);
        return;
      }
      case 'record':
        out.line(`${this.memoryHelper(type, scope)}(${value}, ${ptr});`);
        return;
    }
  }

  /** `lowerList_<key>(list): ptr` writing elements to an arena block. */
  private listHelper(type: WitType, element: WitType, scope: FileScope): string {
    const name = `lowerList_${this.ctx.typeKey(element)}`;
    return this.helpers.use(name, scope, (out) => {
      const size = this.ctx.abi.size(element);
      out.block(`export function ${name}(list: ${this.ctx.asType(type, this.own)}): i32`, () => {
        out.line('const len = list.length;');
        out.line(`const base = ${this.ctx.rt(this.own, 'arenaAlloc')}(<usize>len * ${size});`);
        out.block('for (let i = 0; i < len; i++)', () => {
          out.line('const item = unchecked(list[i]);');
          this.memory(element, 'item', `base + <usize>i * ${size}`, this.own, out);
        });
        out.line('return <i32>base;');
      });
    });
  }

  /** `lowerMem_<key>(value, ptr)` for records, tuples and variants. */
  private memoryHelper(type: WitType, scope: FileScope): string {
    const name = `lowerMem_${this.ctx.typeKey(type)}`;
    return this.helpers.use(name, scope, (out) => {
      out.block(`export function ${name}(value: ${this.ctx.asType(type, this.own)}, ptr: usize): void`, () => {
        const shape = this.ctx.abi.shape(type);
        if (shape.kind === 'record') {
          const { offsets } = this.ctx.abi.fieldOffsets(shape.fields);
          this.fieldAccessors(type, 'value').forEach((field, index) => this.memory(field.type, field.value, `ptr + ${offsets[index] ?? 0}`, this.own, out));
          return;
        }
        if (shape.kind !== 'variant') throw new Error('not a record or variant');
        const form = variantForm(this.ctx, type, this.own);
        const payloadOffset = this.ctx.abi.variantPayloadOffset(shape.cases);
        const discriminant = discriminantType(this.ctx.abi.discriminantSize(shape.cases.length));
        this.branches(form, type, 'value', out, (branch) => {
          out.line(`store<${discriminant}>(ptr, ${branch.index});`);
          if (branch.payloadType !== null) this.memory(branch.payloadType, branch.payload, `ptr + ${payloadOffset}`, this.own, out);
        });
      });
    });
  }
}

/** Binds an expression to a fresh local so it is evaluated once. */
function bind(value: string, out: CodeWriter): string {
  if (/^[$\w]+$/.test(value)) return value;
  const name = out.temp();
  out.line(`const ${name} = ${value};`);
  return name;
}

function lowerPrimitive(name: string, value: string): string {
  switch (name) {
    case 'bool':
      return `(${value} ? 1 : 0)`;
    case 'u64':
    case 's64':
      return `<i64>${value}`;
    case 'f32':
    case 'f64':
      return value;
    default:
      return `<i32>${value}`;
  }
}

