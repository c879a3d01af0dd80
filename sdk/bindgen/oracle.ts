/**
 * What wit-component expects of a world's core module, from `componentEmbed({ dummy: true })`:
 * every import and export with its flat core signature. The dummy uses the newer `cm32p2`
 * naming; names are translated to the legacy names the generator emits.
 */
import { componentEmbed } from '@bytecodealliance/jco-transpile/wasm-tools';
import { readCoreInterface, type CoreInterface, type FunctionSignature } from '../build/wasm-signatures.ts';

/** `0.1.0` → `0.1`, `1.2.3` → `1`, `0.0.3` → `0.0.3` (how cm32p2 names abbreviate versions). */
function abbreviateVersion(version: string): string {
  const [major = '0', minor = '0'] = version.split('.');
  if (major !== '0') return major;
  return minor !== '0' ? `0.${minor}` : version;
}

function abbreviateId(id: string): string {
  const at = id.lastIndexOf('@');
  return at === -1 ? id : `${id.slice(0, at)}@${abbreviateVersion(id.slice(at + 1))}`;
}

function unabbreviate(name: string, interfaceIds: readonly string[]): string {
  return interfaceIds.find((id) => abbreviateId(id) === name) ?? name;
}

function legacyImport(key: string, interfaceIds: readonly string[]): string {
  const [module = '', name = ''] = key.split('#');
  const bare = module.replace(/^cm32p2\|/, '');
  const exported = bare.startsWith('_ex_');
  const id = unabbreviate(exported ? bare.slice(4) : bare, interfaceIds);
  const resource = /^(.*)_(drop|new|rep)$/.exec(name);
  const legacyName = resource === null ? name : `[resource-${resource[2]}]${resource[1]}`;
  return `${exported ? `[export]${id}` : id}#${legacyName}`;
}

function legacyExport(name: string, interfaceIds: readonly string[]): string {
  if (name === 'cm32p2_realloc') return 'cabi_realloc';
  if (name === 'cm32p2_initialize') return '_initialize';
  const [, iface = '', func = ''] = name.split('|');
  const id = unabbreviate(iface, interfaceIds);
  if (func.endsWith('_post')) return `cabi_post_${id}#${func.slice(0, -5)}`;
  const dtor = /^(.*)_dtor$/.exec(func);
  return dtor === null ? `${id}#${func}` : `${id}#[dtor]${dtor[1]}`;
}

/** The core interface wit-component expects for `world`, under legacy names. */
export async function expectedCoreInterface(witSource: string, world: string, interfaceIds: readonly string[]): Promise<CoreInterface> {
  const dummy = readCoreInterface(await componentEmbed({ dummy: true, witSource, world, stringEncoding: 'utf16' }));
  const rename = <T>(map: Map<string, T>, translate: (key: string) => string): Map<string, T> => new Map([...map].map(([key, value]) => [translate(key), value]));
  return {
    imports: rename(dummy.imports, (key) => legacyImport(key, interfaceIds)),
    exports: rename(dummy.exports, (key) => legacyExport(key, interfaceIds)),
    otherExports: dummy.otherExports.map((name) => (name === 'cm32p2_memory' ? 'memory' : name)),
  };
}

/** Differences between a built core module and the oracle, as readable lines (empty = match). */
export function compareWithOracle(actual: CoreInterface, expected: CoreInterface): string[] {
  const problems: string[] = [];
  const show = (signature: FunctionSignature): string => `(${signature.params.join(', ')}) -> (${signature.results.join(', ')})`;
  for (const [name, signature] of actual.imports) {
    const wanted = expected.imports.get(name);
    if (wanted === undefined) problems.push(`unexpected import ${name}`);
    else if (show(wanted) !== show(signature)) problems.push(`import ${name}: ${show(signature)}, expected ${show(wanted)}`);
  }
  for (const [name, signature] of actual.exports) {
    const wanted = expected.exports.get(name);
    if (wanted === undefined) problems.push(`unexpected export ${name}`);
    else if (show(wanted) !== show(signature)) problems.push(`export ${name}: ${show(signature)}, expected ${show(wanted)}`);
  }
  for (const name of expected.exports.keys()) {
    // Post-return functions are optional: the glue only exports them when a result points into memory.
    if (!actual.exports.has(name) && !name.startsWith('cabi_post_')) problems.push(`missing export ${name}`);
  }
  return problems;
}
