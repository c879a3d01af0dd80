// The library as Fugue installs it: the built package goes through the real installer
// and plugin services, and its settings are saved through the form's path (checked
// against plugin.json, then handed to the running plugin).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildPlugin } from '../../sdk/build/build-plugin.ts';
import { grantAllDeclared } from '../../src-main/plugins/consent.ts';
import { ServicesHarness } from '../../src-main/plugins/test-support/services.ts';

const ID = 'org.fugue.library';
let harness: ServicesHarness;

beforeAll(async () => {
  const built = await buildPlugin(import.meta.dirname);
  harness = await ServicesHarness.create();
  await harness.installer.install({ kind: 'path', path: built.packagePath }, { onConsent: grantAllDeclared });
});
afterAll(() => harness?.dispose());

it('installs, asks for music folders before browsing, and refuses a relative folder from the settings form', async () => {
  await expect(harness.host.call(ID, 'source', 'browse', [{ tag: 'root' }, undefined])).rejects.toMatchObject({
    pluginCode: 'not-found',
    message: expect.stringContaining('no music folders are chosen yet; add your music folders in the library settings'),
  });
  await expect(harness.services.saveSettings(ID, 'library', { folders: ['Music'] })).rejects.toMatchObject({ pluginCode: 'invalid-argument', message: expect.stringContaining('"Music" is not an absolute folder path') });
  await expect(harness.services.saveSettings(ID, 'library', { rescan_minutes: -1 })).rejects.toMatchObject({ code: 'invalid-argument' });
  expect(await harness.services.saveSettings(ID, 'library', { folders: ['/srv/music'], rescan_minutes: 0 })).toBe('applied');
  expect(harness.catalog.config.get(ID, 'library')).toMatchObject({ folders: ['/srv/music'], rescan_minutes: 0 });
});
