/**
 * What the end-to-end suite needs from this machine, checked without side effects: the
 * Debian Chromium binary, the built renderer, the built fixture packages, and (for the
 * `_electron` specs) an Electron binary. Each check answers with the reason a spec is
 * skipped, or undefined when the prerequisite is there.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from '../src-main/electron/binary.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ARTIFACTS_DIR = join(REPO_ROOT, 'e2e', 'artifacts');
export const PACKAGES_DIR = join(REPO_ROOT, '.cache', 'packages');
/** The built renderer the specs serve: `out/renderer`, or `$FUGUE_RENDERER_OUT` (where the build then goes too). */
export const RENDERER_DIR = process.env.FUGUE_RENDERER_OUT ?? join(REPO_ROOT, 'out', 'renderer');
export const RENDERER_INDEX = join(RENDERER_DIR, 'index.html');
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags for Chromium: no sandbox (CI runs as root), no GPU, and nothing that phones home.
 * The resolver rules send every host name except the test's own to nowhere, so no page
 * can reach past 127.0.0.1 even by mistake; `rebind.test` is the "foreign site" of the
 * Host-check spec and resolves to loopback (what a DNS-rebinding attack looks like).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--no-proxy-server',
  '--host-resolver-rules=MAP rebind.test 127.0.0.1, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
];

export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM_PATH) ? undefined : `Chromium is not installed at ${CHROMIUM_PATH} (apt-get install -y chromium; .ci/run does it)`;
}

export function rendererMissing(): string | undefined {
  return existsSync(RENDERER_INDEX)
    ? undefined
    : 'the renderer is not built (out/renderer/index.html is missing; "npm run build:renderer" builds it once that script exists)';
}

/** The path of a built package, e.g. `org.fugue.fixture.net-kv-probe-0.1.0.zip`. */
export function packagePath(fileName: string): string {
  return join(PACKAGES_DIR, fileName);
}

export function packageMissing(fileName: string): string | undefined {
  return existsSync(packagePath(fileName)) ? undefined : `the fixture package .cache/packages/${fileName} is not built ("npm run build:plugins" builds it)`;
}

/** Whether package.json defines `script` (read at run time: another change may add it). */
export function hasScript(script: string): boolean {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  return typeof manifest.scripts?.[script] === 'string';
}

/**
 * The Electron binary, found the way `require('electron')` finds it but without calling
 * it: that module downloads the binary when it is missing, and nothing here may reach the
 * network. Undefined when the binary is absent (the usual case on these machines).
 * The lookup is shared with `npm start` (src-main/electron/binary.ts).
 */
export function electronBinary(): string | undefined {
  return findElectronBinary(REPO_ROOT);
}
