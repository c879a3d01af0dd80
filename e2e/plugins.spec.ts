/**
 * Installing plugins in the browser: a package dropped on the Plugins screen asks for
 * consent when it declares permissions, then runs and shows `active`; disable and enable
 * move its badge and the host's state together. Runs against `fugue serve` with the built
 * renderer; skipped with the reason while the renderer or the fixture packages are not built.
 */
import { writeFile } from 'node:fs/promises';
import { chromiumMissing, packageMissing, packagePath, rendererMissing } from './environment.ts';
import { expect, test } from './fixtures.ts';
import { dropFile } from './helpers/drop-file.ts';
import { approveProbe, disableLyrics, enableLyrics, LYRICS, PROBE, probeConsent } from './helpers/plugins-flows.ts';
import { installFailedEvent, PluginsPage, statusEvent } from './helpers/plugins-page.ts';

const missing = chromiumMissing() ?? rendererMissing() ?? packageMissing(PROBE.file) ?? packageMissing(LYRICS.file);
test.skip(missing !== undefined, missing ?? '');

test.beforeEach(async ({ page, fugue }) => {
  await page.goto(fugue.url);
  await new PluginsPage(page).open();
  await expect(new PluginsPage(page).heading()).toBeVisible();
});

test('a dropped package that asks for permissions installs after consent and shows as active', async ({ page, host, snap }) => {
  const ui = new PluginsPage(page);
  await dropFile(ui.dropZone(), packagePath(PROBE.file));
  const dialog = await probeConsent(ui);
  await snap('consent');
  await approveProbe(ui, host, dialog);
  const details = await host.contract['plugins.details']({ pluginId: PROBE.id });
  expect(details.ok && details.value.permissions.map(({ key, granted }) => ({ key, granted }))).toEqual([
    { key: 'network:127.0.0.1', granted: true },
    { key: 'storage', granted: true },
  ]);
  await snap('installed-active');
});

test('disable and enable move the badge and the host state together', async ({ page, host, snap }) => {
  const ui = new PluginsPage(page);
  const activated = statusEvent(host, LYRICS.id, 'active');
  await dropFile(ui.dropZone(), packagePath(LYRICS.file));
  await activated;
  await expect(ui.badge(LYRICS.name, 'active')).toBeVisible();
  // No permissions declared, so nothing was asked.
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await disableLyrics(ui, host);
  await snap('disabled');
  await enableLyrics(ui, host);
  await snap('enabled-again');
});

test('cancelling the consent installs nothing', async ({ page, host, snap }) => {
  const ui = new PluginsPage(page);
  await dropFile(ui.dropZone(), packagePath(PROBE.file));
  const dialog = await probeConsent(ui);
  const rolledBack = installFailedEvent(host);
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // The host ends the refused install (rolled back) before the list is checked.
  await rolledBack;
  await expect(dialog).toBeHidden();
  await expect(ui.row(PROBE.name)).toHaveCount(0);
  const listed = await host.contract['plugins.list']();
  expect(listed.ok && listed.value.some((plugin) => plugin.id === PROBE.id)).toBe(false);
  await snap('consent-cancelled');
});

test('a dropped file that is not a plugin package is refused with an alert saying why', async ({ page, host, snap }, testInfo) => {
  const ui = new PluginsPage(page);
  const notAPackage = testInfo.outputPath('not-a-plugin.zip');
  await writeFile(notAPackage, 'these bytes are not a zip archive\n');
  const refused = installFailedEvent(host);
  await dropFile(ui.dropZone(), notAPackage);

  const failure = await refused;
  const message = failure.event === 'plugins.installProgress' ? (failure.payload.error?.message ?? '') : '';
  expect(message).not.toBe('');
  await expect(ui.alerts().filter({ hasText: message })).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await snap('not-a-package');
});
