/**
 * The resolved model of a WIT document: packages with their interfaces and worlds, every
 * type reference pointing at the interface (or world) that defines it.
 */

/** A WIT built-in scalar or string type. */
export type PrimitiveName =
  | 'bool'
  | 'u8'
  | 'u16'
  | 'u32'
  | 'u64'
  | 's8'
  | 's16'
  | 's32'
  | 's64'
  | 'f32'
  | 'f64'
  | 'char'
  | 'string';

/** A type as written at a use site, after name resolution. */
export type WitType =
  | { kind: 'primitive'; name: PrimitiveName }
  | { kind: 'list'; element: WitType }
  | { kind: 'option'; inner: WitType }
  /** `result`, `result<T>`, `result<_, E>`, `result<T, E>`; a missing side is null. */
  | { kind: 'result'; ok: WitType | null; err: WitType | null }
  | { kind: 'tuple'; items: WitType[] }
  /** A named type definition (record, variant, enum, flags or alias). */
  | { kind: 'named'; ref: TypeRef }
  /** `own<r>` / `borrow<r>`; a bare resource name is `own`. */
  | { kind: 'handle'; ownership: 'own' | 'borrow'; resource: TypeRef };

/** Where a named type lives: the owner's id (see {@link WitInterface.id}) and its name there. */
export interface TypeRef {
  owner: string;
  name: string;
}

/** A named field, case, parameter or flag with its doc comment. */
export interface Documented {
  name: string;
  /** The `///` or `/** … *\/` text above the item, without comment markers; '' when absent. */
  docs: string;
}

export interface Field extends Documented {
  type: WitType;
}

export interface VariantCase extends Documented {
  /** The payload, or null for a case without one. */
  type: WitType | null;
}

/** A type definition inside an interface or world. */
export type TypeDef = Documented & { owner: string } & (
    | { kind: 'record'; fields: Field[] }
    | { kind: 'variant'; cases: VariantCase[] }
    | { kind: 'enum'; cases: Documented[] }
    | { kind: 'flags'; flags: Documented[] }
    | { kind: 'resource'; functions: WitFunction[] }
    | { kind: 'alias'; target: WitType }
  );

/** How a function relates to a resource; decides its canonical ABI name. */
export type FunctionKind =
  | { kind: 'freestanding' }
  | { kind: 'method'; resource: string }
  | { kind: 'static'; resource: string }
  | { kind: 'constructor'; resource: string };

export interface Param {
  name: string;
  type: WitType;
}

export interface WitFunction extends Documented {
  kind: FunctionKind;
  /** For methods the first parameter is the implicit `self: borrow<resource>`. */
  params: Param[];
  /** The result type, or null for none. Constructors return `own<resource>`. */
  result: WitType | null;
}

/** A `use` of names from another interface: local name → the definition it refers to. */
export interface UseItem {
  from: string;
  names: { name: string; as: string }[];
}

export interface WitInterface extends Documented {
  /**
   * The id the component model uses: `ns:pkg/name@version` for a package interface,
   * or the plain import/export name for an interface written inline in a world.
   */
  id: string;
  /** The package's `ns:pkg@version`, '' for inline interfaces. */
  packageId: string;
  typeDefs: TypeDef[];
  functions: WitFunction[];
  uses: UseItem[];
}

/** What a world imports or exports under one name. */
export type WorldItem =
  | { kind: 'interface'; id: string }
  | { kind: 'function'; func: WitFunction };

export interface WitWorld extends Documented {
  /** `ns:pkg/world@version`; also the owner id of types defined in the world. */
  id: string;
  packageId: string;
  imports: WorldItem[];
  exports: WorldItem[];
  typeDefs: TypeDef[];
  uses: UseItem[];
}

export interface PackageName {
  namespace: string;
  name: string;
  version: string | undefined;
}

export interface WitPackage {
  name: PackageName;
  /** `ns:pkg@version` (or `ns:pkg` without a version). */
  id: string;
  docs: string;
  interfaces: WitInterface[];
  worlds: WitWorld[];
}

/** Every package of a parsed source (the root package and any nested `package … { }`). */
export interface WitDocument {
  packages: WitPackage[];
  /** The package declared by `package x;` at the top of the source. */
  root: WitPackage;
  /** Every interface by id, including inline world interfaces. */
  interfaces: Map<string, WitInterface>;
}

/** `ns:pkg@version` for a package name. */
export function packageId(name: PackageName): string {
  return `${name.namespace}:${name.name}${name.version === undefined ? '' : `@${name.version}`}`;
}

/** `ns:pkg/item@version` for an interface or world of a package. */
export function qualifiedItemId(name: PackageName, item: string): string {
  return `${name.namespace}:${name.name}/${item}${name.version === undefined ? '' : `@${name.version}`}`;
}
