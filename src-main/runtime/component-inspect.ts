/**
 * What a component imports and exports, and whether that fits the world its manifest
 * declares — checked before anything is instantiated.
 */
import { componentWit } from '@bytecodealliance/jco-transpile/wasm-tools';
import { FugueError } from '../../src-shared/errors.ts';

/** Fully-qualified interface names, e.g. `fugue:plugin/log@0.1.0`. */
export interface ComponentWorld {
  imports: string[];
  exports: string[];
}

const WORLD_ITEM = /^\s*(import|export)\s+([^;]+);\s*$/gm;
const QUALIFIED_INTERFACE = /^([a-z][a-z0-9-]*):([a-z][a-z0-9-]*)\/([a-z][a-z0-9-]*)(?:@([0-9A-Za-z.+-]+))?$/;

/**
 * WASI interfaces a component may import: the host provides sandboxed implementations
 * (no preopens outside the plugin's data dir, empty env, sockets denied, exit trapped).
 * Anything else outside the world — notably `wasi:http` — is refused.
 */
const SANDBOXED_WASI_PACKAGES = new Set(['wasi:cli', 'wasi:io', 'wasi:clocks', 'wasi:random', 'wasi:filesystem', 'wasi:sockets']);

/** Reads the component's world (its top-level imports and exports) with jco. */
export async function readComponentWorld(bytes: Uint8Array): Promise<ComponentWorld> {
  let wit: string;
  try {
    wit = await componentWit(bytes);
  } catch (error) {
    throw new FugueError({
      code: 'invalid-package',
      message: `not a valid WebAssembly component (${error instanceof Error ? error.message : String(error)}); rebuild it with the Fugue SDK`,
    });
  }
  const world: ComponentWorld = { imports: [], exports: [] };
  for (const [, direction, item] of wit.matchAll(WORLD_ITEM)) {
    (direction === 'import' ? world.imports : world.exports).push((item ?? '').trim());
  }
  return world;
}

/** A problem found when matching a component against its declared world. */
export interface WorldProblem {
  code: 'world-mismatch' | 'unsupported-api-version';
  message: string;
}

/**
 * Compares a component with the world shape the host expects. A component may import a
 * subset of the world's imports (plus sandboxed WASI) and must export exactly the world's
 * exports.
 */
export function compareWithWorld(
  component: ComponentWorld,
  expected: ComponentWorld,
  world: string,
  supportedVersions: readonly string[],
): WorldProblem[] {
  const problems: WorldProblem[] = [];
  const allowedImports = new Set(expected.imports);
  for (const name of component.imports) {
    if (allowedImports.has(name) || isSandboxedWasi(name)) continue;
    problems.push(describeForeignItem(name, 'imports', world, supportedVersions));
  }
  const exported = new Set(component.exports);
  for (const name of expected.exports) {
    if (!exported.has(name)) {
      problems.push({ code: 'world-mismatch', message: `does not export ${name}, which world ${world} requires; build the component for world ${world}` });
    }
  }
  const expectedExports = new Set(expected.exports);
  for (const name of component.exports) {
    // Bare function exports (e.g. the `init` JS toolchains leave behind) are never called by the host.
    if (isBareFunction(name)) continue;
    if (!expectedExports.has(name)) problems.push(describeForeignItem(name, 'exports', world, supportedVersions));
  }
  return dedupe(problems);
}

function describeForeignItem(name: string, direction: 'imports' | 'exports', world: string, supportedVersions: readonly string[]): WorldProblem {
  const match = QUALIFIED_INTERFACE.exec(name);
  if (!match) {
    return { code: 'world-mismatch', message: `${direction} "${name}", which is not an interface of world ${world}; Fugue components ${direction === 'imports' ? 'import' : 'export'} whole interfaces only` };
  }
  const [, namespace, pkg, , version] = match;
  const packageName = `${namespace}:${pkg}`;
  if (packageName === 'fugue:plugin' && version !== undefined && !supportedVersions.includes(version)) {
    return {
      code: 'unsupported-api-version',
      message: `${direction} ${name}, but this host supports fugue:plugin@${supportedVersions.join(', @')}; rebuild the plugin against a supported version`,
    };
  }
  const hint = packageName === 'wasi:http' ? '; use fugue:plugin/http-client, which the host grants per host name' : `; world ${world} does not allow it`;
  return { code: 'world-mismatch', message: `${direction} ${name}${hint}` };
}

function isBareFunction(item: string): boolean {
  return /^[a-z][a-z0-9-]*\s*:\s*func\(/.test(item);
}

function isSandboxedWasi(name: string): boolean {
  const match = QUALIFIED_INTERFACE.exec(name);
  return match !== null && SANDBOXED_WASI_PACKAGES.has(`${match[1]}:${match[2]}`);
}

function dedupe(problems: WorldProblem[]): WorldProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    if (seen.has(problem.message)) return false;
    seen.add(problem.message);
    return true;
  });
}
