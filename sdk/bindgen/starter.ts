/**
 * A starting point for the author module of a world: every export the generated glue calls,
 * with the right signature and a body that aborts with "not implemented". `fugue-plugin init`
 * writes it once; authors then fill it in.
 */
import type { WitDocument, WitFunction } from '../../src-shared/wit/model.ts';
import { interfaceResources } from '../../src-shared/wit/world.ts';
import { BindgenContext, IMPL_ALIAS, RT_ALIAS, type FileScope, type InterfaceFile } from './context.ts';
import { identifier, memberName } from './names.ts';
import { CodeWriter } from './writer.ts';

export interface StarterOptions {
  /** Import path of the generated folder from the author module, e.g. `./generated/main`. */
  generatedPath: string;
}

/** AssemblyScript source of an author module implementing `worldName` with stubs. */
export function generateStarter(doc: WitDocument, worldName: string, options: StarterOptions): string {
  const ctx = new BindgenContext(doc, worldName);
  const scope: FileScope = { module: IMPL_ALIAS, used: new Set() };
  const body = new CodeWriter();
  for (const file of ctx.files.filter((candidate) => candidate.direction === 'export')) writeInterface(ctx, file, scope, body);
  const imports = [
    ...(scope.used.has(RT_ALIAS) ? [`import * as ${RT_ALIAS} from "${options.generatedPath}/rt";`] : []),
    ...ctx.files.filter((file) => scope.used.has(file.alias)).map((file) => `import * as ${file.alias} from "${options.generatedPath}/${file.module}";`),
  ];
  return `// Implementation of world ${ctx.world.id}. Replace each "not implemented" body.\n${imports.join('\n')}\n\n${body.toString()}`;
}

function signature(ctx: BindgenContext, func: WitFunction, skipSelf: boolean, scope: FileScope): string {
  const params = (skipSelf ? func.params.slice(1) : func.params).map((param) => `${identifier(param.name)}: ${ctx.asType(param.type, scope)}`);
  return `(${params.join(', ')})`;
}

function returnType(ctx: BindgenContext, func: WitFunction, scope: FileScope): string {
  return func.result === null ? 'void' : ctx.asType(func.result, scope);
}

function stub(out: CodeWriter, name: string): void {
  out.line(`throw new Error("not implemented: ${name}");`);
}

function writeInterface(ctx: BindgenContext, file: InterfaceFile, scope: FileScope, out: CodeWriter): void {
  out.line(`// ---- ${file.id}`);
  out.line();
  for (const func of file.iface.functions) {
    out.docs(func.docs);
    out.block(`export function ${ctx.implName(file.id, func.name)}${signature(ctx, func, false, scope)}: ${returnType(ctx, func, scope)}`, () => stub(out, func.name));
    out.line();
  }
  for (const resource of interfaceResources(file.iface)) {
    out.docs(resource.docs);
    out.block(`export class ${ctx.implName(file.id, resource.name)}`, () => {
      for (const func of resource.functions) {
        out.docs(func.docs);
        const name = `${resource.name}.${func.name}`;
        if (func.kind.kind === 'constructor') out.block(`constructor${signature(ctx, func, false, scope)}`, () => stub(out, name));
        else if (func.kind.kind === 'static') out.block(`static ${memberName(func.name)}${signature(ctx, func, false, scope)}: ${returnType(ctx, func, scope)}`, () => stub(out, name));
        else out.block(`${memberName(func.name)}${signature(ctx, func, true, scope)}: ${returnType(ctx, func, scope)}`, () => stub(out, name));
      }
      out.line('/** Called when the host drops its last handle. */');
      out.line('dispose(): void {}');
    });
    out.line();
  }
}
