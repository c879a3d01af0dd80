/**
 * The Plugins flows of e2e/plugins.spec.ts in the Electron shell, through Playwright's
 * `_electron`: a package dropped from the file manager installs by its path (the preload's
 * `webUtils.getPathForFile`) after consent and shows as active; one picked with "Install
 * plugin…" installs too, and disable/enable move its badge. Runs only where an Electron
 * binary exists; on these machines it cannot be downloaded, so the spec is reported as
 * skipped with the reason.
 */
import { packageMissing, packagePath } from '../environment.ts';
import { approveProbe, disableLyrics, enableLyrics, LYRICS, PROBE, probeConsent } from '../helpers/plugins-flows.ts';
import { PluginsPage, statusEvent } from '../helpers/plugins-page.ts';
import { dropDiskFile, electronMissing, expect, test } from './electron-fixtures.ts';

const missing = electronMissing() ?? packageMissing(PROBE.file) ?? packageMissing(LYRICS.file);
test.skip(missing !== undefined, missing ?? '');

test.beforeEach(async ({ page }) => {
  const ui = new PluginsPage(page);
  await ui.open();
  await expect(ui.heading()).toBeVisible();
});

test('a package dropped from the file manager installs by its path after consent and shows as active', async ({ page, host, snap }) => {
  const ui = new PluginsPage(page);
  await dropDiskFile(page, ui.dropZone(), packagePath(PROBE.file));
  await approveProbe(ui, host, await probeConsent(ui));
  // Installed from the file on disk, not from uploaded bytes.
  const details = await host.contract['plugins.details']({ pluginId: PROBE.id });
  expect(details.ok && details.value.source).toBe(packagePath(PROBE.file));
  await snap('installed-active');
});

test('a package picked with "Install plugin…" installs, and disable and enable move its badge', async ({ page, host }) => {
  const ui = new PluginsPage(page);
  const activated = statusEvent(host, LYRICS.id, 'active');
  await ui.dropZone().locator('input[type="file"]').setInputFiles(packagePath(LYRICS.file));
  await activated;
  await expect(ui.badge(LYRICS.name, 'active')).toBeVisible();

  await disableLyrics(ui, host);
  await enableLyrics(ui, host);
});
