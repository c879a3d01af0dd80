/**
 * Loads a component in-process through jco (transpile with `instantiation: 'async'`, import
 * the generated module, instantiate with the given host imports). For tests and tools; the
 * app's runtime does this on its own workers.
 */
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transpileBytes as transpile } from '@bytecodealliance/jco-transpile';

export interface LoadedComponent {
  /** The component's exports as jco presents them (by short and by qualified name). */
  exports: Record<string, unknown>;
  transpileMilliseconds: number;
  instantiateMilliseconds: number;
  /** Removes the transpiled files. */
  dispose(): Promise<void>;
}

type Instantiate = (getCoreModule: (path: string) => Promise<WebAssembly.Module>, imports: Record<string, unknown>) => Promise<Record<string, unknown>>;

function isInstantiate(value: unknown): value is Instantiate {
  return typeof value === 'function';
}

/** Transpiles and instantiates `component`; `imports` are keyed as jco names them (e.g. `fugue:plugin/log`). */
export async function loadComponent(component: Uint8Array, imports: Record<string, unknown>): Promise<LoadedComponent> {
  const transpileStart = performance.now();
  const { files } = await transpile(component, { name: 'component', instantiation: 'async', emitTypescriptDeclarations: false, noComponentErrorWrapping: false });
  const transpileMilliseconds = performance.now() - transpileStart;
  const dir = await mkdtemp(join(tmpdir(), 'fugue-component-'));
  // jco writes ES modules with a `.js` extension; without this, loaders may take them for CommonJS.
  await writeFile(join(dir, 'package.json'), '{ "type": "module" }\n');
  for (const [name, contents] of Object.entries(files)) {
    if (name.endsWith('.d.ts')) continue;
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), contents);
  }
  const module: Record<string, unknown> = await import(pathToFileURL(join(dir, 'component.js')).href);
  const instantiate = module.instantiate;
  if (!isInstantiate(instantiate)) throw new Error('jco output has no instantiate()');
  const instantiateStart = performance.now();
  const exports = await instantiate(async (path) => WebAssembly.compile(await readFile(join(dir, path))), imports);
  return {
    exports,
    transpileMilliseconds,
    instantiateMilliseconds: performance.now() - instantiateStart,
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
