/**
 * Resource handles. Imported resources are AS classes holding the host's handle.
 * Resources the component exports are the author's classes, kept alive in a table keyed
 * by the `rep` the host stores in its handle table; `[dtor]` removes them from the table.
 */
import type { TypeRef, WitType } from '../../src-shared/wit/model.ts';
import type { BindgenContext, FileScope } from './context.ts';
import type { HelperFile } from './helpers.ts';
import { snakeCase } from './names.ts';

export class ResourceGlue {
  private readonly declaredLocal = new Set<string>();

  constructor(
    private readonly ctx: BindgenContext,
    private readonly helpers: HelperFile,
  ) {}

  private key(ref: TypeRef): string {
    return `${snakeCase(this.ctx.fileOf(ref.owner).module)}_${snakeCase(ref.name)}`;
  }

  private handleType(type: WitType): Extract<WitType, { kind: 'handle' }> {
    const resolved = this.ctx.abi.unalias(type);
    if (resolved.kind !== 'handle') throw new Error('not a handle type');
    return resolved;
  }

  /** Name of the helper turning a core handle (or rep, for borrowed own resources) into an object. */
  liftHandle(type: WitType, scope: FileScope): string {
    const handle = this.handleType(type);
    const name = `liftHandle_${handle.ownership}_${this.key(handle.resource)}`;
    return this.helpers.use(name, scope, (out) => {
      const own = this.helpers.scope;
      const asType = this.ctx.typeName(handle.resource, own);
      out.block(`export function ${name}(handle: i32): ${asType}`, () => {
        if (!this.ctx.isLocalResource(handle.resource)) {
          out.line(`return ${asType}._fromHandle(handle, ${handle.ownership === 'own'});`);
          return;
        }
        const local = this.declareLocal(handle.resource);
        if (handle.ownership === 'borrow') {
          out.line(`return ${local.table}.get(<u32>handle);`);
          return;
        }
        // An owned handle of our own resource comes back: take the object out of the table
        // first so dropping the handle (which runs the destructor) leaves it to the caller.
        out.line(`const rep = <u32>${local.rep}(handle);`);
        out.line(`const object = ${local.table}.get(rep);`);
        out.line(`${local.table}.delete(rep);`);
        out.line(`${local.drop}(handle);`);
        out.line('return object;');
      });
    });
  }

  /** Name of the helper turning an object into the core handle passed to the host. */
  lowerHandle(type: WitType, scope: FileScope): string {
    const handle = this.handleType(type);
    const name = `lowerHandle_${handle.ownership}_${this.key(handle.resource)}`;
    return this.helpers.use(name, scope, (out) => {
      const own = this.helpers.scope;
      const asType = this.ctx.typeName(handle.resource, own);
      out.block(`export function ${name}(object: ${asType}): i32`, () => {
        if (!this.ctx.isLocalResource(handle.resource)) {
          out.line(handle.ownership === 'own' ? 'return object._take();' : 'return object._borrow();');
          return;
        }
        if (handle.ownership === 'borrow') {
          throw new Error(`passing borrow<${handle.resource.name}> of a resource this component implements to an import is not supported`);
        }
        const local = this.declareLocal(handle.resource);
        out.line(`const rep = ${local.next};`);
        out.line(`${local.next} = rep == 0xffffffff ? 1 : rep + 1;`);
        out.line(`${local.table}.set(rep, object);`);
        out.line(`return ${local.create}(<i32>rep);`);
      });
    });
  }

  /** Declares (once) the table, rep counter and canonical resource imports of a local resource. */
  declareLocal(ref: TypeRef): { table: string; next: string; create: string; rep: string; drop: string; dtor: string } {
    const key = this.key(ref);
    const names = { table: `table_${key}`, next: `nextRep_${key}`, create: `resourceNew_${key}`, rep: `resourceRep_${key}`, drop: `resourceDrop_${key}`, dtor: `dtor_${key}` };
    if (this.declaredLocal.has(key)) return names;
    this.declaredLocal.add(key);
    const own = this.helpers.scope;
    const asType = this.ctx.typeName(ref, own);
    const module = `[export]${ref.owner}`;
    this.helpers.addPreamble(
      [
        `// ${ref.name}: objects the host holds handles to, by rep; the map keeps them from the GC.`,
        `const ${names.table} = new Map<u32, ${asType}>();`,
        `let ${names.next}: u32 = 1;`,
        `@external("${module}", "[resource-new]${ref.name}")`,
        `declare function ${names.create}(rep: i32): i32;`,
        `@external("${module}", "[resource-rep]${ref.name}")`,
        `declare function ${names.rep}(handle: i32): i32;`,
        `@external("${module}", "[resource-drop]${ref.name}")`,
        `declare function ${names.drop}(handle: i32): void;`,
        '',
        `/** The host dropped its last handle: release the object (calling its \`dispose()\` if it has one). */`,
        `export function ${names.dtor}(rep: i32): void {`,
        `  const key = <u32>rep;`,
        `  if (!${names.table}.has(key)) return;`,
        `  const object = ${names.table}.get(key);`,
        `  ${names.table}.delete(key);`,
        `  // @ts-ignore: compile-time check for an optional method`,
        `  if (isDefined(object.dispose)) object.dispose();`,
        `}`,
        '',
        `/** How many ${ref.name} objects the host still holds handles to. */`,
        `export function liveCount_${key}(): i32 {`,
        `  return ${names.table}.size;`,
        `}`,
        '',
      ].join('\n'),
    );
    return names;
  }
}
