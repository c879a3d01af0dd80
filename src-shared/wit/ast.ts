/**
 * The syntax tree the parser produces before names are resolved. Positions are kept so
 * resolution errors can point at the source.
 */
import type { FunctionKind, PackageName, PrimitiveName } from './model.ts';
import type { SourcePosition } from './lexer.ts';

/** A type as written, with names not yet looked up. */
export type TypeSyntax =
  | { kind: 'primitive'; name: PrimitiveName }
  | { kind: 'list'; element: TypeSyntax }
  | { kind: 'option'; inner: TypeSyntax }
  | { kind: 'result'; ok: TypeSyntax | null; err: TypeSyntax | null }
  | { kind: 'tuple'; items: TypeSyntax[] }
  | { kind: 'handle'; ownership: 'own' | 'borrow'; name: string; at: SourcePosition }
  | { kind: 'name'; name: string; at: SourcePosition };

export interface NamedSyntax {
  name: string;
  docs: string;
}

export interface FieldSyntax extends NamedSyntax {
  type: TypeSyntax;
}

export interface CaseSyntax extends NamedSyntax {
  type: TypeSyntax | null;
}

export interface FunctionSyntax extends NamedSyntax {
  kind: FunctionKind;
  params: FieldSyntax[];
  result: TypeSyntax | null;
  at: SourcePosition;
}

export type TypeDefSyntax = NamedSyntax & { at: SourcePosition } & (
    | { kind: 'record'; fields: FieldSyntax[] }
    | { kind: 'variant'; cases: CaseSyntax[] }
    | { kind: 'enum'; cases: NamedSyntax[] }
    | { kind: 'flags'; flags: NamedSyntax[] }
    | { kind: 'resource'; functions: FunctionSyntax[] }
    | { kind: 'alias'; target: TypeSyntax }
  );

/** An interface named locally (`types`) or by package (`wasi:io/streams@0.2.0`). */
export interface InterfacePath {
  package: PackageName | null;
  name: string;
  at: SourcePosition;
}

export interface UseSyntax {
  path: InterfacePath;
  names: { name: string; as: string; at: SourcePosition }[];
}

export interface InterfaceBodySyntax {
  typeDefs: TypeDefSyntax[];
  functions: FunctionSyntax[];
  uses: UseSyntax[];
}

export interface InterfaceSyntax extends NamedSyntax, InterfaceBodySyntax {
  at: SourcePosition;
}

export type ExternSyntax =
  | { kind: 'path'; path: InterfacePath }
  | { kind: 'inline-interface'; name: string; docs: string; body: InterfaceBodySyntax; at: SourcePosition }
  | { kind: 'function'; func: FunctionSyntax };

export interface WorldSyntax extends NamedSyntax {
  at: SourcePosition;
  imports: ExternSyntax[];
  exports: ExternSyntax[];
  includes: InterfacePath[];
  typeDefs: TypeDefSyntax[];
  uses: UseSyntax[];
}

export interface PackageSyntax {
  name: PackageName;
  docs: string;
  file: string;
  interfaces: InterfaceSyntax[];
  worlds: WorldSyntax[];
  /** Top-level `use ns:pkg/iface[@v] [as name];` aliases. */
  aliases: { path: InterfacePath; as: string }[];
}

export interface FileSyntax {
  file: string;
  /** The root package first, then nested `package … { }` blocks. */
  packages: PackageSyntax[];
}
