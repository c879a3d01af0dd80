/**
 * The Player flow of e2e/player.spec.ts in the Electron shell: a library track plays, its
 * elapsed time advances and its synced lyric line follows. Runs only where an Electron
 * binary exists (skipped with the reason otherwise); the app plays on the null sink and
 * every wait is on a host event (read through the preload) or a UI state.
 */
import { PlayerPage, TrackFolder } from '../helpers/player-page.ts';
import { nextEvent } from '../helpers/plugins-page.ts';
import { electronMissing, expect, test } from './electron-fixtures.ts';

const missing = electronMissing();
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

test('a library track plays: the elapsed time advances and the synced lyric line follows', async ({ page, host, snap }) => {
  folder = await TrackFolder.create(TAGS, 30, LINES);
  const saved = await host.contract['plugins.saveSettings']({ pluginId: 'org.fugue.library', typeId: 'library', values: { folders: [folder.path] } });
  expect(saved.ok, JSON.stringify(saved)).toBe(true);
  // The window opened before the folder was chosen; a reload shows the library as a fresh start would.
  await page.reload();
  const ui = new PlayerPage(page);
  await expect(ui.main()).toBeVisible();

  await ui.search().fill('evening');
  await ui.search().press('Enter');
  const started = nextEvent(host, (event) => event.event === 'player.trackChanged' && event.payload.title === TAGS.title);
  await ui.button(`Play ${TAGS.title}`).click();
  await started;
  await expect(ui.nowPlaying()).toContainText(TAGS.title);
  await expect(ui.nowPlaying().getByRole('img', { name: `Cover art of ${TAGS.title}` })).toBeVisible();

  await nextEvent(host, (event) => event.event === 'lyrics.line' && event.payload.index === 0);
  await expect(ui.currentLyric()).toHaveText(LINES[0]?.[1] ?? '');
  await nextEvent(host, (event) => event.event === 'player.position' && event.payload.positionMs >= 2500);
  await expect(ui.elapsed()).toHaveText(/^0:0[2-9]|^0:1\d/);
  await nextEvent(host, (event) => event.event === 'lyrics.line' && event.payload.index === 1);
  await expect(ui.currentLyric()).toHaveText(LINES[1]?.[1] ?? '');
  await snap('playing');

  const paused = nextEvent(host, (event) => event.event === 'player.state' && event.payload.state === 'paused');
  await ui.button('Pause').click();
  await paused;
  await expect(ui.button('Play')).toBeVisible();
});
