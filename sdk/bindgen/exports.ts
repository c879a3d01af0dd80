/**
 * The component entry file: one wasm export per exported function (lifting its arguments,
 * calling the author's implementation, lowering the result), `cabi_post_*` functions that
 * release what the host has read, `[dtor]` functions, and `cabi_realloc`. AssemblyScript
 * cannot emit the canonical names, so each export gets a plain name and a rename entry.
 */
import type { WitFunction } from '../../src-shared/wit/model.ts';
import { canonicalFunctionName, interfaceFunctions, interfaceResources } from '../../src-shared/wit/world.ts';
import { coreSignature, type CallWriter } from './calls.ts';
import { IMPL_ALIAS, type BindgenContext, type FileScope, type InterfaceFile } from './context.ts';
import type { HelperFile } from './helpers.ts';
import { memberName, snakeCase } from './names.ts';
import type { ResourceGlue } from './resources.ts';
import type { CodeWriter } from './writer.ts';

/** What the author's module must export, for docs and error messages. */
export interface AuthorExport {
  name: string;
  kind: 'function' | 'class';
  /** The WIT item it implements, e.g. `fugue:plugin/dsp@0.1.0#create`. */
  implements: string;
}

export class ExportWriter {
  /** AssemblyScript export name → canonical core export name. */
  readonly renames: Record<string, string> = {};
  readonly authorExports: AuthorExport[] = [];
  private readonly taken = new Set<string>();

  constructor(
    private readonly ctx: BindgenContext,
    private readonly helpers: HelperFile,
    private readonly calls: CallWriter,
    private readonly resources: ResourceGlue,
  ) {}

  private exportName(base: string, canonical: string): string {
    let name = base;
    for (let counter = 2; this.taken.has(name); counter += 1) name = `${base}_${counter}`;
    this.taken.add(name);
    this.renames[name] = canonical;
    return name;
  }

  write(scope: FileScope, out: CodeWriter): void {
    for (const file of this.ctx.files.filter((candidate) => candidate.direction === 'export')) {
      for (const func of file.iface.functions) this.authorExports.push({ name: this.ctx.implName(file.id, func.name), kind: 'function', implements: `${file.id}#${func.name}` });
      for (const resource of interfaceResources(file.iface)) this.authorExports.push({ name: this.ctx.implName(file.id, resource.name), kind: 'class', implements: `${file.id}#${resource.name}` });
      for (const func of interfaceFunctions(file.iface)) this.writeFunction(file, func, scope, out);
      for (const resource of interfaceResources(file.iface)) this.writeDestructor(file, resource.name, scope, out);
    }
  }

  private target(file: InterfaceFile, func: WitFunction, scope: FileScope): (args: string[]) => string {
    scope.used.add(IMPL_ALIAS);
    switch (func.kind.kind) {
      case 'freestanding':
        return (args) => `${IMPL_ALIAS}.${this.ctx.implName(file.id, func.name)}(${args.join(', ')})`;
      case 'method': {
        const method = memberName(func.name);
        return ([self, ...args]) => `${self ?? ''}.${method}(${args.join(', ')})`;
      }
      case 'static': {
        const className = this.ctx.implName(file.id, func.kind.resource);
        return (args) => `${IMPL_ALIAS}.${className}.${memberName(func.name)}(${args.join(', ')})`;
      }
      case 'constructor': {
        const className = this.ctx.implName(file.id, func.kind.resource);
        return (args) => `new ${IMPL_ALIAS}.${className}(${args.join(', ')})`;
      }
    }
  }

  private writeFunction(file: InterfaceFile, func: WitFunction, scope: FileScope, out: CodeWriter): void {
    const canonical = canonicalFunctionName(func);
    const base = `${snakeCase(file.module)}__${snakeCase(canonical.replace(/[[\]]/g, ' ').trim())}`;
    const name = this.exportName(base, `${file.id}#${canonical}`);
    const signature = coreSignature(this.ctx, func, 'export');
    const params = signature.params.map((_, index) => `p${index}`);
    out.line(`// ${file.id}#${canonical}`);
    const paramList = signature.params.map((type, index) => `${params[index] ?? ''}: ${type}`).join(', ');
    out.block(`export function ${name}(${paramList}): ${signature.results[0] ?? 'void'}`, () => {
      this.calls.exportBody(func, params, this.target(file, func, scope), scope, out);
    });
    out.line();
    if (func.result !== null && this.ctx.abi.containsPointers(func.result)) {
      const post = this.exportName(`${name}__post`, `cabi_post_${file.id}#${canonical}`);
      out.line('// The host has copied the result: unroot lent objects and free arena blocks.');
      out.block(`export function ${post}(ret: i32): void`, () => out.line(`${this.ctx.rt(scope, 'arenaRelease')}(0);`));
      out.line();
    }
  }

  private writeDestructor(file: InterfaceFile, resource: string, scope: FileScope, out: CodeWriter): void {
    const local = this.resources.declareLocal({ owner: file.id, name: resource });
    const name = this.exportName(`${snakeCase(file.module)}__${snakeCase(resource)}__dtor`, `${file.id}#[dtor]${resource}`);
    out.block(`export function ${name}(rep: i32): void`, () => out.line(`${this.helpers.ref(local.dtor, scope)}(rep);`));
    out.line();
  }

  /** `cabi_realloc`, the allocator the host uses to pass strings and lists in. */
  writeRealloc(scope: FileScope, out: CodeWriter): void {
    this.taken.add('cabi_realloc');
    out.line('// The allocator the host calls to lower strings and lists into guest memory.');
    out.block('export function cabi_realloc(oldPtr: usize, oldSize: usize, align: usize, newSize: usize): usize', () => {
      out.line(`return ${this.ctx.rt(scope, 'realloc')}(oldPtr, oldSize, align, newSize);`);
    });
    out.line();
  }
}
