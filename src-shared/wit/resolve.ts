/**
 * Name resolution: turns the syntax of one or more files into the {@link WitDocument}
 * model, following `use` chains so every type reference points at its definition.
 */
import type { ExternSyntax, FunctionSyntax, InterfaceBodySyntax, InterfacePath, PackageSyntax, TypeDefSyntax, TypeSyntax, UseSyntax, WorldSyntax } from './ast.ts';
import { WitSyntaxError, type SourcePosition } from './lexer.ts';
import {
  packageId,
  qualifiedItemId,
  type TypeDef,
  type TypeRef,
  type UseItem,
  type WitDocument,
  type WitFunction,
  type WitInterface,
  type WitPackage,
  type WitType,
  type WitWorld,
  type WorldItem,
} from './model.ts';

/** A scope's local names: defined here, or brought in by `use` (pointing at the definition). */
interface Scope {
  owner: string;
  file: string;
  names: Map<string, TypeRef>;
}

interface PendingInterface {
  id: string;
  file: string;
  pkg: PackageSyntax;
  docs: string;
  name: string;
  body: InterfaceBodySyntax;
}

/** Resolves parsed files (all packages they declare) into one document. */
export function resolveDocument(files: PackageSyntax[][]): WitDocument {
  return new Resolver(files).run();
}

class Resolver {
  private readonly packages = new Map<string, PackageSyntax[]>();
  private readonly pendingInterfaces = new Map<string, PendingInterface>();
  private readonly scopes = new Map<string, Scope>();
  private readonly typeDefs = new Map<string, TypeDefSyntax>();
  private readonly interfaces = new Map<string, WitInterface>();

  constructor(private readonly files: PackageSyntax[][]) {}

  run(): WitDocument {
    for (const pkgs of this.files) for (const pkg of pkgs) this.register(pkg);
    for (const pending of this.pendingInterfaces.values()) this.scopeOf(pending.id);
    const packages = [...this.packages.values()].map((parts) => this.buildPackage(parts));
    const rootName = this.files[0]?.[0]?.name;
    const root = packages.find((pkg) => rootName !== undefined && pkg.id === packageId(rootName));
    if (root === undefined) throw new Error('no WIT source given');
    return { packages, root, interfaces: this.interfaces };
  }

  private fail(message: string, file: string, at: SourcePosition): never {
    throw new WitSyntaxError(message, file, at);
  }

  private register(pkg: PackageSyntax): void {
    const id = packageId(pkg.name);
    const parts = this.packages.get(id) ?? [];
    parts.push(pkg);
    this.packages.set(id, parts);
    for (const iface of pkg.interfaces) {
      const ifaceId = qualifiedItemId(pkg.name, iface.name);
      if (this.pendingInterfaces.has(ifaceId)) this.fail(`interface \`${iface.name}\` is defined twice`, pkg.file, iface.at);
      this.pendingInterfaces.set(ifaceId, { id: ifaceId, file: pkg.file, pkg, docs: iface.docs, name: iface.name, body: iface });
    }
  }

  // ---- interface paths -----------------------------------------------------------------

  private findInterface(path: InterfacePath, from: PackageSyntax): string {
    if (path.package === null) {
      const local = qualifiedItemId(from.name, path.name);
      if (this.pendingInterfaces.has(local)) return local;
      const alias = (this.packages.get(packageId(from.name)) ?? []).flatMap((part) => part.aliases).find((entry) => entry.as === path.name);
      if (alias !== undefined) return this.findInterface(alias.path, from);
      return this.fail(`unknown interface \`${path.name}\` in package ${packageId(from.name)}`, from.file, path.at);
    }
    const wanted = path.package;
    const candidates = [...this.packages.keys()].filter((id) => {
      const name = this.packages.get(id)?.[0]?.name;
      return name !== undefined && name.namespace === wanted.namespace && name.name === wanted.name && (wanted.version === undefined || name.version === wanted.version);
    });
    const [only] = candidates;
    const shown = packageId(wanted);
    if (only === undefined) this.fail(`unknown package \`${shown}\` (declare it in the same source with \`package ${shown} { … }\`)`, from.file, path.at);
    if (candidates.length > 1) this.fail(`package \`${shown}\` is ambiguous: add a version`, from.file, path.at);
    const name = this.packages.get(only)?.[0]?.name;
    const id = name === undefined ? '' : qualifiedItemId(name, path.name);
    if (!this.pendingInterfaces.has(id)) this.fail(`package \`${only}\` has no interface \`${path.name}\``, from.file, path.at);
    return id;
  }

  // ---- scopes --------------------------------------------------------------------------

  /** Builds (once) the scope of a package interface; detects `use` cycles. */
  private scopeOf(id: string, visiting: Set<string> = new Set()): Scope {
    const existing = this.scopes.get(id);
    if (existing !== undefined) return existing;
    const pending = this.pendingInterfaces.get(id);
    if (pending === undefined) throw new Error(`interface ${id} is not registered`);
    if (visiting.has(id)) this.fail(`\`use\` cycle through interface \`${pending.name}\``, pending.file, pending.body.uses[0]?.path.at ?? { line: 1, column: 1 });
    visiting.add(id);
    const scope = this.buildScope(id, pending.file, pending.pkg, pending.body.typeDefs, pending.body.uses, visiting);
    this.scopes.set(id, scope);
    this.interfaces.set(id, this.buildInterface(pending.id, packageId(pending.pkg.name), pending.name, pending.docs, pending.body, scope, pending.pkg));
    return scope;
  }

  private buildScope(owner: string, file: string, pkg: PackageSyntax, typeDefs: TypeDefSyntax[], uses: UseSyntax[], visiting: Set<string>): Scope {
    const scope: Scope = { owner, file, names: new Map() };
    const define = (name: string, ref: TypeRef, at: SourcePosition): void => {
      if (scope.names.has(name)) this.fail(`\`${name}\` is defined twice`, file, at);
      scope.names.set(name, ref);
    };
    for (const use of uses) {
      const from = this.scopeOf(this.findInterface(use.path, pkg), new Set(visiting));
      for (const item of use.names) {
        const target = from.names.get(item.name);
        if (target === undefined) this.fail(`interface \`${use.path.name}\` has no type \`${item.name}\``, file, item.at);
        define(item.as, target, item.at);
      }
    }
    for (const def of typeDefs) {
      define(def.name, { owner, name: def.name }, def.at);
      this.typeDefs.set(`${owner}#${def.name}`, def);
    }
    return scope;
  }

  private useItems(uses: UseSyntax[], pkg: PackageSyntax): UseItem[] {
    return uses.map((use) => ({ from: this.findInterface(use.path, pkg), names: use.names.map(({ name, as }) => ({ name, as })) }));
  }

  // ---- types ---------------------------------------------------------------------------

  private isResource(ref: TypeRef): boolean {
    return this.typeDefs.get(`${ref.owner}#${ref.name}`)?.kind === 'resource';
  }

  private resolveType(type: TypeSyntax, scope: Scope): WitType {
    switch (type.kind) {
      case 'primitive':
        return type;
      case 'list':
        return { kind: 'list', element: this.resolveType(type.element, scope) };
      case 'option':
        return { kind: 'option', inner: this.resolveType(type.inner, scope) };
      case 'result':
        return { kind: 'result', ok: type.ok && this.resolveType(type.ok, scope), err: type.err && this.resolveType(type.err, scope) };
      case 'tuple':
        return { kind: 'tuple', items: type.items.map((item) => this.resolveType(item, scope)) };
      case 'handle': {
        const resource = this.lookup(type.name, scope, type.at);
        if (!this.isResource(resource)) this.fail(`\`${type.name}\` is not a resource`, scope.file, type.at);
        return { kind: 'handle', ownership: type.ownership, resource };
      }
      case 'name': {
        const ref = this.lookup(type.name, scope, type.at);
        return this.isResource(ref) ? { kind: 'handle', ownership: 'own', resource: ref } : { kind: 'named', ref };
      }
    }
  }

  private lookup(name: string, scope: Scope, at: SourcePosition): TypeRef {
    const ref = scope.names.get(name);
    if (ref === undefined) this.fail(`unknown type \`${name}\``, scope.file, at);
    return ref;
  }

  private resolveTypeDef(def: TypeDefSyntax, scope: Scope): TypeDef {
    const head = { name: def.name, docs: def.docs, owner: scope.owner };
    const resolve = (type: TypeSyntax): WitType => this.resolveType(type, scope);
    switch (def.kind) {
      case 'record':
        if (def.fields.length === 0) this.fail(`record \`${def.name}\` needs at least one field`, scope.file, def.at);
        return { ...head, kind: 'record', fields: def.fields.map((field) => ({ name: field.name, docs: field.docs, type: resolve(field.type) })) };
      case 'variant':
        if (def.cases.length === 0) this.fail(`variant \`${def.name}\` needs at least one case`, scope.file, def.at);
        return { ...head, kind: 'variant', cases: def.cases.map((item) => ({ name: item.name, docs: item.docs, type: item.type && resolve(item.type) })) };
      case 'enum':
        if (def.cases.length === 0) this.fail(`enum \`${def.name}\` needs at least one case`, scope.file, def.at);
        return { ...head, kind: 'enum', cases: def.cases.map(({ name, docs }) => ({ name, docs })) };
      case 'flags':
        if (def.flags.length > 32) this.fail(`flags \`${def.name}\` has ${def.flags.length} members; the component model allows at most 32`, scope.file, def.at);
        return { ...head, kind: 'flags', flags: def.flags.map(({ name, docs }) => ({ name, docs })) };
      case 'resource':
        return { ...head, kind: 'resource', functions: def.functions.map((func) => this.resolveFunction(func, scope)) };
      case 'alias':
        return { ...head, kind: 'alias', target: resolve(def.target) };
    }
  }

  private resolveFunction(func: FunctionSyntax, scope: Scope): WitFunction {
    const params = func.params.map((param) => ({ name: param.name, type: this.resolveType(param.type, scope) }));
    if (func.kind.kind === 'method') {
      const resource = this.lookup(func.kind.resource, scope, func.at);
      params.unshift({ name: 'self', type: { kind: 'handle', ownership: 'borrow', resource } });
    }
    const names = new Set<string>();
    for (const param of params) {
      if (names.has(param.name)) this.fail(`parameter \`${param.name}\` appears twice`, scope.file, func.at);
      names.add(param.name);
    }
    return { name: func.name, docs: func.docs, kind: func.kind, params, result: func.result && this.resolveType(func.result, scope) };
  }

  private checkUniqueFunctions(functions: FunctionSyntax[], file: string): void {
    const seen = new Set<string>();
    for (const func of functions) {
      if (seen.has(func.name)) this.fail(`function \`${func.name}\` is defined twice`, file, func.at);
      seen.add(func.name);
    }
  }

  // ---- interfaces, worlds, packages ----------------------------------------------------

  private buildInterface(id: string, pkgId: string, name: string, docs: string, body: InterfaceBodySyntax, scope: Scope, pkg: PackageSyntax): WitInterface {
    this.checkUniqueFunctions(body.functions, scope.file);
    return {
      id,
      packageId: pkgId,
      name,
      docs,
      typeDefs: body.typeDefs.map((def) => this.resolveTypeDef(def, scope)),
      functions: body.functions.map((func) => this.resolveFunction(func, scope)),
      uses: this.useItems(body.uses, pkg),
    };
  }

  private buildPackage(parts: PackageSyntax[]): WitPackage {
    const [first] = parts;
    if (first === undefined) throw new Error('package without parts');
    const id = packageId(first.name);
    const interfaces = parts.flatMap((part) => part.interfaces.map((iface) => this.interfaces.get(qualifiedItemId(part.name, iface.name))));
    const worldSyntax = new Map<string, { world: WorldSyntax; pkg: PackageSyntax }>();
    for (const part of parts) {
      for (const world of part.worlds) {
        if (worldSyntax.has(world.name)) this.fail(`world \`${world.name}\` is defined twice`, part.file, world.at);
        worldSyntax.set(world.name, { world, pkg: part });
      }
    }
    const built = new Map<string, WitWorld>();
    const worlds = [...worldSyntax.keys()].map((name) => this.buildWorld(name, worldSyntax, built, new Set()));
    return {
      name: first.name,
      id,
      docs: parts.map((part) => part.docs).filter(Boolean).join('\n'),
      interfaces: interfaces.filter((iface): iface is WitInterface => iface !== undefined),
      worlds,
    };
  }

  private buildWorld(name: string, syntax: Map<string, { world: WorldSyntax; pkg: PackageSyntax }>, built: Map<string, WitWorld>, visiting: Set<string>): WitWorld {
    const done = built.get(name);
    if (done !== undefined) return done;
    const entry = syntax.get(name);
    if (entry === undefined) throw new Error(`world ${name} is not registered`);
    const { world, pkg } = entry;
    if (visiting.has(name)) this.fail(`\`include\` cycle through world \`${name}\``, pkg.file, world.at);
    visiting.add(name);
    const id = qualifiedItemId(pkg.name, name);
    const scope = this.buildScope(id, pkg.file, pkg, world.typeDefs, world.uses, new Set());
    const result: WitWorld = {
      id,
      packageId: packageId(pkg.name),
      name,
      docs: world.docs,
      imports: world.imports.map((item) => this.worldItem(item, scope, pkg)),
      exports: world.exports.map((item) => this.worldItem(item, scope, pkg)),
      typeDefs: world.typeDefs.map((def) => this.resolveTypeDef(def, scope)),
      uses: this.useItems(world.uses, pkg),
    };
    for (const include of world.includes) {
      if (include.package !== null) this.fail('`include` of a world from another package is not supported', pkg.file, include.at);
      if (!syntax.has(include.name)) this.fail(`unknown world \`${include.name}\``, pkg.file, include.at);
      const included = this.buildWorld(include.name, syntax, built, visiting);
      result.imports.push(...included.imports);
      result.exports.push(...included.exports);
    }
    result.imports = dedupeItems(result.imports);
    result.exports = dedupeItems(result.exports);
    built.set(name, result);
    return result;
  }

  private worldItem(item: ExternSyntax, scope: Scope, pkg: PackageSyntax): WorldItem {
    switch (item.kind) {
      case 'path':
        return { kind: 'interface', id: this.findInterface(item.path, pkg) };
      case 'function':
        return { kind: 'function', func: this.resolveFunction(item.func, scope) };
      case 'inline-interface': {
        if (this.interfaces.has(item.name)) this.fail(`inline interface \`${item.name}\` is defined twice`, pkg.file, item.at);
        const inlineScope = this.buildScope(item.name, pkg.file, pkg, item.body.typeDefs, item.body.uses, new Set());
        this.scopes.set(item.name, inlineScope);
        this.interfaces.set(item.name, this.buildInterface(item.name, '', item.name, item.docs, item.body, inlineScope, pkg));
        return { kind: 'interface', id: item.name };
      }
    }
  }
}

function dedupeItems(items: WorldItem[]): WorldItem[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = item.kind === 'interface' ? `i:${item.id}` : `f:${item.func.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
