/**
 * Playing music in the browser: a track found in the Music folders library plays, its
 * elapsed time advances, and its synced lyrics (an `.lrc` beside the file) follow the
 * song line by line and follow a seek. Runs against `fugue serve` (null sink, paced in
 * real time) with the built renderer; the steps (e2e/helpers/player-flows.ts, shared with
 * the Electron twin) wait on the host's `player.*` and `lyrics.*` events, never on time.
 */
import { chromiumMissing, rendererMissing } from './environment.ts';
import { expect, test } from './fixtures.ts';
import { chooseFolders, eveningToneFolder, lyricsAndClockFollow, pause, playFromSearch, seekToThirdLine } from './helpers/player-flows.ts';
import { PlayerPage, type TrackFolder } from './helpers/player-page.ts';
import { sectionButton } from './helpers/sections.ts';

const missing = chromiumMissing() ?? rendererMissing();
test.skip(missing !== undefined, missing ?? '');

let folder: TrackFolder | undefined;

test.afterEach(async () => {
  await folder?.dispose();
  folder = undefined;
});

test('a library track plays: the elapsed time advances and the synced lyric line follows', async ({ page, fugue, host, snap }) => {
  folder = await eveningToneFolder();
  await chooseFolders(host, [folder.path]);
  const ui = new PlayerPage(page);
  await page.goto(fugue.url);
  await expect(ui.main()).toBeVisible();
  await expect(sectionButton(page, 'Player')).toHaveAttribute('aria-current', 'page');

  await playFromSearch(ui, host);
  await lyricsAndClockFollow(ui, host);
  await snap('playing');
  await seekToThirdLine(ui, host);

  await page.setViewportSize({ width: 420, height: 800 });
  await expect(ui.button('Pause')).toBeInViewport();
  await snap('playing-narrow');
  await pause(ui, host);
});

test('a source with no folders says where to choose them', async ({ page, fugue, host }) => {
  await chooseFolders(host, []);
  const ui = new PlayerPage(page);
  await page.goto(fugue.url);
  await expect(ui.main().getByRole('alert')).toContainText('Choose music folders in Plugins → Music folders → Settings');
});
