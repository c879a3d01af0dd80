/**
 * What the generator knows about one world: which file each interface goes to, which
 * resources the component implements, and how WIT types map to AssemblyScript types.
 */
import { findInterface, findWorld } from '../../src-shared/wit/parse.ts';
import type { TypeDef, TypeRef, WitDocument, WitInterface, WitType, WitWorld } from '../../src-shared/wit/model.ts';
import { interfaceResources, worldTypeOnlyImports } from '../../src-shared/wit/world.ts';
import { Abi } from './abi.ts';
import { camelCase, identifier, memberName, pascalCase, snakeCase, typeIdentifier } from './names.ts';

export type Direction = 'import' | 'export' | 'types';

/** One generated AssemblyScript file per interface the world touches. */
export interface InterfaceFile {
  id: string;
  iface: WitInterface;
  direction: Direction;
  /** File name without `.ts`, e.g. `host-stream`. */
  module: string;
  /** Namespace alias other generated files import it under, e.g. `$host_stream`. */
  alias: string;
}

/**
 * The file being generated: its module name (null for the entry file, `$impl` for the
 * author module) and the imports it needs.
 */
export interface FileScope {
  module: string | null;
  used: Set<string>;
}

export const RT_ALIAS = '$rt';
export const IMPL_ALIAS = '$impl';

const TYPED_ARRAYS: Partial<Record<string, string>> = {
  u8: 'Uint8Array',
  s8: 'Int8Array',
  u16: 'Uint16Array',
  s16: 'Int16Array',
  u32: 'Uint32Array',
  s32: 'Int32Array',
  u64: 'Uint64Array',
  s64: 'Int64Array',
  f32: 'Float32Array',
  f64: 'Float64Array',
};

const PRIMITIVE_AS: Record<string, string> = {
  bool: 'bool',
  u8: 'u8',
  u16: 'u16',
  u32: 'u32',
  u64: 'u64',
  s8: 'i8',
  s16: 'i16',
  s32: 'i32',
  s64: 'i64',
  f32: 'f32',
  f64: 'f64',
  char: 'u32',
  string: 'string',
};

export class BindgenContext {
  readonly abi: Abi;
  readonly world: WitWorld;
  readonly files: InterfaceFile[] = [];
  private readonly byId = new Map<string, InterfaceFile>();
  private readonly implNames = new Map<string, string>();

  constructor(
    readonly doc: WitDocument,
    worldName: string,
  ) {
    this.abi = new Abi(doc);
    this.world = findWorld(doc, worldName);
    const unsupported = [...this.world.imports, ...this.world.exports].find((item) => item.kind === 'function');
    if (unsupported !== undefined || this.world.typeDefs.length > 0) {
      throw new Error(`world ${this.world.name}: world-level functions and types are not supported; put them in an interface`);
    }
    for (const item of this.world.imports) if (item.kind === 'interface') this.addFile(item.id, 'import');
    for (const item of this.world.exports) if (item.kind === 'interface') this.addFile(item.id, 'export');
    for (const id of worldTypeOnlyImports(doc, this.world)) this.addFile(id, 'types');
    this.assignImplNames();
  }

  private addFile(id: string, direction: Direction): void {
    const existing = this.byId.get(id);
    if (existing !== undefined) {
      if (existing.direction !== direction) throw new Error(`interface ${id} is both imported and exported; the generator supports one direction per interface`);
      return;
    }
    const iface = findInterface(this.doc, id);
    const taken = new Set(this.files.map((file) => file.module));
    let module = iface.name;
    if (taken.has(module) || module === 'rt' || module === 'abi' || module === 'component') {
      module = `${iface.packageId.replace(/@.*$/, '').replace(/[:]/g, '-')}-${iface.name}`;
    }
    const file: InterfaceFile = { id, iface, direction, module, alias: `$${snakeCase(module)}` };
    this.files.push(file);
    this.byId.set(id, file);
  }

  /** Exported functions and resources, named as the author's module must export them. */
  private assignImplNames(): void {
    const exported = this.files.filter((file) => file.direction === 'export');
    const count = new Map<string, number>();
    const candidates: { key: string; name: string; file: InterfaceFile; pascal: boolean }[] = [];
    for (const file of exported) {
      for (const func of file.iface.functions) candidates.push({ key: `${file.id}#${func.name}`, name: identifier(func.name), file, pascal: false });
      for (const resource of interfaceResources(file.iface)) candidates.push({ key: `${file.id}#${resource.name}`, name: typeIdentifier(resource.name), file, pascal: true });
    }
    for (const candidate of candidates) count.set(candidate.name, (count.get(candidate.name) ?? 0) + 1);
    for (const candidate of candidates) {
      const prefix = candidate.pascal ? pascalCase(candidate.file.iface.name) : camelCase(candidate.file.iface.name);
      const unique = (count.get(candidate.name) ?? 0) > 1 ? `${prefix}${candidate.pascal ? candidate.name : pascalCase(candidate.name)}` : candidate.name;
      this.implNames.set(candidate.key, unique);
    }
  }

  /** The name the author's module exports for an exported function or resource. */
  implName(ifaceId: string, witName: string): string {
    const name = this.implNames.get(`${ifaceId}#${witName}`);
    if (name === undefined) throw new Error(`${witName} of ${ifaceId} is not exported by world ${this.world.name}`);
    return name;
  }

  fileOf(id: string): InterfaceFile {
    const file = this.byId.get(id);
    if (file === undefined) throw new Error(`interface ${id} is not part of world ${this.world.name}`);
    return file;
  }

  def(ref: TypeRef): TypeDef {
    return this.abi.def(ref);
  }

  /** A resource the component implements (defined in an exported interface). */
  isLocalResource(ref: TypeRef): boolean {
    return this.fileOf(ref.owner).direction === 'export';
  }

  /** `Name` inside its own file, `$alias.Name` elsewhere (recording the import). */
  typeName(ref: TypeRef, scope: FileScope): string {
    const def = this.def(ref);
    if (def.kind === 'resource' && this.isLocalResource(ref)) {
      if (scope.module === IMPL_ALIAS) return this.implName(ref.owner, ref.name);
      scope.used.add(IMPL_ALIAS);
      return `${IMPL_ALIAS}.${this.implName(ref.owner, ref.name)}`;
    }
    const file = this.fileOf(ref.owner);
    const name = typeIdentifier(ref.name);
    if (file.module === scope.module) return name;
    scope.used.add(file.alias);
    return `${file.alias}.${name}`;
  }

  rt(scope: FileScope, name: string): string {
    scope.used.add(RT_ALIAS);
    return `${RT_ALIAS}.${name}`;
  }

  /** The element type name of a list that maps to a typed array, if any. */
  typedArray(element: WitType): string | undefined {
    const resolved = this.abi.unalias(element);
    return resolved.kind === 'primitive' ? TYPED_ARRAYS[resolved.name] : undefined;
  }

  /** True when the AssemblyScript type is a non-nullable reference (so `T | null` can mean "none"). */
  isNonNullableReference(type: WitType): boolean {
    const resolved = this.abi.unalias(type);
    switch (resolved.kind) {
      case 'primitive':
        return resolved.name === 'string';
      case 'list':
      case 'tuple':
      case 'handle':
        return true;
      case 'option':
        return false;
      case 'result':
        return resolved.ok !== null;
      case 'named': {
        const kind = this.def(resolved.ref).kind;
        return kind === 'record' || kind === 'variant';
      }
    }
  }

  /** `T | null` for references, `Some<T> | null` for values and nullable types. */
  optionalType(inner: WitType, scope: FileScope): string {
    const innerType = this.asType(inner, scope);
    return this.isNonNullableReference(inner) ? `${innerType} | null` : `${this.rt(scope, 'Some')}<${innerType}> | null`;
  }

  /** The AssemblyScript type authors see for a WIT type. */
  asType(type: WitType, scope: FileScope): string {
    switch (type.kind) {
      case 'primitive':
        return PRIMITIVE_AS[type.name] ?? type.name;
      case 'list':
        return this.typedArray(type.element) ?? `Array<${this.asType(type.element, scope)}>`;
      case 'option':
        return this.optionalType(type.inner, scope);
      case 'result':
        if (type.ok === null) return type.err === null ? 'bool' : this.optionalType(type.err, scope);
        return `${this.rt(scope, 'Result')}<${this.asType(type.ok, scope)}, ${type.err === null ? this.rt(scope, 'Unit') : this.asType(type.err, scope)}>`;
      case 'tuple':
        return `${this.rt(scope, `Tuple${type.items.length}`)}<${type.items.map((item) => this.asType(item, scope)).join(', ')}>`;
      case 'handle':
        return this.typeName(type.resource, scope);
      case 'named': {
        const def = this.def(type.ref);
        return def.kind === 'alias' ? this.asType(def.target, scope) : this.typeName(type.ref, scope);
      }
    }
  }

  /** An initializer for a field of this type, or null when there is none (resources). */
  defaultValue(type: WitType, scope: FileScope): string | null {
    const resolved = this.abi.unalias(type);
    switch (resolved.kind) {
      case 'primitive':
        if (resolved.name === 'string') return '""';
        return resolved.name === 'bool' ? 'false' : '0';
      case 'list': {
        const typed = this.typedArray(resolved.element);
        return typed === undefined ? `new ${this.asType(resolved, scope)}()` : `new ${typed}(0)`;
      }
      case 'option':
        return 'null';
      case 'result':
        if (resolved.ok === null) return resolved.err === null ? 'true' : 'null';
        return this.okDefault(resolved.ok, resolved.err, scope);
      case 'tuple': {
        const items = resolved.items.map((item) => this.defaultValue(item, scope));
        return items.every((item) => item !== null) ? `new ${this.asType(resolved, scope)}(${items.join(', ')})` : null;
      }
      case 'handle':
        return null;
      case 'named':
        return this.namedDefault(resolved.ref, scope);
    }
  }

  private okDefault(ok: WitType, err: WitType | null, scope: FileScope): string | null {
    const value = this.defaultValue(ok, scope);
    if (value === null) return null;
    const errType = err === null ? this.rt(scope, 'Unit') : this.asType(err, scope);
    return `${this.rt(scope, 'Result')}.ok<${this.asType(ok, scope)}, ${errType}>(${value})`;
  }

  private namedDefault(ref: TypeRef, scope: FileScope): string | null {
    const def = this.def(ref);
    const name = this.typeName(ref, scope);
    switch (def.kind) {
      case 'record':
        return def.fields.every((field) => this.defaultValue(field.type, scope) !== null) ? `new ${name}()` : null;
      case 'variant': {
        const [first] = def.cases;
        if (first === undefined) return null;
        if (first.type === null) return `${name}.${memberName(first.name)}()`;
        const payload = this.defaultValue(first.type, scope);
        return payload === null ? null : `${name}.${memberName(first.name)}(${payload})`;
      }
      case 'enum':
        return `<${name}>0`;
      case 'flags':
        return '0';
      default:
        return null;
    }
  }

  /** A stable identifier fragment for a type, used to name lift/lower helpers. */
  typeKey(type: WitType): string {
    switch (type.kind) {
      case 'primitive':
        return type.name;
      case 'list':
        return `list_${this.typeKey(type.element)}`;
      case 'option':
        return `option_${this.typeKey(type.inner)}`;
      case 'result':
        return `result_${type.ok === null ? '_' : this.typeKey(type.ok)}_${type.err === null ? '_' : this.typeKey(type.err)}`;
      case 'tuple':
        return `tuple${type.items.length}_${type.items.map((item) => this.typeKey(item)).join('_')}`;
      case 'handle':
        return `${type.ownership}_${snakeCase(this.fileOf(type.resource.owner).module)}_${snakeCase(type.resource.name)}`;
      case 'named':
        return `${snakeCase(this.fileOf(type.ref.owner).module)}_${snakeCase(type.ref.name)}`;
    }
  }
}
