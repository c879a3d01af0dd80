// The music-folder library in the real host runtime: built from source, loaded into a
// component worker with only the chosen folder granted, scanning files generated here with
// flac, ffmpeg and sox, and keeping its index in a real SQLite-backed kv store.
import { mkdtemp, rm } from 'node:fs/promises';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlugin } from '../../sdk/build/build-plugin.ts';
import type { ComponentInstance } from '../../src-main/runtime/component-instance.ts';
import { RuntimeHarness } from '../../src-main/runtime/testing/fixtures.ts';
import { openDatabase, type SqliteDatabase } from '../../src-main/state/database.ts';
import { CATALOG_MIGRATIONS } from '../../src-main/state/migrations.ts';
import { PluginKvStore } from '../../src-main/state/plugin-kv.ts';
import { MusicFolder } from './testing/music-folder.ts';

const ID = 'org.fugue.library';

interface Item {
  id: string;
  kind: string;
  title: string;
  subtitle?: string;
  durationMs?: bigint;
  playable: boolean;
  hasChildren: boolean;
}
interface Page {
  items: Item[];
  nextCursor?: string;
}

let harness: RuntimeHarness;
let music: MusicFolder;
let db: SqliteDatabase;
let dbDir: string;
let wasm: Uint8Array;
const logs: string[] = [];

async function loadLibrary(fileRoots: string[], folders: string[]): Promise<ComponentInstance> {
  const kv = new PluginKvStore(db, ID, () => 16 * 1024 * 1024);
  const instance = await harness.load(wasm, 'source-plugin', ID, { grants: { fileRoots, kv }, onLog: (level, message) => logs.push(`${level}: ${message}`) });
  await instance.enable();
  await applyFolders(instance, folders);
  return instance;
}

async function applyFolders(instance: ComponentInstance, folders: string[], rescanMinutes = 30): Promise<void> {
  const values = [
    { key: 'folders', value: { tag: 'text-list', val: folders } },
    { key: 'rescan_minutes', value: { tag: 'integer', val: BigInt(rescanMinutes) } },
  ];
  expect(await instance.call('settings', 'apply', ['library', values])).toBe('applied');
}

const browse = async (instance: ComponentInstance, id?: string, cursor?: string): Promise<Page> =>
  (await instance.call('source', 'browse', [id === undefined ? { tag: 'root' } : { tag: 'item', val: id }, cursor])) as Page;
const titles = (page: Page): string[] => page.items.map((item) => item.title);
const find = (page: Page, title: string): Item => {
  const item = page.items.find((entry) => entry.title === title);
  if (item === undefined) throw new Error(`no "${title}" in ${titles(page).join(', ')}`);
  return item;
};

let library: ComponentInstance;

beforeAll(async () => {
  const built = await buildPlugin(import.meta.dirname);
  wasm = new Uint8Array(await readFile(built.components[0]?.outPath ?? ''));
  [harness, music] = await Promise.all([RuntimeHarness.create(), MusicFolder.create()]);
  dbDir = await mkdtemp(join(tmpdir(), 'fugue-library-db-'));
  db = openDatabase(join(dbDir, 'state.db'), CATALOG_MIGRATIONS);
  library = await loadLibrary([music.music], [music.music]);
});
afterAll(async () => {
  await harness?.dispose();
  db?.close();
  await music?.dispose();
  if (dbDir !== undefined) await rm(dbDir, { recursive: true, force: true });
});

describe('org.fugue.library in the real runtime', () => {
  it('lists Artists, Albums and Tracks at the root, artists by name and their albums', async () => {
    const root = await browse(library);
    expect(root.items.map((item) => [item.id, item.kind, item.title, item.subtitle])).toEqual([
      ['artists', 'folder', 'Artists', '5 artists'],
      ['albums', 'folder', 'Albums', '5 albums'],
      ['tracks', 'folder', 'Tracks', '10 tracks'],
    ]);
    const artists = await browse(library, 'artists');
    expect(titles(artists)).toEqual(['Alpha Band', 'Beta Crew', 'Delta', 'Folder Artist', 'Gamma']);
    const albums = await browse(library, find(artists, 'Beta Crew').id);
    expect(albums.items.map((item) => [item.kind, item.title, item.subtitle])).toEqual([['album', 'Midnight Songs', 'Beta Crew · 1999']]);
  });

  it('orders an album by disc and track number, not by file name', async () => {
    const albums = await browse(library, 'albums');
    expect(titles(albums)).toEqual(['First Light', 'Midnight Songs', 'Mp4 Album', 'Fólder Album', 'Info Album']);
    const first = await browse(library, find(albums, 'First Light').id);
    expect(first.items.map((item) => [item.title, item.subtitle, item.playable, item.durationMs])).toEqual([
      ['Two Steps', 'Alpha Band — First Light', true, 250n],
      ['Ten Past', 'Alpha Band — First Light', true, 250n],
      ['Encore Été', 'Alpha Band — First Light', true, 250n],
    ]);
  });

  it('names untagged files from their folders and reads RIFF INFO, Vorbis comment and MP4 tags', async () => {
    const albums = await browse(library, 'albums');
    const folderAlbum = await browse(library, find(albums, 'Fólder Album').id);
    expect(folderAlbum.items.map((item) => [item.title, item.subtitle])).toEqual([
      ['Opening', 'Folder Artist — Fólder Album'],
      ['Named From Folder', 'Folder Artist — Fólder Album'],
    ]);
    const info = await browse(library, find(albums, 'Info Album').id);
    expect(info.items.map((item) => [item.title, item.subtitle])).toEqual([
      ['Opus Opening', 'Gamma — Info Album'],
      ['Info Title', 'Gamma — Info Album'],
    ]);
    const mp4 = await browse(library, find(albums, 'Mp4 Album').id);
    expect(mp4.items.map((item) => [item.title, item.subtitle])).toEqual([['Boxed In', 'Delta — Mp4 Album']]);
  });

  it('searches titles, artists and albums case-insensitively', async () => {
    const search = async (query: string): Promise<Page> => (await library.call('source', 'search', [query, undefined])) as Page;
    expect((await search('MOON')).items.map((item) => [item.kind, item.title])).toEqual([['track', 'Moonrise']]);
    expect((await search('alpha')).items.map((item) => [item.kind, item.title])).toEqual([
      ['artist', 'Alpha Band'],
      ['album', 'First Light'],
      ['track', 'Two Steps'],
      ['track', 'Ten Past'],
      ['track', 'Encore Été'],
    ]);
    expect((await search('midnight')).items.map((item) => item.title)).toEqual(['Midnight Songs', 'Moonrise', 'Starfall']);
    expect((await search('nothing like this')).items).toEqual([]);
    await expect(library.call('source', 'search', ['  ', undefined])).rejects.toMatchObject({ pluginCode: 'invalid-argument' });
  });

  it('resolves a track to its file with typed metadata and an extension hint', async () => {
    const tracks = await browse(library, 'tracks');
    const resolved = (await library.call('source', 'resolve', [find(tracks, 'Ten Past').id])) as { location: unknown; metadata: Record<string, unknown>; extensionHint?: string };
    expect(resolved.location).toEqual({ tag: 'file', val: join(music.music, 'Alpha Band', 'First Light', 'a.flac') });
    expect(resolved.extensionHint).toBe('flac');
    expect(resolved.metadata).toMatchObject({ title: 'Ten Past', artist: 'Alpha Band', album: 'First Light', genre: 'Ambient', trackNumber: 10, discNumber: 1, year: 2001, durationMs: 250n });
    const mp3 = (await library.call('source', 'resolve', [find(tracks, 'Starfall').id])) as { metadata: Record<string, unknown>; extensionHint?: string };
    expect(mp3).toMatchObject({ extensionHint: 'mp3', metadata: { title: 'Starfall', artist: 'Beta Crew', trackNumber: 2, trackTotal: 2, year: 1999 } });
    const m4a = (await library.call('source', 'resolve', [find(tracks, 'Boxed In').id])) as { metadata: Record<string, unknown>; extensionHint?: string };
    expect(m4a).toMatchObject({ extensionHint: 'm4a', metadata: { album: 'Mp4 Album', trackNumber: 4, trackTotal: 9, year: 2011 } });
    await expect(library.call('source', 'resolve', ['artists'])).rejects.toMatchObject({ pluginCode: 'not-found' });
  });

  it('gives embedded pictures (FLAC, ID3 APIC) and cover.jpg as artwork', async () => {
    const albums = await browse(library, 'albums');
    const tracks = await browse(library, 'tracks');
    const art = async (id: string) => (await library.call('source', 'artwork', [id])) as { kind: string; mimeType: string; data: Uint8Array } | undefined;
    expect(await art(find(albums, 'First Light').id)).toMatchObject({ kind: 'front-cover', mimeType: 'image/png', data: music.coverPng });
    expect(await art(find(tracks, 'Moonrise').id)).toMatchObject({ kind: 'front-cover', mimeType: 'image/png', data: music.coverPng });
    expect(await art(find(albums, 'Fólder Album').id)).toMatchObject({ kind: 'front-cover', mimeType: 'image/jpeg', data: music.coverJpg });
    expect(await art(find(tracks, 'Boxed In').id)).toMatchObject({ kind: 'front-cover', mimeType: 'image/png', data: music.coverPng });
    expect(await art(find(tracks, 'Info Title').id)).toBeUndefined();
  });

  it('pages long lists with cursors and reads only new files when a folder is added', async () => {
    const bulk = join(music.root, 'bulk');
    for (let index = 1; index <= 105; index++) await music.untaggedAt(join(bulk, 'Bulk Artist', 'Bulk Album', `${String(index).padStart(3, '0')} Song ${index}.wav`));
    const wide = await loadLibrary([music.music, bulk], [music.music]);
    logs.length = 0;
    await applyFolders(wide, [music.music, bulk]);
    expect((await browse(wide)).items[2]?.subtitle).toBe('115 tracks');
    // The first ten tracks come from the index the first instance saved in kv: not read again.
    expect(logs).toContain('info: scanned 2 folder(s): 115 tracks, 105 read');
    const albums = await browse(wide, 'albums');
    const first = await browse(wide, find(albums, 'Bulk Album').id);
    expect(first.items).toHaveLength(100);
    expect(first.items[99]?.title).toBe('Song 100');
    expect(first.nextCursor).toBeDefined();
    const second = await browse(wide, find(albums, 'Bulk Album').id, first.nextCursor);
    expect(titles(second)).toEqual(['Song 101', 'Song 102', 'Song 103', 'Song 104', 'Song 105']);
    expect(second.nextCursor).toBeUndefined();
    await expect(browse(wide, 'tracks', 'not-a-cursor')).rejects.toMatchObject({ pluginCode: 'invalid-argument' });
  });

  it('cannot read a folder outside the granted ones, even when it is in its settings', async () => {
    const mixed = await loadLibrary([music.music], [music.music, music.outside]);
    logs.length = 0;
    expect((await browse(mixed)).items[2]?.subtitle).toBe('10 tracks');
    expect(logs.some((line) => line.startsWith(`warn: ${music.outside}: denied`))).toBe(true);
    await expect(mixed.call('source', 'resolve', [`track:${join(music.outside, 'Secret', 'Hidden Album', '01 Secret.wav')}`])).rejects.toMatchObject({ pluginCode: 'not-found' });
    const only = await loadLibrary([music.music], [music.outside]);
    await expect(browse(only)).rejects.toMatchObject({ pluginCode: 'denied', message: expect.stringContaining(music.outside) });
  });

  it('stays inside the first-party budgets: ≤ 2 MB of component, ≤ 10 MB of memory per instance', () => {
    expect(wasm.length).toBeLessThan(2 * 1024 * 1024);
    expect(library.metrics().peakMemoryBytes).toBeLessThan(10 * 1024 * 1024);
  });
});
