/**
 * The Player flow of e2e/player.spec.ts in the Electron shell, with the same steps
 * (e2e/helpers/player-flows.ts): a library track found by search plays, its elapsed time
 * advances, its synced lyric line follows and follows a seek, and it pauses. Runs only
 * where an Electron binary exists (skipped with the reason otherwise); the app plays on
 * the null sink and every wait is on a host event (read through the preload) or a UI state.
 */
import { chooseFolders, eveningToneFolder, lyricsAndClockFollow, pause, playFromSearch, seekToThirdLine } from '../helpers/player-flows.ts';
import { PlayerPage, type TrackFolder } from '../helpers/player-page.ts';
import { electronMissing, expect, test } from './electron-fixtures.ts';

const missing = electronMissing();
test.skip(missing !== undefined, missing ?? '');

let folder: TrackFolder | undefined;

test.afterEach(async () => {
  await folder?.dispose();
  folder = undefined;
});

test('a library track plays: the elapsed time advances and the synced lyric line follows', async ({ page, host, snap }) => {
  folder = await eveningToneFolder();
  await chooseFolders(host, [folder.path]);
  // The window opened before the folder was chosen; a reload shows the library as a fresh start would.
  await page.reload();
  const ui = new PlayerPage(page);
  await expect(ui.main()).toBeVisible();

  await playFromSearch(ui, host);
  await lyricsAndClockFollow(ui, host);
  await snap('playing');
  await seekToThirdLine(ui, host);
  await pause(ui, host);
});
