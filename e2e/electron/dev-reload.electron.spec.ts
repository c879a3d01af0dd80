/**
 * The dev-folder flow of e2e/dev-reload.spec.ts in the Electron shell, with the native
 * folder picker: "Choose folder…" (the main process's dialog, stubbed through Playwright's
 * `app.evaluate` since a test cannot click a native dialog) fills in the folder, "Load
 * folder" links it with the `dev` badge, and a rebuild (version 2) reloads live; those
 * steps are the web spec's (e2e/helpers/dev-reload-flows.ts). Runs only where an Electron
 * binary exists (skipped with the reason otherwise).
 */
import { packageMissing } from '../environment.ts';
import { DevWork, linkDevFolder, rebuildReloadsLive, VERSIONED } from '../helpers/dev-reload-flows.ts';
import { oncePerFile } from '../helpers/once-per-file.ts';
import { PluginsPage } from '../helpers/plugins-page.ts';
import { electronMissing, expect, test } from './electron-fixtures.ts';

const missing = electronMissing() ?? packageMissing(VERSIONED.built);
test.skip(missing !== undefined, missing ?? '');
// Only the linked plugin answers lyrics, so an answer names the version that runs.
test.use({ builtins: false });

const work = oncePerFile(test, () => {
  test.setTimeout(180_000);
  return DevWork.create('fugue-e2e-electron-dev-');
});

test('a folder chosen in the native picker loads with the dev badge and reloads live', async ({ app, page, host, snap }) => {
  const ui = new PluginsPage(page);
  await ui.open();
  const folder = await work().projectCopy('dev');
  await app.evaluate(({ dialog }, chosen) => {
    dialog.showOpenDialog = () => Promise.resolve({ canceled: false, filePaths: [chosen] });
  }, folder);

  await page.getByRole('button', { name: 'Choose folder…' }).click();
  await expect(page.getByLabel('Plugin folder', { exact: true })).toHaveValue(folder);
  await linkDevFolder(ui, host, folder, () => page.getByRole('button', { name: 'Load folder' }).click());
  await rebuildReloadsLive(ui, host, work(), folder);
  await snap('dev-reloaded');
});
