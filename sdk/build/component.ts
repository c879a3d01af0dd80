/**
 * AssemblyScript source → WebAssembly component: generate the world's bindings into
 * `assembly/generated/<component-id>/`, compile with asc, embed the WIT, `componentNew`.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { componentEmbed, componentNew } from '@bytecodealliance/jco-transpile/wasm-tools';
import { combineWitFiles, type WitFile } from '../../src-shared/wit/combine.ts';
import { parseWitFiles } from '../../src-shared/wit/parse.ts';
import { ENTRY_FILE, generateBindings, type GeneratedBindings } from '../bindgen/generate.ts';
import { compileCore } from './asc.ts';

/** Where an AssemblyScript component's sources live inside a project. */
export const SOURCE_DIR = 'assembly';
export const DEFAULT_MEMORY_MB = 64;

export interface ComponentBuildInput {
  /** The project folder (absolute); sources are `assembly/<componentId>.ts`. */
  projectDir: string;
  componentId: string;
  world: string;
  witFiles: WitFile[];
  /** The component's memory cap in MiB (plugin.json `limits.memory_mb`). */
  maxMemoryMb?: number;
  optimize?: boolean;
}

export interface ComponentBuildOutput {
  component: Uint8Array;
  core: Uint8Array;
  ascMilliseconds: number;
  bindings: GeneratedBindings;
}

/** Reads every `.wit` file of a package folder. */
export async function readWitFolder(dir: string): Promise<WitFile[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.wit')).sort();
  return Promise.all(names.map(async (name) => ({ name, text: await readFile(join(dir, name), 'utf8') })));
}

/** The generated bindings folder of a component, relative to the project. */
export function generatedDir(componentId: string): string {
  return `${SOURCE_DIR}/generated/${componentId}`;
}

/** Writes generated files, leaving unchanged ones untouched and removing stale ones. */
async function writeGenerated(dir: string, files: Record<string, string>): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const name of await readdir(dir)) {
    if (!(name in files)) await rm(join(dir, name), { force: true });
  }
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    const current = existsSync(path) ? await readFile(path, 'utf8') : undefined;
    if (current !== text) await writeFile(path, text);
  }
}

/** Generates bindings for the component's world into its project (for editors and asc). */
export async function writeBindings(input: Pick<ComponentBuildInput, 'projectDir' | 'componentId' | 'world' | 'witFiles'>): Promise<GeneratedBindings> {
  const doc = parseWitFiles(input.witFiles);
  const bindings = generateBindings(doc, input.world, { implModule: `../../${input.componentId}` });
  await writeGenerated(join(input.projectDir, generatedDir(input.componentId)), bindings.files);
  return bindings;
}

/** Builds one component from its AssemblyScript sources. */
export async function compileComponent(input: ComponentBuildInput): Promise<ComponentBuildOutput> {
  const author = join(input.projectDir, SOURCE_DIR, `${input.componentId}.ts`);
  if (!existsSync(author)) {
    throw new Error(`component "${input.componentId}" needs its implementation in ${SOURCE_DIR}/${input.componentId}.ts (world ${input.world})`);
  }
  const bindings = await writeBindings(input);
  const generated = generatedDir(input.componentId);
  const core = await compileCore({
    baseDir: input.projectDir,
    entry: `${generated}/${ENTRY_FILE}`,
    exportRenames: bindings.exportRenames,
    abortHandler: `${generated}/rt/abortHandler`,
    maxMemoryMb: input.maxMemoryMb ?? DEFAULT_MEMORY_MB,
    optimize: input.optimize,
  });
  const embedded = await componentEmbed({ binary: core.wasm, witSource: combineWitFiles(input.witFiles), world: input.world, stringEncoding: 'utf16' });
  const component = await componentNew(embedded, []);
  return { component, core: core.wasm, ascMilliseconds: core.milliseconds, bindings };
}
