/**
 * Test support: installs the LRCLIB plugin into real plugin services, pointed at a
 * loopback server. The shipped manifest declares only `lrclib.net`; tests install a copy
 * that also declares `127.0.0.1` (the test server), so the host's allowlist is what
 * lets requests through, as it is for users.
 */
import { join } from 'node:path';
import { buildPlugin } from '../../../sdk/build/build-plugin.ts';
import { grantAllDeclared } from '../../../src-main/plugins/consent.ts';
import { unpackWith, type ServicesHarness } from '../../../src-main/plugins/test-support/services.ts';

export const LRCLIB_ID = 'org.fugue.lrclib';

/** Installs (and starts) the plugin with `127.0.0.1` added to its network permissions, its server set to `baseUrl`. */
export async function installLrclibForTests(harness: ServicesHarness, workDir: string, baseUrl: string): Promise<void> {
  const built = await buildPlugin(join(import.meta.dirname, '..'));
  const folder = await unpackWith(built.packagePath, join(workDir, 'lrclib-loopback'), (manifest) => {
    const permissions = manifest.permissions as { network: { host: string; reason: string }[] };
    permissions.network.push({ host: '127.0.0.1', reason: 'The test suite’s loopback LRCLIB server' });
  });
  await harness.installer.install({ kind: 'path', path: folder }, { onConsent: grantAllDeclared });
  await harness.services.saveSettings(LRCLIB_ID, 'lrclib', { base_url: baseUrl });
}
