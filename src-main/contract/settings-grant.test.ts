// The settings form learns which fields grant the plugin something: the library's music
// folders carry `"x-fugue-grant": "file-roots"` in its manifest, so `plugins.settings`
// marks that field (the form shows it as a list of folders), and a saved folder becomes
// a folder the library may read.
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildPlugin } from '../../sdk/build/build-plugin.ts';
import { grantedFolders } from '../plugins/plugin-grants.ts';
import { ServicesHarness } from '../plugins/test-support/services.ts';
import { REPO_ROOT } from '../runtime/testing/fixtures.ts';
import { createHandlers, type ContractHost } from './handlers.ts';
import { value } from './testing.ts';

const LIBRARY = 'org.fugue.library';
let harness: ServicesHarness;
let host: ContractHost;

beforeEach(async () => {
  harness = await ServicesHarness.create();
  host = createHandlers({ plugins: harness.services });
});

afterEach(async () => {
  await host.dispose();
  await harness.dispose();
});

it('marks the fields whose values grant the plugin folders, and only those', async () => {
  const built = await buildPlugin(join(REPO_ROOT, 'plugins', 'library'));
  const asked = value(await host.handlers['plugins.install']({ source: { kind: 'path', path: built.packagePath } }));
  // The library asks for storage first.
  if (asked.status === 'consent-required') value(await host.handlers['plugins.answerConsent']({ consentId: asked.request.consentId, approve: true }));
  const [library] = value(await host.handlers['plugins.settings']({ pluginId: LIBRARY }));
  expect(library?.fields.map((field) => [field.key, field.type, field.grant])).toEqual([
    ['folders', 'array', 'file-roots'],
    ['rescan_minutes', 'integer', undefined],
  ]);
  const folder = join(harness.dataDir, 'music');
  value(await host.handlers['plugins.saveSettings']({ pluginId: LIBRARY, typeId: 'library', values: { folders: [folder] } }));
  expect(grantedFolders(harness.catalog, LIBRARY)).toEqual([folder]);
}, 120_000);
