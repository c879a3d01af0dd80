/**
 * The Plugins flows of e2e/plugins.spec.ts in the Electron shell, through Playwright's
 * `_electron`: a package dropped from the file manager installs by its path (the preload's
 * `webUtils.getPathForFile`) after consent and shows as active; one picked with "Install
 * plugin…" installs too, and disable/enable move its badge. Runs only where an Electron
 * binary exists; on these machines it cannot be downloaded, so the spec is reported as
 * skipped with the reason.
 */
import { packageMissing, packagePath } from '../environment.ts';
import { PluginsPage, statusEvent } from '../helpers/plugins-page.ts';
import { dropDiskFile, electronMissing, expect, test } from './electron-fixtures.ts';

const PROBE = { id: 'org.fugue.fixture.net-kv-probe', name: 'Network and storage probe', file: 'org.fugue.fixture.net-kv-probe-0.1.0.zip' };
const LYRICS = { id: 'org.fugue.fixture.lyrics', name: 'Fixture lyrics', file: 'org.fugue.fixture.lyrics-0.1.0.zip' };

const missing = electronMissing() ?? packageMissing(PROBE.file) ?? packageMissing(LYRICS.file);
test.skip(missing !== undefined, missing ?? '');

test.beforeEach(async ({ page }) => {
  const ui = new PluginsPage(page);
  await ui.open();
  await expect(ui.heading()).toBeVisible();
});

test('a package dropped from the file manager installs by its path after consent and shows as active', async ({ page, host, snap }) => {
  const ui = new PluginsPage(page);
  const activated = statusEvent(host, PROBE.id, 'active');
  await dropDiskFile(page, ui.dropZone(), packagePath(PROBE.file));

  const dialog = ui.consent(PROBE.name);
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('127.0.0.1');
  await dialog.getByRole('button', { name: 'Install' }).click();
  await activated;
  await expect(ui.badge(PROBE.name, 'active')).toBeVisible();
  await expect(ui.alerts()).toHaveCount(0);
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

  const disabled = statusEvent(host, LYRICS.id, 'disabled');
  await ui.row(LYRICS.name).getByRole('button', { name: 'Disable' }).click();
  await disabled;
  await expect(ui.badge(LYRICS.name, 'disabled')).toBeVisible();

  const enabled = statusEvent(host, LYRICS.id, 'active');
  await ui.row(LYRICS.name).getByRole('button', { name: 'Enable' }).click();
  await enabled;
  await expect(ui.badge(LYRICS.name, 'active')).toBeVisible();
});
