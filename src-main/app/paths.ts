/**
 * Where Fugue keeps things: the contract shipped with the app, and the user's data
 * (catalog, installed plugins, caches).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

/** Where `npm run build:plugins` puts the built packages of `plugins/` (and fixtures). */
export const BUILT_PACKAGES_DIR = fileURLToPath(new URL('../../.cache/packages', import.meta.url));

/** The first-party plugin projects shipped with the app. */
const FIRST_PARTY_ROOT = fileURLToPath(new URL('../../plugins', import.meta.url));

/**
 * The built packages of the first-party plugins (`plugins/<name>` →
 * `.cache/packages/<id>-<version>.zip`), installed as built-ins at start. A plugin that
 * was not built is left out and named in `missing`: `npm run build:plugins` builds it.
 */
export function firstPartyPackages(): { packages: string[]; missing: string[] } {
  const packages: string[] = [];
  const missing: string[] = [];
  if (!existsSync(FIRST_PARTY_ROOT)) return { packages, missing };
  for (const name of readdirSync(FIRST_PARTY_ROOT).sort()) {
    const manifestFile = join(FIRST_PARTY_ROOT, name, 'plugin.json');
    if (!existsSync(manifestFile)) continue;
    const { id, version } = JSON.parse(readFileSync(manifestFile, 'utf8')) as { id: string; version: string };
    const zip = join(BUILT_PACKAGES_DIR, `${id}-${version}.zip`);
    (existsSync(zip) ? packages : missing).push(existsSync(zip) ? zip : name);
  }
  return { packages, missing };
}
