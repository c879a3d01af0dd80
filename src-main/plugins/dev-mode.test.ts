// Dev mode: a linked project folder runs in place of an installed copy, reloads through
// the hot-reload path when its build changes, keeps running when a change breaks it,
// and gives the installed copy back when unlinked.
import { copyFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { DevMode } from './dev-mode.ts';
import { ServicesHarness, versionedPackage } from './test-support/services.ts';

const ID = 'org.fugue.fixture.versioned';

let work: string;
let harness: ServicesHarness;
let dev: DevMode;
let v1Zip: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fugue-dev-'));
  // Each build leaves a project folder with plugin.json, src/ and dist/lyrics.wasm.
  v1Zip = await versionedPackage('1.0.0', work);
  await versionedPackage('2.0.0', work);
  harness = await ServicesHarness.create();
});
afterEach(async () => {
  await dev.dispose();
});
afterAll(async () => {
  await harness.dispose();
  await rm(work, { recursive: true, force: true });
});

const project = (version: string) => join(work, `versioned-${version}`);

async function devFolderOf(version: string, name: string): Promise<string> {
  const folder = join(work, name);
  await cp(project(version), folder, { recursive: true });
  return folder;
}

async function answer(): Promise<string> {
  return ((await harness.host.call(ID, 'lyrics', 'find', [{ title: 'x' }])) as { provider: string }).provider;
}

it('reloads a linked folder when its component is rebuilt, and keeps the running build when a change breaks it', async () => {
  dev = new DevMode({ catalog: harness.catalog, host: harness.host, installer: harness.installer, debounceMs: 50 });
  const folder = await devFolderOf('1.0.0', 'dev-a');
  const link = await dev.link(folder);
  expect(await answer()).toBe('versioned@1.0.0');
  expect(harness.catalog.devLinks.get(ID)).toMatchObject({ folder, version: '1.0.0' });
  // Nothing was installed: dev mode runs from the folder.
  expect(harness.catalog.getPlugin(ID)).toBeUndefined();

  // A rebuild: the component now answers as 2.0.0.
  let next = link.nextEvent();
  await copyFile(join(project('2.0.0'), 'dist', 'lyrics.wasm'), join(folder, 'dist', 'lyrics.wasm'));
  expect(await next).toMatchObject({ kind: 'reloaded', changed: ['dist/lyrics.wasm'] });
  expect(await answer()).toBe('versioned@2.0.0');

  // A broken build: refused, recorded, and 2.0.0 keeps answering.
  next = link.nextEvent();
  await writeFile(join(folder, 'dist', 'lyrics.wasm'), 'not a component');
  const failed = await next;
  expect(failed.kind).toBe('failed');
  expect(await answer()).toBe('versioned@2.0.0');
  const events = harness.catalog.events.list(ID);
  expect(events.at(-1)).toMatchObject({ kind: 'dev-reload-failed' });
  expect(events.at(-1)?.message).toContain('dist/lyrics.wasm');
  expect(harness.catalog.devLinks.get(ID)?.lastError?.message).toBe(failed.kind === 'failed' ? failed.error.message : '');

  // An invalid manifest is refused the same way.
  next = link.nextEvent();
  await writeFile(join(folder, 'plugin.json'), '{ "schema_version": 1, ');
  expect((await next).kind).toBe('failed');
  expect(await answer()).toBe('versioned@2.0.0');

  // Fixed: the next change loads again.
  next = link.nextEvent();
  await copyFile(join(project('1.0.0'), 'plugin.json'), join(folder, 'plugin.json'));
  await copyFile(join(project('1.0.0'), 'dist', 'lyrics.wasm'), join(folder, 'dist', 'lyrics.wasm'));
  expect(await next).toMatchObject({ kind: 'reloaded', version: '1.0.0' });
  expect(await answer()).toBe('versioned@1.0.0');
  expect(harness.catalog.devLinks.get(ID)?.lastError).toBeUndefined();

  await dev.unlink(ID);
  expect(harness.host.activeVersion(ID)).toBeUndefined();
  expect(harness.catalog.devLinks.get(ID)).toBeUndefined();
});

it('overrides an installed copy of the same id and restores it when unlinked', async () => {
  dev = new DevMode({ catalog: harness.catalog, host: harness.host, installer: harness.installer, debounceMs: 50 });
  await harness.installer.install({ kind: 'path', path: v1Zip });
  expect(await answer()).toBe('versioned@1.0.0');
  const folder = await devFolderOf('2.0.0', 'dev-b');
  await dev.link(folder);
  expect(await answer()).toBe('versioned@2.0.0');
  // The installed copy is untouched in the catalog.
  expect(harness.catalog.getPlugin(ID)).toMatchObject({ version: '1.0.0', lifecycle: 'active' });
  await dev.unlink(ID);
  expect(await answer()).toBe('versioned@1.0.0');
  expect(harness.catalog.events.list(ID).map((event) => event.kind).slice(-2)).toEqual(['dev-linked', 'dev-unlinked']);
});

it('refuses to link a folder that is not a valid package, saying why', async () => {
  dev = new DevMode({ catalog: harness.catalog, host: harness.host, installer: harness.installer });
  const folder = await devFolderOf('1.0.0', 'dev-c');
  const manifest = JSON.parse(await readFile(join(folder, 'plugin.json'), 'utf8')) as { components: { path: string }[] };
  manifest.components[0]!.path = 'missing.wasm';
  await writeFile(join(folder, 'plugin.json'), JSON.stringify(manifest));
  await expect(dev.link(folder)).rejects.toThrow(/missing\.wasm/);
  expect(harness.catalog.devLinks.list()).toEqual([]);
});
