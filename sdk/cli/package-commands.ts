/**
 * `fugue-plugin build | pack | validate`: compile a project into `dist/`, zip it into
 * `dist/<id>-<version>.zip`, and check the package with the installer's own checks.
 */
import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { packPlugin } from '../build/pack.ts';
import { DIST_DIR } from '../build/plugin.ts';
import { runPluginValidate } from '../../src-main/cli/plugin-validate.ts';
import { buildProject, describeBuild, formatSize, projectDir, type Io } from './project.ts';

export async function runBuild(dir: string | undefined, options: { force?: boolean }, io: Io): Promise<void> {
  const result = await buildProject(projectDir(dir), options);
  await describeBuild(result, io);
}

export async function runPack(dir: string | undefined, io: Io): Promise<string> {
  const folder = projectDir(dir);
  await buildProject(folder);
  // Packed again (same bytes: packing is deterministic) to list what the zip holds.
  const packed = await packPlugin(folder, join(folder, DIST_DIR));
  io.out(`packed ${relative(process.cwd(), packed.path) || packed.path} (${formatSize(packed.bytes)}): ${packed.entries.join(', ')}`);
  return packed.path;
}

/**
 * A `.zip` is checked as it is; a project folder is built first and its package checked,
 * since that is what users install.
 */
export async function runValidate(target: string | undefined, io: Io): Promise<number> {
  let source: string;
  if (target !== undefined && existsSync(target) && statSync(target).isFile()) {
    source = resolve(target);
  } else {
    const built = await buildProject(projectDir(target));
    source = built.packagePath;
    io.out(`checking ${relative(process.cwd(), source) || source}`);
  }
  return runPluginValidate([source], io);
}
