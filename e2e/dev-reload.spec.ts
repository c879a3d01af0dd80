/**
 * Dev mode and settings in the browser. A plugin project folder loaded with "Load folder"
 * runs with the `dev` badge; a rebuild of it (version 2) shows in the live-reload
 * indicator, and a broken build is refused with an alert while version 2 keeps running.
 * The Music folders plugin's settings form adds a folder, saves it and the host keeps it.
 * The folders are copies of the versioned-lyrics fixture (built by `npm run build:plugins`;
 * its version 2 is built here the way src-main/contract/dev-link.test.ts builds it).
 */
import { copyFile, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { versionedPackage } from '../src-main/plugins/test-support/services.ts';
import type { SocketClient } from '../src-main/web/testing.ts';
import { chromiumMissing, packageMissing, REPO_ROOT, rendererMissing } from './environment.ts';
import { expect, test } from './fixtures.ts';
import { nextEvent, PluginsPage, statusEvent } from './helpers/plugins-page.ts';

const VERSIONED = { id: 'org.fugue.fixture.versioned', name: 'Versioned lyrics', built: 'org.fugue.fixture.versioned-1.0.0.zip' };
const LIBRARY = { id: 'org.fugue.library', name: 'Music folders' };

const missing = chromiumMissing() ?? rendererMissing() ?? packageMissing(VERSIONED.built);
test.skip(missing !== undefined, missing ?? '');

let work: string;
let version2: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  work = await mkdtemp(join(tmpdir(), 'fugue-e2e-dev-'));
  await versionedPackage('2.0.0', work);
  version2 = join(work, 'versioned-2.0.0');
});

test.afterAll(async () => {
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

test.beforeEach(async ({ page, fugue }) => {
  await page.goto(fugue.url);
  const ui = new PluginsPage(page);
  await ui.open();
  await expect(ui.heading()).toBeVisible();
});

test.describe('a dev folder', () => {
  // Only the linked plugin answers lyrics, so an answer names the version that runs.
  test.use({ builtins: false });

  test('loads with the dev badge, reloads live, and a broken build is refused while the last good one runs', async ({ page, host, snap }) => {
    const ui = new PluginsPage(page);
    const folder = join(work, `dev-${test.info().testId}`);
    await cp(join(REPO_ROOT, 'plugin-fixtures', 'versioned-lyrics'), folder, { recursive: true });

    const linked = statusEvent(host, VERSIONED.id, 'dev');
    await ui.loadFolder(folder);
    await linked;
    await expect(ui.badge(VERSIONED.name, 'dev')).toBeVisible();
    await expect(ui.devFolder()).toContainText(`Dev folder: ${folder}`);
    await expect(ui.devFolder().getByRole('status')).toHaveText('Watching the folder for changes.');
    await snap('dev-linked');

    const reloaded = nextEvent(host, (event) => event.event === 'plugins.devReload' && event.payload.outcome === 'reloaded' && event.payload.version === '2.0.0');
    await copyFile(join(version2, 'dist', 'lyrics.wasm'), join(folder, 'dist', 'lyrics.wasm'));
    await copyFile(join(version2, 'plugin.json'), join(folder, 'plugin.json'));
    await reloaded;
    await expect(ui.devFolder().getByRole('status')).toHaveText(/^Reloaded .+ \(version 2\.0\.0\): .*(dist\/lyrics\.wasm|plugin\.json)/);
    await expect(ui.row(VERSIONED.name)).toContainText('2.0.0');
    expect(await providerOf(host)).toBe('versioned@2.0.0');
    // The metrics chart polls the running component: version 2 has answered a call.
    await expect(ui.details().getByRole('figure', { name: 'Metrics of Versioned lyrics' })).toContainText(/lyrics 2\.0\.0 \(\w+\): [\d.]+ calls\/s \([1-9]\d* in all\)/);
    await snap('dev-reloaded');

    const refused = nextEvent(host, (event) => event.event === 'plugins.devReload' && event.payload.outcome === 'failed');
    await writeFile(join(folder, 'dist', 'lyrics.wasm'), 'not a component');
    await refused;
    const alert = ui.devFolder().getByRole('alert');
    await expect(alert).toContainText('Reload refused:');
    await expect(alert).toContainText('lyrics.wasm');
    await expect(alert).toContainText('Still running version 2.0.0.');
    await expect(ui.badge(VERSIONED.name, 'dev')).toBeVisible();
    expect(await providerOf(host)).toBe('versioned@2.0.0');
    await snap('dev-refused');

    const unlinked = nextEvent(host, (event) => event.event === 'plugins.changed' && event.payload.pluginId === VERSIONED.id && event.payload.summary === undefined);
    await ui.devFolder().getByRole('button', { name: 'Unlink dev folder' }).click();
    await unlinked;
    await expect(ui.row(VERSIONED.name)).toHaveCount(0);
  });

  test('a folder that is not a plugin is refused with an alert', async ({ page }) => {
    const ui = new PluginsPage(page);
    const empty = join(work, `empty-${test.info().testId}`);
    await mkdir(empty, { recursive: true });
    await ui.loadFolder(empty);
    await expect(ui.alerts().filter({ hasText: 'plugin.json' })).toBeVisible();
    await expect(page.getByLabel('Plugin folder', { exact: true })).toHaveValue(empty);
  });
});

test('the settings form of Music folders saves a folder the host keeps', async ({ page, host, snap }) => {
  const ui = new PluginsPage(page);
  const music = join(work, `music-${test.info().testId}`);
  await mkdir(music, { recursive: true });
  await ui.select(LIBRARY.name);
  const form = ui.settingsForm(LIBRARY.name);
  await expect(form).toBeVisible();
  await expect(form.getByLabel('Look for changes after (minutes)')).toHaveValue('30');

  await form.getByLabel('Folder to add to Music folders').fill(music);
  await form.getByRole('button', { name: 'Add to Music folders' }).click();
  await expect(form.getByRole('button', { name: `Remove ${music}` })).toBeVisible();
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved');
  const stored = await host.contract['plugins.settings']({ pluginId: LIBRARY.id });
  expect(stored.ok && stored.value.find((ability) => ability.typeId === 'library')?.values.folders).toEqual([music]);
  await snap('settings-saved');

  await form.getByLabel('Look for changes after (minutes)').fill('-5');
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(form.getByRole('alert')).toHaveText(/rescan_minutes.*-5 is below the minimum 0/);
  await expect(form.getByRole('status')).toHaveText('Not saved');
  await snap('settings-refused');
  await page.setViewportSize({ width: 420, height: 900 });
  await snap('settings-narrow');
});

/** The provider that answers a lyrics lookup: the running version of the versioned fixture names itself. */
async function providerOf(host: SocketClient): Promise<string | undefined> {
  const result = await host.contract['lyrics.find']({ query: { title: 'which version?' } });
  return result.ok ? result.value.found?.provider : undefined;
}
