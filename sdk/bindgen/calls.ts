/**
 * Core signatures of lowered/lifted functions and the bodies that move values across them,
 * shared by import wrappers and export wrappers.
 */
import type { WitFunction, WitType } from '../../src-shared/wit/model.ts';
import { MAX_FLAT_PARAMS, MAX_FLAT_RESULTS, type CoreType } from './abi.ts';
import type { BindgenContext, FileScope } from './context.ts';
import type { HelperFile } from './helpers.ts';
import type { Lifter } from './lift.ts';
import type { Lowerer } from './lower.ts';
import type { CodeWriter } from './writer.ts';

export interface CoreSignature {
  params: CoreType[];
  results: CoreType[];
  /** Parameters are passed as one pointer to a tuple in memory. */
  indirectParams: boolean;
  /** Results are returned through memory (a return pointer). */
  indirectResult: boolean;
}

/** The core signature of a function, for a lowered import (`import`) or a lifted export. */
export function coreSignature(ctx: BindgenContext, func: WitFunction, side: 'import' | 'export'): CoreSignature {
  const flatParams = ctx.abi.flattenAll(func.params.map((param) => param.type));
  const flatResults = func.result === null ? [] : ctx.abi.flatten(func.result);
  const indirectParams = flatParams.length > MAX_FLAT_PARAMS;
  const indirectResult = flatResults.length > MAX_FLAT_RESULTS;
  const params: CoreType[] = indirectParams ? ['i32'] : flatParams;
  if (!indirectResult) return { params, results: flatResults, indirectParams, indirectResult };
  return side === 'import' ? { params: [...params, 'i32'], results: [], indirectParams, indirectResult } : { params, results: ['i32'], indirectParams, indirectResult };
}

/** Bytes of a function's result when it travels through memory (0 otherwise). */
export function resultAreaSize(ctx: BindgenContext, func: WitFunction): number {
  if (func.result === null || ctx.abi.flatten(func.result).length <= MAX_FLAT_RESULTS) return 0;
  return ctx.abi.size(func.result);
}

export const IMPORT_RET = 'IMPORT_RET';
export const EXPORT_RET = 'EXPORT_RET';

/** Generates the bodies of import wrappers (guest → host) and export wrappers (host → guest). */
export class CallWriter {
  /** Largest result area any import / export needs (sizes the static return areas). */
  importRetSize = 0;
  exportRetSize = 0;

  constructor(
    private readonly ctx: BindgenContext,
    private readonly helpers: HelperFile,
    private readonly lifter: Lifter,
    private readonly lowerer: Lowerer,
  ) {}

  /**
   * Writes a call of the external `external` with AS argument expressions `args` (one per
   * WIT parameter) and returns the expression of the lifted result, or null.
   */
  importCall(func: WitFunction, external: string, args: string[], scope: FileScope, out: CodeWriter): string | null {
    const signature = coreSignature(this.ctx, func, 'import');
    const rt = (name: string): string => this.ctx.rt(scope, name);
    const arena = signature.indirectParams || func.params.some((param) => this.usesArena(param.type));
    if (arena) out.line(`const $mark = ${rt('arenaMark')}();`);
    const coreArgs: string[] = [];
    if (signature.indirectParams) {
      const layout = this.ctx.abi.tupleLayout(func.params.map((param) => param.type));
      out.line(`const $args = ${rt('arenaAlloc')}(${layout.size});`);
      func.params.forEach((param, index) => this.lowerer.memory(param.type, args[index] ?? '', `$args + ${layout.offsets[index] ?? 0}`, scope, out));
      coreArgs.push('<i32>$args');
    } else {
      func.params.forEach((param, index) => coreArgs.push(...this.lowerer.flat(param.type, args[index] ?? '', scope, out)));
    }
    const retArea = this.helpers.ref(IMPORT_RET, scope);
    if (signature.indirectResult) {
      coreArgs.push(`<i32>${retArea}`);
      this.importRetSize = Math.max(this.importRetSize, resultAreaSize(this.ctx, func));
    }
    const call = `${external}(${coreArgs.join(', ')})`;
    out.line(signature.results.length === 1 ? `const $ret = ${call};` : `${call};`);
    if (arena) out.line(`${rt('arenaRelease')}($mark);`);
    if (func.result === null) return null;
    return signature.indirectResult ? this.lifter.memory(func.result, retArea, scope) : this.lifter.flat(func.result, ['$ret'], scope);
  }

  /** Whether lowering a value of this type to flat values writes arena blocks. */
  private usesArena(type: WitType): boolean {
    const shape = this.ctx.abi.shape(type);
    switch (shape.kind) {
      case 'list':
        return this.ctx.typedArray(shape.element) === undefined;
      case 'record':
        return shape.fields.some((field) => this.usesArena(field));
      case 'variant':
        return shape.cases.some((item) => item !== null && this.usesArena(item));
      default:
        return false;
    }
  }

  /**
   * Writes an export wrapper's body: lifts the core parameters `params`, calls `target`
   * (given the lifted argument expressions) and lowers its result.
   */
  exportBody(func: WitFunction, params: string[], target: (args: string[]) => string, scope: FileScope, out: CodeWriter): void {
    const signature = coreSignature(this.ctx, func, 'export');
    const args = this.liftParams(func, signature, params, scope, out);
    if (func.result === null) {
      out.line(`${target(args)};`);
      return;
    }
    out.line(`const $result = ${target(args)};`);
    if (!signature.indirectResult) {
      const [value = '0'] = this.lowerer.flat(func.result, '$result', scope, out);
      out.line(`return ${value};`);
      return;
    }
    this.exportRetSize = Math.max(this.exportRetSize, resultAreaSize(this.ctx, func));
    const retArea = this.helpers.ref(EXPORT_RET, scope);
    this.lowerer.memory(func.result, '$result', retArea, scope, out);
    out.line(`return <i32>${retArea};`);
  }

  private liftParams(func: WitFunction, signature: CoreSignature, params: string[], scope: FileScope, out: CodeWriter): string[] {
    if (signature.indirectParams) {
      const layout = this.ctx.abi.tupleLayout(func.params.map((param) => param.type));
      const names = func.params.map((param, index) => {
        const name = `$arg${index}`;
        out.line(`const ${name} = ${this.lifter.memory(param.type, `<usize>${params[0] ?? '0'} + ${layout.offsets[index] ?? 0}`, scope)};`);
        return name;
      });
      out.line(`heap.free(<usize>${params[0] ?? '0'});`);
      return names;
    }
    let next = 0;
    return func.params.map((param, index) => {
      const count = this.ctx.abi.flatten(param.type).length;
      const values = params.slice(next, next + count);
      next += count;
      const name = `$arg${index}`;
      out.line(`const ${name} = ${this.lifter.flat(param.type, values, scope)};`);
      return name;
    });
  }
}
