/**
 * Playing music in the browser: a track found in the Music folders library plays, its
 * elapsed time advances, and its synced lyrics (an `.lrc` beside the file) follow the
 * song line by line. Runs against `fugue serve` (null sink, paced in real time) with the
 * built renderer; waits on the host's `player.*` and `lyrics.*` events, never on time.
 */
import type { SocketClient } from '../src-main/web/testing.ts';
import { chromiumMissing, rendererMissing } from './environment.ts';
import { expect, test } from './fixtures.ts';
import { nextEvent } from './helpers/plugins-page.ts';
import { PlayerPage, TrackFolder } from './helpers/player-page.ts';

const missing = chromiumMissing() ?? rendererMissing();
test.skip(missing !== undefined, missing ?? '');

const TAGS = { title: 'Evening Tone', artist: 'The Test Ensemble', album: 'Signals' };
const LINES: Array<[string, string]> = [
  ['00:00.50', 'First light over the water'],
  ['00:05.00', 'Second bell across the hill'],
  ['00:10.00', 'Third voice and then the quiet'],
];

let folder: TrackFolder | undefined;

test.afterEach(async () => {
  await folder?.dispose();
  folder = undefined;
});

/** Sets the Music folders library to `folders`, as its settings form would. */
async function chooseFolders(host: SocketClient, folders: string[]): Promise<void> {
  const saved = await host.contract['plugins.saveSettings']({ pluginId: 'org.fugue.library', typeId: 'library', values: { folders } });
  expect(saved.ok, JSON.stringify(saved)).toBe(true);
}

test('a library track plays: the elapsed time advances and the synced lyric line follows', async ({ page, fugue, host, snap }) => {
  folder = await TrackFolder.create(TAGS, 30, LINES);
  await chooseFolders(host, [folder.path]);
  const ui = new PlayerPage(page);
  await page.goto(fugue.url);
  await expect(ui.main()).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Player' })).toHaveAttribute('aria-current', 'page');

  // Search is how a user finds one track among many; the Play button is named after it.
  await ui.search().fill('evening');
  await ui.search().press('Enter');
  const started = nextEvent(host, (event) => event.event === 'player.trackChanged' && event.payload.title === TAGS.title);
  const lyricsLoaded = nextEvent(host, (event) => event.event === 'lyrics.loaded');
  await ui.button(`Play ${TAGS.title}`).click();

  await started;
  await expect(ui.nowPlaying()).toContainText(TAGS.title);
  await expect(ui.nowPlaying()).toContainText(TAGS.artist);
  await expect(ui.nowPlaying().getByRole('img', { name: `Cover art of ${TAGS.title}` })).toBeVisible();
  await expect(ui.button('Pause')).toBeVisible();
  await expect(ui.queue().getByRole('listitem')).toHaveCount(1);
  await expect(ui.queue().locator('li[aria-current="true"]')).toContainText(TAGS.title);

  const loaded = await lyricsLoaded;
  expect(loaded.event === 'lyrics.loaded' && loaded.payload.lookup.found?.body.kind).toBe('synced');
  await expect(ui.lyrics().getByRole('listitem')).toHaveCount(LINES.length);

  await nextEvent(host, (event) => event.event === 'lyrics.line' && event.payload.index === 0);
  await expect(ui.currentLyric()).toHaveText(LINES[0]?.[1] ?? '');

  await nextEvent(host, (event) => event.event === 'player.position' && event.payload.positionMs >= 2500);
  await expect(ui.elapsed()).not.toHaveText('0:00');
  await expect(ui.elapsed()).toHaveText(/^0:0[2-9]|^0:1\d/);

  await nextEvent(host, (event) => event.event === 'player.levels' && (event.payload.peak[0] ?? 0) > 0);
  await expect(ui.meter('Left level')).not.toHaveAttribute('aria-valuetext', 'silent');

  await nextEvent(host, (event) => event.event === 'lyrics.line' && event.payload.index === 1);
  await expect(ui.currentLyric()).toHaveText(LINES[1]?.[1] ?? '');
  await expect(ui.lyrics().getByText(LINES[0]?.[1] ?? '')).not.toHaveAttribute('aria-current', 'true');
  await snap('playing');

  // Seeking past the third line's stamp moves the lyrics there at once.
  const thirdLine = nextEvent(host, (event) => event.event === 'lyrics.line' && event.payload.index === 2);
  await page.getByRole('slider', { name: 'Seek' }).fill('11000');
  await thirdLine;
  await expect(ui.currentLyric()).toHaveText(LINES[2]?.[1] ?? '');
  await expect(ui.elapsed()).toHaveText(/^0:(1[1-9]|2\d)$/);

  await page.setViewportSize({ width: 420, height: 800 });
  await expect(ui.button('Pause')).toBeInViewport();
  await snap('playing-narrow');

  const paused = nextEvent(host, (event) => event.event === 'player.state' && event.payload.state === 'paused');
  await ui.button('Pause').click();
  await paused;
  await expect(ui.button('Play')).toBeVisible();
});

test('a source with no folders says where to choose them', async ({ page, fugue, host }) => {
  await chooseFolders(host, []);
  const ui = new PlayerPage(page);
  await page.goto(fugue.url);
  await expect(ui.main().getByRole('alert')).toContainText('Choose music folders in Plugins → Music folders → Settings');
});
