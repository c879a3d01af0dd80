/**
 * Where Fugue keeps things: the contract shipped with the app, and the user's data
 * (catalog, installed plugins, caches).
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `wit/` folder shipped with the host: one `fugue-plugin@x.y.z` folder per supported version. */
export const BUNDLED_WIT_ROOT = fileURLToPath(new URL('../../wit', import.meta.url));

/**
 * The user data folder: `--data-dir` when given, else `$FUGUE_DATA_DIR`, else
 * `$XDG_DATA_HOME/fugue`, else `~/.local/share/fugue`.
 */
export function resolveDataDir(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return resolve(explicit);
  if (env.FUGUE_DATA_DIR) return resolve(env.FUGUE_DATA_DIR);
  const xdg = env.XDG_DATA_HOME && env.XDG_DATA_HOME.startsWith('/') ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share');
  return join(xdg, 'fugue');
}
