// The podcast source as Fugue installs it: the built package goes through the real
// installer and plugin services, and its settings are saved through the form's path.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildPlugin } from '../../sdk/build/build-plugin.ts';
import { grantAllDeclared } from '../../src-main/plugins/consent.ts';
import { ServicesHarness } from '../../src-main/plugins/test-support/services.ts';

const ID = 'org.fugue.podcasts';
let harness: ServicesHarness;

beforeAll(async () => {
  const built = await buildPlugin(import.meta.dirname);
  harness = await ServicesHarness.create();
  await harness.installer.install({ kind: 'path', path: built.packagePath }, { onConsent: grantAllDeclared });
});
afterAll(() => harness?.dispose());

it('installs, asks for feeds before browsing, and refuses an address that is not http(s)', async () => {
  await expect(harness.host.call(ID, 'source', 'browse', [{ tag: 'root' }, undefined])).rejects.toMatchObject({
    pluginCode: 'not-found',
    message: expect.stringContaining('no podcasts are followed yet'),
  });
  await expect(harness.services.saveSettings(ID, 'podcasts', { feeds: ['ftp://example.org/feed'] })).rejects.toMatchObject({ pluginCode: 'invalid-argument', message: expect.stringContaining('is not an http(s) feed address') });
  expect(await harness.services.saveSettings(ID, 'podcasts', { feeds: ['https://feeds.example.org/show.xml'] })).toBe('applied');
  expect(harness.catalog.config.get(ID, 'podcasts')).toMatchObject({ feeds: ['https://feeds.example.org/show.xml'] });
});
