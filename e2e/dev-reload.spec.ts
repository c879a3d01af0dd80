/**
 * Dev mode and settings in the browser. A plugin project folder loaded with "Load folder"
 * runs with the `dev` badge; a rebuild of it (version 2) shows in the live-reload
 * indicator, and a broken build is refused with an alert while version 2 keeps running.
 * The Music folders plugin's settings form adds a folder, saves it and the host keeps it.
 * The folders are copies of the versioned-lyrics fixture (built by `npm run build:plugins`;
 * its version 2 is built once for the file). The dev-folder steps are shared with the
 * Electron twin (e2e/helpers/dev-reload-flows.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromiumMissing, packageMissing, rendererMissing } from './environment.ts';
import { expect, test } from './fixtures.ts';
import { DevWork, linkDevFolder, providerOf, rebuildReloadsLive, VERSIONED } from './helpers/dev-reload-flows.ts';
import { oncePerFile } from './helpers/once-per-file.ts';
import { nextEvent, PluginsPage } from './helpers/plugins-page.ts';

const LIBRARY = { id: 'org.fugue.library', name: 'Music folders' };

const missing = chromiumMissing() ?? rendererMissing() ?? packageMissing(VERSIONED.built);
test.skip(missing !== undefined, missing ?? '');

const work = oncePerFile(test, () => {
  test.setTimeout(180_000);
  return DevWork.create('fugue-e2e-dev-');
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
    const folder = await work().projectCopy(`dev-${test.info().testId}`);
    await linkDevFolder(ui, host, folder, () => ui.loadFolder(folder));
    await snap('dev-linked');

    await rebuildReloadsLive(ui, host, work(), folder);
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
    const empty = join(work().path, `empty-${test.info().testId}`);
    await mkdir(empty, { recursive: true });
    await ui.loadFolder(empty);
    await expect(ui.alerts().filter({ hasText: 'plugin.json' })).toBeVisible();
    await expect(page.getByLabel('Plugin folder', { exact: true })).toHaveValue(empty);
  });
});

test('the settings form of Music folders saves a folder the host keeps', async ({ page, host, snap }) => {
  const ui = new PluginsPage(page);
  const music = join(work().path, `music-${test.info().testId}`);
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
