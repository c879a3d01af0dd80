/**
 * The Plugins flows the web specs (e2e/plugins.spec.ts, e2e/electron-bridge.spec.ts) and
 * the Electron twin share: the fixture packages they install, the consent a package with
 * permissions asks for, and disabling and enabling a plugin. However the package arrives
 * (bytes dropped in the browser, a path from the file manager), the steps after it are
 * these; each waits on the host's `plugins.changed` through a `HostClient`.
 */
import { expect, type Locator } from '@playwright/test';
import type { HostClient } from './host-client.ts';
import { statusEvent, type PluginsPage } from './plugins-page.ts';

/** Declares network access to 127.0.0.1 and a storage quota, so installing it asks first. */
export const PROBE = { id: 'org.fugue.fixture.net-kv-probe', name: 'Network and storage probe', file: 'org.fugue.fixture.net-kv-probe-0.1.0.zip' };
/** Declares no permissions: installs without a question. */
export const LYRICS = { id: 'org.fugue.fixture.lyrics', name: 'Fixture lyrics', file: 'org.fugue.fixture.lyrics-0.1.0.zip' };

/** The consent dialog for the probe package, once shown: it names the server it may talk to and why. */
export async function probeConsent(ui: PluginsPage): Promise<Locator> {
  const dialog = ui.consent(PROBE.name);
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('127.0.0.1');
  await expect(dialog).toContainText('Talk to the test\'s own server');
  return dialog;
}

/** Presses "Install" in the probe's consent `dialog`: once the host reports it active, the dialog is gone, its badge says `active`, and no alert shows. */
export async function approveProbe(ui: PluginsPage, host: HostClient, dialog: Locator): Promise<void> {
  const activated = statusEvent(host, PROBE.id, 'active');
  await dialog.getByRole('button', { name: 'Install' }).click();
  await activated;
  await expect(dialog).toBeHidden();
  await expect(ui.badge(PROBE.name, 'active')).toBeVisible();
  await expect(ui.alerts()).toHaveCount(0);
}

/** Presses "Disable" on the lyrics fixture's row: the host reports it disabled, and so does its badge. */
export async function disableLyrics(ui: PluginsPage, host: HostClient): Promise<void> {
  const disabled = statusEvent(host, LYRICS.id, 'disabled');
  await ui.row(LYRICS.name).getByRole('button', { name: 'Disable' }).click();
  await disabled;
  await expect(ui.badge(LYRICS.name, 'disabled')).toBeVisible();
}

/** Presses "Enable" on the lyrics fixture's row: the host reports it active, its badge says so, and "Disable" is offered again. */
export async function enableLyrics(ui: PluginsPage, host: HostClient): Promise<void> {
  const enabled = statusEvent(host, LYRICS.id, 'active');
  await ui.row(LYRICS.name).getByRole('button', { name: 'Enable' }).click();
  await enabled;
  await expect(ui.badge(LYRICS.name, 'active')).toBeVisible();
  await expect(ui.row(LYRICS.name).getByRole('button', { name: 'Disable' })).toBeVisible();
}
