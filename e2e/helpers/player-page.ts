/**
 * The Player screen by its accessible names, and a temp music folder with one tagged
 * FLAC track (with an embedded cover) and its synced `.lrc` beside it, generated with
 * sox, ffmpeg and flac.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Locator, Page } from '@playwright/test';
import { sectionButton } from './sections.ts';

const run = promisify(execFile);

export class PlayerPage {
  constructor(readonly page: Page) {}

  /** Switches to the Player with the section button (the app opens on it). */
  async open(): Promise<void> {
    await sectionButton(this.page, 'Player').click();
  }

  main(): Locator {
    return this.page.getByRole('main', { name: 'Player' });
  }

  nowPlaying(): Locator {
    return this.page.getByRole('region', { name: 'Now playing' });
  }

  elapsed(): Locator {
    return this.page.getByRole('timer', { name: 'Elapsed' });
  }

  button(name: string): Locator {
    return this.main().getByRole('button', { name, exact: true });
  }

  search(): Locator {
    return this.page.getByRole('searchbox', { name: 'Search library' });
  }

  lyrics(): Locator {
    return this.page.getByRole('region', { name: 'Lyrics' });
  }

  /** The lyric line marked as the one sung. */
  currentLyric(): Locator {
    return this.lyrics().locator('li[aria-current="true"]');
  }

  meter(name: 'Left level' | 'Right level'): Locator {
    return this.page.getByRole('meter', { name });
  }

  queue(): Locator {
    return this.page.getByRole('list', { name: 'Queue' });
  }
}

/** A folder with `<title>.flac` (tagged, with a front cover, `seconds` long) and `<title>.lrc` holding `lines`. */
export class TrackFolder {
  private constructor(
    readonly path: string,
    readonly track: string,
  ) {}

  static async create(tags: { title: string; artist: string; album: string }, seconds: number, lines: ReadonlyArray<readonly [stamp: string, text: string]>): Promise<TrackFolder> {
    const path = await mkdtemp(join(tmpdir(), 'fugue-e2e-music-'));
    const wav = join(path, 'tone.wav');
    const track = join(path, `${tags.title}.flac`);
    const cover = join(path, 'cover.png');
    await run('sox', ['-n', '-r', '44100', '-c', '2', '-b', '16', wav, 'synth', String(seconds), 'sine', '330', 'vol', '0.5']);
    await run('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'color=c=0x3b5bdb:s=96x96', '-frames:v', '1', cover]);
    await run('flac', ['-s', '-f', '-T', `TITLE=${tags.title}`, '-T', `ARTIST=${tags.artist}`, '-T', `ALBUM=${tags.album}`, `--picture=3||Front||${cover}`, '-o', track, wav]);
    await Promise.all([rm(wav), rm(cover)]);
    await writeFile(join(path, `${tags.title}.lrc`), [`[ti:${tags.title}]`, `[ar:${tags.artist}]`, ...lines.map(([stamp, text]) => `[${stamp}]${text}`)].join('\n') + '\n');
    return new TrackFolder(path, track);
  }

  dispose(): Promise<void> {
    return rm(this.path, { recursive: true, force: true });
  }
}
