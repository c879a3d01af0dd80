/**
 * The dev-folder flow of e2e/dev-reload.spec.ts in the Electron shell, with the native
 * folder picker: "Choose folder…" (the main process's dialog, stubbed through Playwright's
 * `app.evaluate` since a test cannot click a native dialog) fills in the folder, "Load
 * folder" links it with the `dev` badge, and a rebuild (version 2) reloads live. Runs only
 * where an Electron binary exists (skipped with the reason otherwise).
 */
import { copyFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { versionedPackage } from '../../src-main/plugins/test-support/services.ts';
import { packageMissing, REPO_ROOT } from '../environment.ts';
import { nextEvent, PluginsPage, statusEvent } from '../helpers/plugins-page.ts';
import { electronMissing, expect, test } from './electron-fixtures.ts';

const VERSIONED = { id: 'org.fugue.fixture.versioned', name: 'Versioned lyrics', built: 'org.fugue.fixture.versioned-1.0.0.zip' };

const missing = electronMissing() ?? packageMissing(VERSIONED.built);
test.skip(missing !== undefined, missing ?? '');
test.use({ builtins: false });

let work: string;
let version2: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  work = await mkdtemp(join(tmpdir(), 'fugue-e2e-electron-dev-'));
  await versionedPackage('2.0.0', work);
  version2 = join(work, 'versioned-2.0.0');
});

test.afterAll(async () => {
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

test('a folder chosen in the native picker loads with the dev badge and reloads live', async ({ app, page, host, snap }) => {
  const ui = new PluginsPage(page);
  await ui.open();
  const folder = join(work, 'dev');
  await cp(join(REPO_ROOT, 'plugin-fixtures', 'versioned-lyrics'), folder, { recursive: true });
  await app.evaluate(({ dialog }, chosen) => {
    dialog.showOpenDialog = () => Promise.resolve({ canceled: false, filePaths: [chosen] });
  }, folder);

  await page.getByRole('button', { name: 'Choose folder…' }).click();
  await expect(page.getByLabel('Plugin folder', { exact: true })).toHaveValue(folder);
  const linked = statusEvent(host, VERSIONED.id, 'dev');
  await page.getByRole('button', { name: 'Load folder' }).click();
  await linked;
  await expect(ui.badge(VERSIONED.name, 'dev')).toBeVisible();
  await expect(ui.devFolder().getByRole('status')).toHaveText('Watching the folder for changes.');

  const reloaded = nextEvent(host, (event) => event.event === 'plugins.devReload' && event.payload.outcome === 'reloaded' && event.payload.version === '2.0.0');
  await copyFile(join(version2, 'dist', 'lyrics.wasm'), join(folder, 'dist', 'lyrics.wasm'));
  await copyFile(join(version2, 'plugin.json'), join(folder, 'plugin.json'));
  await reloaded;
  await expect(ui.devFolder().getByRole('status')).toHaveText(/^Reloaded .+ \(version 2\.0\.0\)/);
  await expect(ui.row(VERSIONED.name)).toContainText('2.0.0');
  await snap('dev-reloaded');
});
