// The .lrc plugin in the real runtime: built from source, loaded into a sandboxed worker,
// reading real files through host-stream with the track's folder granted for each call.
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlugin } from '../../sdk/build/build-plugin.ts';
import type { ComponentInstance } from '../../src-main/runtime/component-instance.ts';
import { RuntimeHarness } from '../../src-main/runtime/testing/fixtures.ts';
import { failureOf } from '../../src-main/scheduler/testing/faults.ts';

const PLUGIN_ID = 'org.fugue.lrc-files';
let harness: RuntimeHarness;
let plugin: ComponentInstance;
let componentBytes: number;
let music: string;

beforeAll(async () => {
  const [component] = (await buildPlugin(import.meta.dirname)).components;
  if (component === undefined) throw new Error('the lrc-files plugin built no component');
  const bytes = new Uint8Array(await readFile(component.outPath));
  componentBytes = bytes.length;
  harness = await RuntimeHarness.create();
  plugin = await harness.load(bytes, 'lyrics-plugin', PLUGIN_ID);
  await plugin.enable();
  music = join(harness.root, 'music', 'Artist #1', 'Album 100%');
  await mkdir(music, { recursive: true });
}, 120_000);
afterAll(() => harness?.dispose());

type Found = { body: { tag: string; val?: unknown }; provider: string; language?: string } | undefined;

/** Asks the plugin for the lyrics of `track` (a file in `folder`), granting `roots` (default: the track's folder). */
async function find(track: string, folder = music, roots: string[] = [folder]): Promise<Found> {
  return (await plugin.call('lyrics', 'find', [{ title: 'A song', filePath: join(folder, track) }], { fileRoots: roots })) as Found;
}

const lines = (...entries: [number, string][]) => entries.map(([ms, text]) => ({ startMs: BigInt(ms), text }));

describe('synced .lrc files', () => {
  it('reads every stamp form, several stamps per line, sorted, with word stamps stripped and breaks kept', async () => {
    await writeFile(
      join(music, 'Song.lrc'),
      [
        '[ar:Someone]',
        '[ti:A song]',
        '[al:Album 100%]',
        '[la:de]',
        '[by:a fan]',
        '[00:12.34]Second line',
        '[00:01.5]First line',
        '[00:30][01:02.345]Chorus <00:30.50>with <00:31.00>words',
        '[00:20.00]',
        '[00:25.00]  Grüße, 世界 🎵  ',
        'a line without a stamp is not a lyric line in a synced file',
        '[01:10:50]colon before hundredths',
      ].join('\n'),
    );
    expect(await find('Song.flac')).toEqual({
      body: { tag: 'synced', val: lines([1500, 'First line'], [12_340, 'Second line'], [20_000, ''], [25_000, 'Grüße, 世界 🎵'], [30_000, 'Chorus with words'], [62_345, 'Chorus with words'], [70_500, 'colon before hundredths']) },
      provider: 'Song.lrc',
      language: 'de',
    });
  });

  it('applies [offset:] (positive means sooner), never before zero', async () => {
    await writeFile(join(music, 'Offset.lrc'), '[offset:+500]\n[00:00.20]early\n[00:02.00]later\n');
    expect((await find('Offset.mp3'))?.body).toEqual({ tag: 'synced', val: lines([0, 'early'], [1500, 'later']) });
    await writeFile(join(music, 'Late.lrc'), '[offset:-250]\n[00:01.00]line\n');
    expect((await find('Late.mp3'))?.body).toEqual({ tag: 'synced', val: lines([1250, 'line']) });
  });

  it('handles a UTF-8 BOM and CRLF line ends', async () => {
    const text = '\uFEFF[ti:Crlf]\r\n[00:01.00]one\r\n[00:02.00]two\r\n';
    await writeFile(join(music, 'Crlf.lrc'), text, 'utf8');
    expect((await find('Crlf.wav'))?.body).toEqual({ tag: 'synced', val: lines([1000, 'one'], [2000, 'two']) });
  });

  it('reads Latin-1 files from old players, and UTF-16 files with a BOM', async () => {
    await writeFile(join(music, 'Latin.lrc'), Buffer.from('[00:01.00]Café crème\n', 'latin1'));
    expect((await find('Latin.ogg'))?.body).toEqual({ tag: 'synced', val: lines([1000, 'Café crème']) });
    await writeFile(join(music, 'Wide.lrc'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('[00:03.00]naïve\r\n', 'utf16le')]));
    expect((await find('Wide.ogg'))?.body).toEqual({ tag: 'synced', val: lines([3000, 'naïve']) });
  });

  it('calls a file whose timed lines are all empty instrumental', async () => {
    await writeFile(join(music, 'Quiet.lrc'), '[ti:Quiet]\n[00:00.00]\n[03:00.00]\n');
    expect((await find('Quiet.flac'))?.body).toEqual({ tag: 'instrumental' });
  });
});

describe('finding the file', () => {
  it('gives plain lyrics when the file has no time stamps (metadata tags left out)', async () => {
    await writeFile(join(music, 'Plain.lrc'), '[ar:Someone]\n\nVerse one\nstill verse one\n\nChorus\n\n');
    expect(await find('Plain.flac')).toEqual({ body: { tag: 'plain', val: 'Verse one\nstill verse one\n\nChorus' }, provider: 'Plain.lrc' });
  });

  it('answers none when there is no .lrc (or no folder), no file path, or an empty file', async () => {
    expect(await find('Missing.flac')).toBeUndefined();
    expect(await find('Gone.flac', join(music, 'moved away'), [music])).toBeUndefined();
    expect(await plugin.call('lyrics', 'find', [{ title: 'A song' }])).toBeUndefined();
    await writeFile(join(music, 'Empty.lrc'), '\n');
    expect(await find('Empty.flac')).toBeUndefined();
  });

  it('matches the file name regardless of letter case, and only the exact track name', async () => {
    await writeFile(join(music, 'Shouting.LRC'), '[00:01.00]LOUD\n');
    expect(await find('Shouting.flac')).toMatchObject({ provider: 'Shouting.LRC', body: { tag: 'synced' } });
    expect(await find('Shout.flac')).toBeUndefined();
  });

  it('follows the file name setting, and refuses a pattern with folders in it', async () => {
    await writeFile(join(music, 'Song.en.lrc'), '[00:05.00]English\n');
    expect(await plugin.call('settings', 'apply', ['lrc-files', [{ key: 'file_name', value: { tag: 'text', val: '{name}.en.lrc' } }]])).toBe('applied');
    try {
      expect(await find('Song.flac')).toMatchObject({ provider: 'Song.en.lrc', body: { val: lines([5000, 'English']) } });
      const refused = await failureOf(plugin.call('settings', 'apply', ['lrc-files', [{ key: 'file_name', value: { tag: 'text', val: '../{name}.lrc' } }]]));
      expect(refused).toMatchObject({ pluginCode: 'invalid-argument', message: expect.stringContaining('no folder separators') });
    } finally {
      await plugin.call('settings', 'apply', ['lrc-files', [{ key: 'file_name', value: { tag: 'text', val: '{name}.lrc' } }]]);
    }
  });
});

describe('sandbox', () => {
  it('cannot read a .lrc outside the folder granted for the call, nor without a grant', async () => {
    const other = join(harness.root, 'elsewhere');
    await mkdir(other, { recursive: true });
    await writeFile(join(other, 'Secret.lrc'), '[00:01.00]private\n');
    const outside = await failureOf(find('Secret.flac', other, [music]));
    expect(outside).toMatchObject({ pluginCode: 'denied', message: expect.stringContaining('outside the folders granted') });
    expect(await failureOf(find('Secret.flac', other, []))).toMatchObject({ pluginCode: 'denied' });
    // The grant lasted one call: the next call without it is refused again.
    expect(await find('Secret.flac', other)).toMatchObject({ body: { tag: 'synced' } });
    expect(await failureOf(find('Secret.flac', other, []))).toMatchObject({ pluginCode: 'denied' });
  });

  it('cannot follow a symlinked .lrc out of the granted folder', async () => {
    const secret = join(harness.root, 'private');
    await mkdir(secret, { recursive: true });
    await writeFile(join(secret, 'notes.txt'), '[00:01.00]host secret\n');
    await symlink(join(secret, 'notes.txt'), join(music, 'Linked.lrc'));
    expect(await failureOf(find('Linked.flac'))).toMatchObject({ pluginCode: 'denied' });
  });

  it('fits the first-party budgets: component ≤ 2 MB, ≤ 10 MB of wasm memory per instance after reading files', async () => {
    await writeFile(join(music, 'Big.lrc'), Array.from({ length: 5000 }, (_, index) => `[${String(Math.floor(index / 60)).padStart(2, '0')}:${String(index % 60).padStart(2, '0')}.00]line ${index}`).join('\n'));
    expect(await find('Big.flac')).toMatchObject({ body: { tag: 'synced' } });
    expect(componentBytes).toBeLessThan(2 * 1024 * 1024);
    expect(plugin.metrics().memoryBytes).toBeLessThanOrEqual(10 * 1024 * 1024);
  });
});
