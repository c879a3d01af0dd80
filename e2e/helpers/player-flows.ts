/**
 * The Player flows the web spec (e2e/player.spec.ts) and its Electron twin share: the
 * track they play, choosing the Music folders, finding and playing the track by search,
 * the lyrics, clock and meters following it, and pausing. Each step waits on the host's
 * named events (`player.*`, `lyrics.*`) through a `HostClient`, then checks what the
 * user sees on the page.
 */
import { expect } from '@playwright/test';
import type { HostClient } from './host-client.ts';
import { TrackFolder, type PlayerPage } from './player-page.ts';
import { nextEvent } from './plugins-page.ts';

/** The track both shells play: 30 s of tone, tagged, with three synced lyric lines. */
export const EVENING_TONE = {
  tags: { title: 'Evening Tone', artist: 'The Test Ensemble', album: 'Signals' },
  seconds: 30,
  lines: [
    ['00:00.50', 'First light over the water'],
    ['00:05.00', 'Second bell across the hill'],
    ['00:10.00', 'Third voice and then the quiet'],
  ],
} as const;

const { tags: TAGS, lines: LINES } = EVENING_TONE;

/** A temp folder holding the Evening Tone track and its `.lrc`. */
export function eveningToneFolder(): Promise<TrackFolder> {
  return TrackFolder.create(TAGS, EVENING_TONE.seconds, LINES);
}

/** Sets the Music folders library to `folders`, as its settings form would. */
export async function chooseFolders(host: HostClient, folders: string[]): Promise<void> {
  const saved = await host.contract['plugins.saveSettings']({ pluginId: 'org.fugue.library', typeId: 'library', values: { folders } });
  expect(saved.ok, JSON.stringify(saved)).toBe(true);
}

/**
 * Searches the library for "evening" and presses "Play Evening Tone" (search is how a user
 * finds one track among many; the Play button is named after it). Once the host started
 * it: Now playing shows title, artist and cover, "Pause" is offered, the queue holds the
 * track as the current one, and its synced lyrics are listed.
 */
export async function playFromSearch(ui: PlayerPage, host: HostClient): Promise<void> {
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
}

/**
 * While the track plays: the first lyric line is marked as sung, "Elapsed" advances past
 * two seconds, the left level meter leaves "silent", and the second line takes over.
 */
export async function lyricsAndClockFollow(ui: PlayerPage, host: HostClient): Promise<void> {
  await nextEvent(host, (event) => event.event === 'lyrics.line' && event.payload.index === 0);
  await expect(ui.currentLyric()).toHaveText(LINES[0][1]);

  await nextEvent(host, (event) => event.event === 'player.position' && event.payload.positionMs >= 2500);
  await expect(ui.elapsed()).not.toHaveText('0:00');
  await expect(ui.elapsed()).toHaveText(/^0:0[2-9]|^0:1\d/);

  await nextEvent(host, (event) => event.event === 'player.levels' && (event.payload.peak[0] ?? 0) > 0);
  await expect(ui.meter('Left level')).not.toHaveAttribute('aria-valuetext', 'silent');

  await nextEvent(host, (event) => event.event === 'lyrics.line' && event.payload.index === 1);
  await expect(ui.currentLyric()).toHaveText(LINES[1][1]);
  await expect(ui.lyrics().getByText(LINES[0][1])).not.toHaveAttribute('aria-current', 'true');
}

/** Seeking past the third line's stamp (11 s) moves the lyrics there at once, and the clock with it. */
export async function seekToThirdLine(ui: PlayerPage, host: HostClient): Promise<void> {
  const thirdLine = nextEvent(host, (event) => event.event === 'lyrics.line' && event.payload.index === 2);
  await ui.page.getByRole('slider', { name: 'Seek' }).fill('11000');
  await thirdLine;
  await expect(ui.currentLyric()).toHaveText(LINES[2][1]);
  await expect(ui.elapsed()).toHaveText(/^0:(1[1-9]|2\d)$/);
}

/** Presses "Pause": the host reports `paused` and the button turns back to "Play". */
export async function pause(ui: PlayerPage, host: HostClient): Promise<void> {
  const paused = nextEvent(host, (event) => event.event === 'player.state' && event.payload.state === 'paused');
  await ui.button('Pause').click();
  await paused;
  await expect(ui.button('Play')).toBeVisible();
}
