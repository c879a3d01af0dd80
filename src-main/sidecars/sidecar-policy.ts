/**
 * Which executables a plugin may start as a sidecar: a file inside its install root
 * (after resolving symlinks, so a link cannot lead out), declared in the manifest's
 * `permissions.sidecar` and granted by the user. Everything else is refused with an
 * error naming the executable and the rule it broke.
 */
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep, basename } from 'node:path';
import { FugueError } from '../../src-shared/errors.ts';

export interface SidecarSpawnRequest {
  pluginId: string;
  /** The plugin's install root; the executable must resolve inside it. */
  pluginRoot: string;
  /** Executable names from the manifest's `permissions.sidecar[].executable`. */
  declared: readonly string[];
  /** Executable names the user granted (`sidecar:<executable>`). */
  granted: readonly string[];
  /** Path of the executable relative to the plugin root (e.g. `bin/ffplay`). */
  executable: string;
  args?: readonly string[];
}

/** The absolute, symlink-free path of an allowed executable; throws `denied` otherwise. */
export async function resolveSidecarExecutable(request: SidecarSpawnRequest): Promise<string> {
  const { executable, pluginId } = request;
  const refuse = (rule: string): never => {
    throw new FugueError({ code: 'denied', message: `sidecar "${executable}" refused: ${rule}`, plugin: { pluginId } });
  };
  if (isAbsolute(executable) || executable.includes('\\')) refuse('give a path relative to the plugin root');
  const name = basename(executable);
  if (!request.declared.some((d) => d === executable || d === name)) {
    refuse('it is not declared in the manifest\'s permissions.sidecar');
  }
  if (!request.granted.some((g) => g === executable || g === name)) refuse('the user has not granted it');
  const root = await realpath(request.pluginRoot);
  let real: string;
  try {
    real = await realpath(resolve(root, executable));
  } catch {
    return refuse(`it does not exist inside the plugin root ${root}`);
  }
  if (!inside(root, real)) refuse(`it resolves to ${real}, outside the plugin root ${root}`);
  const info = await stat(real);
  if (!info.isFile() || (info.mode & 0o111) === 0) refuse('it is not an executable file');
  return real;
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}
