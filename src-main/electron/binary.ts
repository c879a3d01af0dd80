/**
 * Finds the Electron binary the way `require('electron')` does — `node_modules/electron/
 * path.txt` names it inside `dist/` (or `$ELECTRON_OVERRIDE_DIST_PATH`) — without calling
 * that module, which downloads the binary when it is missing. Used by `npm start` and
 * the end-to-end suite; nothing here touches the network.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The binary's path, or undefined when it is not there (the usual case on build machines). */
export function findElectronBinary(repoRoot: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const moduleDir = join(repoRoot, 'node_modules', 'electron');
  const pathFile = join(moduleDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override !== undefined && override !== '' ? join(override, relative) : join(moduleDir, 'dist', relative);
  return existsSync(binary) ? binary : undefined;
}

/** Why there is no binary, for the message that says the web shell starts instead. */
export function electronMissingReason(repoRoot: string): string {
  return existsSync(join(repoRoot, 'node_modules', 'electron', 'package.json'))
    ? 'node_modules/electron has no binary: it was installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1 or without network access'
    : 'node_modules/electron is missing';
}
