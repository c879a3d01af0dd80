/**
 * What the `fugue-plugin` commands share: the console, finding the project folder, and
 * building it into its own `dist/` (package zip included) with the build cache kept in
 * the project's `.cache/`, so nothing lands in the Fugue checkout.
 */
import { existsSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { buildPlugin, type PluginBuildResult } from '../build/build-plugin.ts';
import { componentRoute, DIST_DIR, readManifest } from '../build/plugin.ts';
import { generatedDir } from '../build/component.ts';
import type { PluginManifest } from '../../src-shared/manifest/index.ts';

/** Where a command writes. Tests pass their own. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export const consoleIo: Io = { out: (line) => console.log(line), err: (line) => console.error(line) };

/** Exit codes: 0 done, 1 failed, 2 bad usage. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** A failure the CLI prints as is (what happened and what to do), without a stack. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
  }
}

/** The project folder a command works on: `dir` or the current folder, which must hold a plugin.json. */
export function projectDir(dir: string | undefined): string {
  const path = resolve(dir ?? '.');
  if (!existsSync(path) || !statSync(path).isDirectory()) throw new CliError(`${path} is not a folder; pass the folder of a plugin project (one with a plugin.json)`);
  if (!existsSync(join(path, 'plugin.json'))) {
    throw new CliError(`${path} has no plugin.json, so it is not a plugin project; run the command inside one, pass its folder, or create one with "fugue-plugin init <name> --kind <kind>"`);
  }
  return path;
}

/** The manifest, with every problem listed when it is not valid. */
export async function projectManifest(dir: string): Promise<PluginManifest> {
  try {
    return await readManifest(dir);
  } catch (error) {
    throw new CliError(`${(error as Error).message}\nfix plugin.json (reference: docs/plugin-manifest.md) and run the command again`);
  }
}

/** `dist/<id>-<version>.zip`, where `build` and `pack` put the package. */
export function packagePathOf(dir: string, manifest: Pick<PluginManifest, 'id' | 'version'>): string {
  return join(dir, DIST_DIR, `${manifest.id}-${manifest.version}.zip`);
}

/** Whether an AssemblyScript component lost its generated bindings (editors need them even when the build is cached). */
function bindingsMissing(dir: string, manifest: PluginManifest): boolean {
  return manifest.components.some((component) => {
    try {
      return componentRoute(dir, component.id) === 'assemblyscript' && !existsSync(join(dir, generatedDir(component.id)));
    } catch {
      return false;
    }
  });
}

/**
 * Builds the project (or reuses an identical cached build): components into `dist/`, the
 * package into `dist/<id>-<version>.zip`. The cache key covers every source, plugin.json
 * (so its `api_version`) and the contract WIT, so bindings are regenerated whenever the
 * contract a project targets changes. Compiler messages are passed on as they are.
 */
export async function buildProject(dir: string, options: { force?: boolean } = {}): Promise<PluginBuildResult> {
  const manifest = await projectManifest(dir);
  try {
    return await buildPlugin(dir, { packagesDir: join(dir, DIST_DIR), recordsDir: join(dir, '.cache', 'fugue-build'), force: options.force === true || bindingsMissing(dir, manifest) });
  } catch (error) {
    throw new CliError(`the build of ${manifest.id} failed:\n${(error as Error).message}`);
  }
}

/** The component size first-party plugins keep to (issue 6); a guide for everyone else. */
const SIZE_BUDGET = 2 * 1000 * 1000;

/** `23.4 KiB`, `1.55 MiB`. */
export function formatSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

/** One line per component and the package, as `build` and `pack` print them. */
export async function describeBuild(result: PluginBuildResult, io: Io): Promise<void> {
  const how = result.status === 'built' ? `built in ${(result.milliseconds / 1000).toFixed(2)} s` : 'up to date (cached build)';
  io.out(`${result.id} ${result.version}: ${how}`);
  for (const component of result.components) {
    const over = component.bytes > SIZE_BUDGET ? '  (over the 2 MB that first-party components keep to: it loads into every instance)' : '';
    io.out(`  ${relative(result.projectDir, component.outPath)}  ${formatSize(component.bytes)}${over}`);
  }
  io.out(`  ${relative(result.projectDir, result.packagePath)}  ${formatSize((await stat(result.packagePath)).size)}`);
}
