/**
 * What a world means for a component: the interfaces it imports and exports, the type-only
 * interfaces it may also import, and the canonical names of every function.
 */
import { findInterface, findWorld } from './parse.ts';
import type { TypeDef, WitDocument, WitFunction, WitInterface, WitWorld, WorldItem } from './model.ts';

/** The canonical ABI name of a function: `f`, `[method]r.f`, `[static]r.f`, `[constructor]r`. */
export function canonicalFunctionName(func: WitFunction): string {
  switch (func.kind.kind) {
    case 'freestanding':
      return func.name;
    case 'method':
      return `[method]${func.kind.resource}.${func.name}`;
    case 'static':
      return `[static]${func.kind.resource}.${func.name}`;
    case 'constructor':
      return `[constructor]${func.kind.resource}`;
  }
}

/** The resources an interface defines. */
export function interfaceResources(iface: WitInterface): Extract<TypeDef, { kind: 'resource' }>[] {
  return iface.typeDefs.filter((def): def is Extract<TypeDef, { kind: 'resource' }> => def.kind === 'resource');
}

/** Every function of an interface, freestanding ones first, then each resource's. */
export function interfaceFunctions(iface: WitInterface): WitFunction[] {
  return [...iface.functions, ...interfaceResources(iface).flatMap((resource) => resource.functions)];
}

/** Canonical names of every function of an interface (see {@link canonicalFunctionName}). */
export function interfaceFunctionNames(iface: WitInterface): string[] {
  return interfaceFunctions(iface).map(canonicalFunctionName);
}

function interfaceIds(items: WorldItem[]): string[] {
  return items.flatMap((item) => (item.kind === 'interface' ? [item.id] : []));
}

/** Fully-qualified ids of the interfaces a world imports, e.g. `fugue:plugin/log@0.1.0`. */
export function worldImportedInterfaces(world: WitWorld): string[] {
  return interfaceIds(world.imports);
}

/** Fully-qualified ids of the interfaces a world exports. */
export function worldExportedInterfaces(world: WitWorld): string[] {
  return interfaceIds(world.exports);
}

/** The interfaces `id` takes types from through `use`, transitively (excluding `id`). */
export function interfaceDependencies(doc: WitDocument, id: string): string[] {
  const found = new Set<string>();
  const visit = (current: string): void => {
    for (const use of findInterface(doc, current).uses) {
      if (found.has(use.from) || use.from === id) continue;
      found.add(use.from);
      visit(use.from);
    }
  };
  visit(id);
  return [...found];
}

/**
 * Interfaces a component of this world may import although the world does not name them:
 * those whose types the world's imports, exports and world-level `use`s refer to (e.g.
 * `fugue:plugin/types@0.1.0`). They carry types only, so the host provides empty instances.
 */
export function worldTypeOnlyImports(doc: WitDocument, world: WitWorld): string[] {
  const explicit = new Set([...worldImportedInterfaces(world), ...worldExportedInterfaces(world)]);
  const roots = [...explicit, ...world.uses.map((use) => use.from)];
  const result = new Set<string>();
  for (const root of roots) {
    if (!explicit.has(root)) result.add(root);
    for (const dep of interfaceDependencies(doc, root)) if (!explicit.has(dep)) result.add(dep);
  }
  return [...result];
}

/** Everything the runtime needs about one world of a document, by world name. */
export interface WorldSummary {
  id: string;
  imports: string[];
  exports: string[];
  typeOnlyImports: string[];
  /** Per imported or exported interface id, its functions' canonical names. */
  functions: Record<string, string[]>;
  /** Per exported interface id, the resources whose `[dtor]` the component exports. */
  exportedResources: Record<string, string[]>;
}

/** Summarises a world of the document's root package for the runtime. */
export function summarizeWorld(doc: WitDocument, worldName: string): WorldSummary {
  const world = findWorld(doc, worldName);
  const imports = worldImportedInterfaces(world);
  const exports = worldExportedInterfaces(world);
  const functions: Record<string, string[]> = {};
  for (const id of [...imports, ...exports]) functions[id] = interfaceFunctionNames(findInterface(doc, id));
  const exportedResources: Record<string, string[]> = {};
  for (const id of exports) exportedResources[id] = interfaceResources(findInterface(doc, id)).map((resource) => resource.name);
  return { id: world.id, imports, exports, typeOnlyImports: worldTypeOnlyImports(doc, world), functions, exportedResources };
}
