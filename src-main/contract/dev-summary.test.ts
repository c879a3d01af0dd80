// A plugin that only runs from a dev folder has no catalog version; its list row and the
// answers of `plugins.devLink` still name it and its kinds from the running manifest, so
// the Plugins screen shows "Versioned lyrics", not a bare id.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ContractEvent } from '../../src-shared/contract/index.ts';
import { ServicesHarness } from '../plugins/test-support/services.ts';
import { REPO_ROOT } from '../runtime/testing/fixtures.ts';
import { createHandlers } from './handlers.ts';
import { value } from './testing.ts';

const ID = 'org.fugue.fixture.versioned';
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fugue-dev-summary-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

it('names a dev-only plugin in its link answer, its change event and the list', async () => {
  const harness = await ServicesHarness.create();
  const host = createHandlers({ plugins: harness.services });
  const events: ContractEvent[] = [];
  host.events.on((event) => events.push(event));
  try {
    const folder = join(work, 'versioned');
    await cp(join(REPO_ROOT, 'plugin-fixtures', 'versioned-lyrics'), folder, { recursive: true });
    const named = { id: ID, name: 'Versioned lyrics', kinds: ['lyrics'], status: 'dev' };
    expect(value(await host.handlers['plugins.devLink']({ folder }))).toMatchObject(named);
    const changes = events.flatMap((event) => (event.event === 'plugins.changed' && event.payload.pluginId === ID ? [event.payload.summary] : []));
    expect(changes.length).toBeGreaterThan(0);
    for (const summary of changes) expect(summary).toMatchObject(named);
    expect(value(await host.handlers['plugins.list']())).toMatchObject([named]);
  } finally {
    await host.dispose();
    await harness.dispose();
  }
}, 60_000);
