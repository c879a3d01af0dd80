/**
 * Entry points of the WIT parser: text in, resolved {@link WitDocument} out.
 */
import type { WitFile } from './combine.ts';
import type { WitDocument, WitInterface, WitWorld, TypeDef, TypeRef } from './model.ts';
import { resolveDocument } from './resolve.ts';
import { parseFileSyntax } from './syntax.ts';

export { WitSyntaxError } from './lexer.ts';

/**
 * Parses one WIT source (a `package x;` followed by its items, optionally with nested
 * `package ns:name { … }` blocks). Throws `WitSyntaxError` (`file:line:column: message`).
 */
export function parseWit(source: string, file = 'input.wit'): WitDocument {
  return resolveDocument([parseFileSyntax(source, file).packages]);
}

/**
 * Parses the files of one package folder together (each opens with the same `package` line);
 * the root package is the one the first file (by name) declares.
 */
export function parseWitFiles(files: readonly WitFile[]): WitDocument {
  const sorted = [...files].sort((a, b) => a.name.localeCompare(b.name));
  return resolveDocument(sorted.map((file) => parseFileSyntax(file.text, file.name).packages));
}

/** The world `name` of the root package (or `ns:pkg/name@v` of any package). Throws if absent. */
export function findWorld(doc: WitDocument, name: string): WitWorld {
  const world = doc.packages.flatMap((pkg) => pkg.worlds).find((candidate) => candidate.name === name && candidate.packageId === doc.root.id) ?? doc.packages.flatMap((pkg) => pkg.worlds).find((candidate) => candidate.id === name);
  if (world === undefined) throw new Error(`no world \`${name}\` in ${doc.root.id}`);
  return world;
}

/** The interface with this id (`ns:pkg/name@v`, or an inline interface's name). Throws if absent. */
export function findInterface(doc: WitDocument, id: string): WitInterface {
  const iface = doc.interfaces.get(id);
  if (iface === undefined) throw new Error(`no interface \`${id}\``);
  return iface;
}

/** The definition a type reference points at (an interface's or a world's type). */
export function findTypeDef(doc: WitDocument, ref: TypeRef): TypeDef {
  const owner: { typeDefs: TypeDef[] } | undefined = doc.interfaces.get(ref.owner) ?? doc.packages.flatMap((pkg) => pkg.worlds).find((world) => world.id === ref.owner);
  const def = owner?.typeDefs.find((candidate) => candidate.name === ref.name);
  if (def === undefined) throw new Error(`no type \`${ref.name}\` in \`${ref.owner}\``);
  return def;
}
