// Installed files are checked against their receipt at every load.
import { rm, symlink, writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixturePackage, ServicesHarness } from './test-support/services.ts';

const LYRICS = 'org.fugue.fixture.lyrics';
const DSP = 'org.fugue.fixture.dsp';

let packages: { lyrics: string; dsp: string };
beforeAll(async () => {
  packages = { lyrics: await fixturePackage('world-lyrics'), dsp: await fixturePackage('world-dsp') };
});

let harness: ServicesHarness;
beforeEach(async () => {
  harness = await ServicesHarness.create();
  await harness.installer.install({ kind: 'path', path: packages.lyrics });
  await harness.installer.install({ kind: 'path', path: packages.dsp });
});
afterEach(async () => harness.dispose());

const installed = (id: string, file: string) => join(harness.dataDir, 'plugins', id, '0.1.0', file);

async function flipByte(file: string): Promise<void> {
  const bytes = await readFile(file);
  const last = bytes.length - 1;
  bytes.writeUInt8(bytes.readUInt8(last) ^ 0xff, last);
  await writeFile(file, bytes);
}

describe('tamper detection', () => {
  it('a changed component fails its plugin at the next start, naming the file; the others start', async () => {
    await flipByte(installed(LYRICS, 'main.wasm'));
    const report = await harness.restart();
    const message = `${LYRICS} 0.1.0 was modified on disk: "main.wasm" was changed after it was installed; reinstall the plugin to repair it`;
    expect(report.plugins).toEqual([
      { pluginId: DSP, version: '0.1.0', state: 'active' },
      { pluginId: LYRICS, version: '0.1.0', state: 'failed', error: { code: 'modified-on-disk', message, plugin: { pluginId: LYRICS, version: '0.1.0' } } },
    ]);
    expect(harness.host.running()).toEqual([{ pluginId: DSP, version: '0.1.0' }]);
    expect(harness.catalog.getPlugin(LYRICS)).toMatchObject({ desired: 'enabled', lifecycle: 'failed', lastError: { code: 'modified-on-disk', message } });
    expect(harness.catalog.events.list(LYRICS).at(-1)).toMatchObject({ kind: 'modified-on-disk', message });
  });

  it('a missing file and a file replaced by a link are both reported by name', async () => {
    await rm(installed(LYRICS, 'plugin.json'));
    await rm(installed(DSP, 'main.wasm'));
    await symlink(installed(LYRICS, 'main.wasm'), installed(DSP, 'main.wasm'));
    const report = await harness.restart();
    expect(report.plugins.map((entry) => entry.error?.message)).toEqual([
      `${DSP} 0.1.0 was modified on disk: "main.wasm" was replaced by a symbolic link; reinstall the plugin to repair it`,
      `${LYRICS} 0.1.0 was modified on disk: "plugin.json" is missing; reinstall the plugin to repair it`,
    ]);
  });

  it('a file of the same size with other bytes is caught by its hash, also for a disabled plugin', async () => {
    await harness.installer.disable(DSP);
    await flipByte(installed(DSP, 'plugin.json'));
    const report = await harness.restart();
    expect(report.plugins[0]).toMatchObject({ pluginId: DSP, state: 'failed', error: { code: 'modified-on-disk' } });
    expect(harness.host.activeVersion(DSP)).toBeUndefined();
  });

  it('enabling a modified plugin fails with the reason; reinstalling repairs it', async () => {
    await harness.installer.disable(LYRICS);
    await flipByte(installed(LYRICS, 'main.wasm'));
    await expect(harness.installer.enable(LYRICS)).rejects.toMatchObject({ code: 'modified-on-disk' });
    expect(harness.catalog.getPlugin(LYRICS)?.lifecycle).toBe('failed');
    await harness.installer.install({ kind: 'path', path: packages.lyrics });
    await harness.installer.enable(LYRICS);
    expect(await harness.host.call(LYRICS, 'lyrics', 'find', [{ title: 'ok' }])).toMatchObject({ provider: 'Fixture words' });
    const report = await harness.restart();
    expect(report.plugins.map((entry) => entry.state)).toEqual(['active', 'active']);
  });
});
