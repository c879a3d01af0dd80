/**
 * The author-facing side of an imported interface: `@external` declarations of the host's
 * functions, typed wrapper functions, and a class per imported resource.
 */
import type { TypeDef, WitFunction } from '../../src-shared/wit/model.ts';
import { canonicalFunctionName, interfaceResources } from '../../src-shared/wit/world.ts';
import type { CallWriter } from './calls.ts';
import { coreSignature } from './calls.ts';
import type { BindgenContext, FileScope, InterfaceFile } from './context.ts';
import { identifier, memberName, snakeCase, typeIdentifier } from './names.ts';
import type { CodeWriter } from './writer.ts';

type ResourceDef = Extract<TypeDef, { kind: 'resource' }>;

const RESERVED_MEMBERS = new Set(['handle', 'owned', 'drop', '_take', '_borrow', '_fromHandle']);

export class ImportWriter {
  constructor(
    private readonly ctx: BindgenContext,
    private readonly calls: CallWriter,
  ) {}

  write(file: InterfaceFile, scope: FileScope, out: CodeWriter): void {
    for (const func of file.iface.functions) this.writeFunction(file, func, scope, out);
    for (const resource of interfaceResources(file.iface)) this.writeResource(file, resource, scope, out);
  }

  private external(file: InterfaceFile, func: WitFunction, out: CodeWriter): string {
    const canonical = canonicalFunctionName(func);
    const name = `import_${snakeCase(canonical.replace(/[[\]]/g, ' ').trim())}`;
    const signature = coreSignature(this.ctx, func, 'import');
    const params = signature.params.map((type, index) => `p${index}: ${type}`).join(', ');
    out.line(`@external("${file.id}", "${canonical}")`);
    out.line(`declare function ${name}(${params}): ${signature.results[0] ?? 'void'};`);
    return name;
  }

  private params(func: WitFunction, skipSelf: boolean, scope: FileScope): { name: string; type: string }[] {
    const params = skipSelf ? func.params.slice(1) : func.params;
    return params.map((param) => ({ name: identifier(param.name), type: this.ctx.asType(param.type, scope) }));
  }

  private returnType(func: WitFunction, scope: FileScope): string {
    return func.result === null ? 'void' : this.ctx.asType(func.result, scope);
  }

  private writeFunction(file: InterfaceFile, func: WitFunction, scope: FileScope, out: CodeWriter): void {
    const external = this.external(file, func, out);
    const params = this.params(func, false, scope);
    out.docs(func.docs);
    out.block(`export function ${identifier(func.name)}(${params.map((param) => `${param.name}: ${param.type}`).join(', ')}): ${this.returnType(func, scope)}`, () => {
      this.callBody(func, external, params.map((param) => param.name), scope, out);
    });
    out.line();
  }

  private callBody(func: WitFunction, external: string, args: string[], scope: FileScope, out: CodeWriter): void {
    const result = this.calls.importCall(func, external, args, scope, out);
    if (result !== null) out.line(`return ${result};`);
  }

  private writeResource(file: InterfaceFile, resource: ResourceDef, scope: FileScope, out: CodeWriter): void {
    const className = typeIdentifier(resource.name);
    for (const func of resource.functions) {
      if (RESERVED_MEMBERS.has(memberName(func.name))) throw new Error(`resource ${resource.name}: a function named \`${func.name}\` clashes with the generated class's members`);
    }
    const externals = resource.functions.map((func) => this.external(file, func, out));
    const dropName = `import_drop_${snakeCase(resource.name)}`;
    out.line(`@external("${file.id}", "[resource-drop]${resource.name}")`);
    out.line(`declare function ${dropName}(handle: i32): void;`);
    out.line();
    out.docs(resource.docs || `A host \`${resource.name}\`; call \`drop()\` when done with it.`);
    out.block(`export class ${className}`, () => {
      out.line('/** The host handle; -1 once dropped or moved into a call that takes ownership. */');
      out.line('handle: i32 = -1;');
      out.line('/** False for a handle borrowed for the duration of one call. */');
      out.line('owned: bool = false;');
      if (!resource.functions.some((func) => func.kind.kind === 'constructor')) out.line().line('private constructor() {}');
      resource.functions.forEach((func, index) => this.writeMember(className, func, externals[index] ?? '', scope, out));
      this.writeHandlePlumbing(className, dropName, out);
    });
    out.line();
  }

  private writeMember(className: string, func: WitFunction, external: string, scope: FileScope, out: CodeWriter): void {
    out.line();
    out.docs(func.docs);
    switch (func.kind.kind) {
      case 'constructor': {
        const params = this.params(func, false, scope);
        out.block(`constructor(${params.map((param) => `${param.name}: ${param.type}`).join(', ')})`, () => {
          const constructorFunc: WitFunction = { ...func, result: { kind: 'primitive', name: 's32' } };
          const handle = this.calls.importCall(constructorFunc, external, params.map((param) => param.name), scope, out);
          out.line(`this.handle = ${handle ?? '-1'};`);
          out.line('this.owned = true;');
        });
        return;
      }
      case 'static': {
        const params = this.params(func, false, scope);
        out.block(`static ${memberName(func.name)}(${params.map((param) => `${param.name}: ${param.type}`).join(', ')}): ${this.returnType(func, scope)}`, () => {
          this.callBody(func, external, params.map((param) => param.name), scope, out);
        });
        return;
      }
      case 'method': {
        const params = this.params(func, true, scope);
        out.block(`${memberName(func.name)}(${params.map((param) => `${param.name}: ${param.type}`).join(', ')}): ${this.returnType(func, scope)}`, () => {
          this.callBody(func, external, ['this', ...params.map((param) => param.name)], scope, out);
        });
        return;
      }
      case 'freestanding':
        throw new Error(`${className}: freestanding function inside a resource`);
    }
  }

  private writeHandlePlumbing(className: string, dropName: string, out: CodeWriter): void {
    out.line();
    out.line('/** Releases the host resource now (a no-op for borrowed or already released handles). */');
    out.block('drop(): void', () => {
      out.line(`if (this.handle >= 0 && this.owned) ${dropName}(this.handle);`);
      out.line('this.handle = -1;');
    });
    out.line();
    out.line('/** @internal Wraps a handle received from the host. */');
    out.block(`static _fromHandle(handle: i32, owned: bool): ${className}`, () => {
      out.line(`const object = changetype<${className}>(__new(offsetof<${className}>(), idof<${className}>()));`);
      out.line('object.handle = handle;');
      out.line('object.owned = owned;');
      out.line('return object;');
    });
    out.line();
    out.line('/** @internal Gives the handle away (ownership moves to the host). */');
    out.block('_take(): i32', () => {
      out.line(`if (this.handle < 0 || !this.owned) throw new Error("${className} was dropped, moved or is only borrowed");`);
      out.line('const handle = this.handle;');
      out.line('this.handle = -1;');
      out.line('return handle;');
    });
    out.line();
    out.line('/** @internal The handle, lent for one call. */');
    out.block('_borrow(): i32', () => {
      out.line(`if (this.handle < 0) throw new Error("${className} was dropped or moved");`);
      out.line('return this.handle;');
    });
  }
}
