// Dev mode through the contract: linking a project folder shows the plugin with a `dev`
// badge, a rebuild and a broken build arrive as `plugins.devReload` events (the live-reload
// indicator), and unlinking removes it from the list.
import { copyFile, cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ContractEvent } from '../../src-shared/contract/index.ts';
import { ServicesHarness, versionedPackage } from '../plugins/test-support/services.ts';
import { createHandlers } from './handlers.ts';
import { value } from './testing.ts';

const ID = 'org.fugue.fixture.versioned';
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fugue-contract-dev-'));
  await versionedPackage('1.0.0', work);
  await versionedPackage('2.0.0', work);
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

function nextEvent(events: ContractEvent[], from: number, matches: (event: ContractEvent) => boolean, on: (listener: () => void) => void): Promise<ContractEvent> {
  return new Promise((resolve) => {
    const check = () => {
      const found = events.slice(from).find(matches);
      if (found !== undefined) resolve(found);
    };
    on(check);
    check();
  });
}

it('links a dev folder, reports its reloads and refusals as events, and unlinks it', async () => {
  const harness = await ServicesHarness.create();
  const host = createHandlers({ plugins: harness.services });
  const events: ContractEvent[] = [];
  const wakers = new Set<() => void>();
  host.events.on((event) => {
    events.push(event);
    for (const wake of wakers) wake();
  });
  const reload = (from: number) => nextEvent(events, from, (event) => event.event === 'plugins.devReload', (listener) => wakers.add(listener));
  try {
    const folder = join(work, 'dev-folder');
    await cp(join(work, 'versioned-1.0.0'), folder, { recursive: true });
    const linked = value(await host.handlers['plugins.devLink']({ folder }));
    expect(linked).toMatchObject({ id: ID, status: 'dev', version: '1.0.0', signature: { state: 'unverified' }, dev: { folder } });
    expect(value(await host.handlers['plugins.list']()).map((row) => [row.id, row.status])).toEqual([[ID, 'dev']]);
    // Not in the catalog, yet its details show what the running version provides.
    expect(harness.catalog.currentVersion(ID)).toBeUndefined();
    const details = value(await host.handlers['plugins.details']({ pluginId: ID }));
    expect(details).toMatchObject({ name: 'Versioned lyrics', kinds: ['lyrics'], description: expect.stringContaining('its own version') });
    expect(details.components).toEqual([{ id: 'lyrics', world: 'lyrics-plugin', abilities: [{ kind: 'lyrics', typeId: 'versioned', displayName: 'Versioned lyrics', hasSettings: false }] }]);
    expect(value(await host.handlers['plugins.settings']({ pluginId: ID }))).toEqual([]);

    let from = events.length;
    await copyFile(join(work, 'versioned-2.0.0', 'dist', 'lyrics.wasm'), join(folder, 'dist', 'lyrics.wasm'));
    expect(await reload(from)).toMatchObject({ payload: { pluginId: ID, outcome: 'reloaded', changed: ['dist/lyrics.wasm'] } });

    from = events.length;
    await writeFile(join(folder, 'dist', 'lyrics.wasm'), 'not a component');
    const refused = await reload(from);
    expect(refused).toMatchObject({ payload: { pluginId: ID, outcome: 'failed', changed: ['dist/lyrics.wasm'], error: { message: expect.stringContaining('lyrics.wasm') } } });
    expect(value(await host.handlers['plugins.details']({ pluginId: ID })).dev?.lastError).toBeDefined();

    expect(value(await host.handlers['plugins.devUnlink']({ pluginId: ID }))).toEqual({ pluginId: ID });
    expect(value(await host.handlers['plugins.list']())).toEqual([]);
    expect(events.at(-1)).toEqual({ event: 'plugins.changed', payload: { pluginId: ID } });
  } finally {
    await host.dispose();
    await harness.dispose();
  }
});
