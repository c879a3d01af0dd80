/**
 * The Plugins flows in the Electron shell, through Playwright's `_electron`. Runs only
 * where an Electron binary exists; on these machines it cannot be downloaded, so the spec
 * is reported as skipped with the reason. The binary is looked up without
 * `require('electron')`, which would try to download it.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { electronBinary, packageMissing, packagePath, REPO_ROOT } from '../environment.ts';
import { PluginsPage } from '../helpers/plugins-page.ts';

/** The Electron main entry the app builds (`npm start` runs it). */
const MAIN_ENTRY = join(REPO_ROOT, 'out', 'electron', 'main.js');
const LYRICS = { name: 'Fixture lyrics', file: 'org.fugue.fixture.lyrics-0.1.0.zip' };

const binary = electronBinary();
const missing =
  (binary === undefined ? 'no Electron binary in node_modules/electron (it cannot be downloaded on this machine; ELECTRON_SKIP_BINARY_DOWNLOAD=1)' : undefined) ??
  (existsSync(MAIN_ENTRY) ? undefined : `the Electron main entry ${MAIN_ENTRY} is not built`) ??
  packageMissing(LYRICS.file);
test.skip(missing !== undefined, missing ?? '');

test('a dropped package installs and can be disabled and enabled again', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'fugue-e2e-electron-'));
  const app = await electron.launch({ executablePath: binary, args: [MAIN_ENTRY, `--data-dir=${dataDir}`], cwd: REPO_ROOT });
  try {
    const window = await app.firstWindow();
    const ui = new PluginsPage(window);
    await expect(ui.heading()).toBeVisible();
    // The Electron renderer installs by the file's path (webUtils.getPathForFile), which a
    // File made in the page has not; the picker gets real paths, as an OS drop does.
    await window.getByLabel('Install plugin…').setInputFiles(packagePath(LYRICS.file));
    await expect(ui.badge(LYRICS.name, 'active')).toBeVisible();
    await ui.row(LYRICS.name).getByRole('button', { name: 'Disable' }).click();
    await expect(ui.badge(LYRICS.name, 'disabled')).toBeVisible();
    await ui.row(LYRICS.name).getByRole('button', { name: 'Enable' }).click();
    await expect(ui.badge(LYRICS.name, 'active')).toBeVisible();
  } finally {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
