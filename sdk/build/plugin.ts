/**
 * Building a plugin project: every component its plugin.json declares, from AssemblyScript
 * (`assembly/<component-id>.ts`) or JavaScript (`src/<component-id>.js`), into
 * `dist/<components[].path>`.
 *
 * Project layout:
 *   plugin.json
 *   assembly/<id>.ts              AssemblyScript component (bindings in assembly/generated/<id>/)
 *   src/<id>.js                   or a JavaScript component (componentize-qjs)
 *   kernels/<name>.ts             optional: hot-path kernels (AssemblyScript core modules, see kernels.ts),
 *                                 exposed to components as `assembly/generated/kernels.ts`
 *   wit/*.wit                     optional: a JS world extending the contract (e.g. with WASI)
 *   dist/<path>                   built components
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseManifestText, witFolderOf, type PluginManifest } from '../../src-shared/manifest/index.ts';
import { compileComponent, readWitFolder, SOURCE_DIR } from './component.ts';
import { buildJsComponent } from './js-component.ts';
import { buildKernels } from './kernels.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DIST_DIR = 'dist';

export type BuildRoute = 'assemblyscript' | 'javascript';

export interface BuiltComponent {
  id: string;
  world: string;
  route: BuildRoute;
  /** Absolute path of the built component. */
  outPath: string;
  /** Path inside the package (the manifest's `components[].path`). */
  packagePath: string;
  bytes: number;
  milliseconds: number;
}

/** Reads and checks a project's plugin.json; throws with every issue listed. */
export async function readManifest(projectDir: string): Promise<PluginManifest> {
  const file = join(projectDir, 'plugin.json');
  const result = parseManifestText(await readFile(file, 'utf8'));
  if (!result.ok) throw new Error(`${file} is not valid:\n${result.issues.map((issue) => `  ${issue.path}: ${issue.message}`).join('\n')}`);
  return result.manifest;
}

/** The folder of the WIT package a manifest's `api_version` targets. */
export function contractWitDir(manifest: PluginManifest): string {
  return join(REPO_ROOT, witFolderOf(manifest.api_version));
}

/** Which toolchain builds a component, by which source file exists. */
export function componentRoute(projectDir: string, componentId: string): BuildRoute {
  if (existsSync(join(projectDir, SOURCE_DIR, `${componentId}.ts`))) return 'assemblyscript';
  if (existsSync(join(projectDir, 'src', `${componentId}.js`))) return 'javascript';
  throw new Error(`component "${componentId}" has no source: write ${SOURCE_DIR}/${componentId}.ts (AssemblyScript) or src/${componentId}.js (JavaScript) in ${projectDir}`);
}

/** The one world a project's own `wit/` folder declares (JS route), if any. */
async function projectWorld(projectDir: string): Promise<string | undefined> {
  const dir = join(projectDir, 'wit');
  if (!existsSync(dir)) return undefined;
  const worlds = new Set<string>();
  for (const name of (await readdir(dir)).filter((file) => file.endsWith('.wit'))) {
    for (const match of (await readFile(join(dir, name), 'utf8')).matchAll(/^\s*world\s+([a-z][a-z0-9-]*)/gm)) worlds.add(match[1] ?? '');
  }
  if (worlds.size !== 1) throw new Error(`${dir} must declare exactly one world (found ${worlds.size})`);
  return [...worlds][0];
}

/** Builds every component of the project into `dist/`. */
export async function buildComponent(projectDir: string, options: { optimize?: boolean } = {}): Promise<BuiltComponent[]> {
  const manifest = await readManifest(projectDir);
  const witDir = contractWitDir(manifest);
  const built: BuiltComponent[] = [];
  // Kernels first: AssemblyScript components embed their bytes.
  await buildKernels(projectDir);
  for (const component of manifest.components) {
    const started = performance.now();
    const route = componentRoute(projectDir, component.id);
    let bytes: Uint8Array;
    if (route === 'assemblyscript') {
      const witFiles = await readWitFolder(witDir);
      const output = await compileComponent({ projectDir, componentId: component.id, world: component.world, witFiles, maxMemoryMb: component.limits.memory_mb, optimize: options.optimize });
      bytes = output.component;
    } else {
      const ownWorld = await projectWorld(projectDir);
      bytes = await buildJsComponent({
        sourcePath: join(projectDir, 'src', `${component.id}.js`),
        world: ownWorld ?? component.world,
        contractWitDir: witDir,
        ...(ownWorld === undefined ? {} : { extraWitDir: join(projectDir, 'wit') }),
      });
    }
    const outPath = join(projectDir, DIST_DIR, component.path);
    await mkdir(dirname(outPath), { recursive: true });
    await writeFile(outPath, bytes);
    built.push({ id: component.id, world: component.world, route, outPath, packagePath: component.path, bytes: bytes.length, milliseconds: performance.now() - started });
  }
  return built;
}
