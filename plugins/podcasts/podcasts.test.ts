// The podcast source in the real host runtime: built from source, loaded into a component
// worker allowed to reach 127.0.0.1 only, reading RSS and Atom feeds (and their images)
// from a loopback HTTP server this test starts and stops, keeping copies in a real
// SQLite-backed kv store.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlugin } from '../../sdk/build/build-plugin.ts';
import type { ComponentInstance } from '../../src-main/runtime/component-instance.ts';
import { RuntimeHarness } from '../../src-main/runtime/testing/fixtures.ts';
import { openDatabase, type SqliteDatabase } from '../../src-main/state/database.ts';
import { CATALOG_MIGRATIONS } from '../../src-main/state/migrations.ts';
import { PluginKvStore } from '../../src-main/state/plugin-kv.ts';
import { atomFeed, PNG, JPEG, rssFeed } from './testing/feeds.ts';

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

let server: Server;
let base: string;
let harness: RuntimeHarness;
let podcasts: ComponentInstance;
let wasm: Uint8Array;
let dbDir: string;
let db: SqliteDatabase;
const logs: string[] = [];
const ID = 'org.fugue.podcasts';
const feedsSetting = (feeds: string[]) => [{ key: 'feeds', value: { tag: 'text-list', val: feeds } }];

function serve(): Promise<Server> {
  const routes: Record<string, [string, string | Uint8Array]> = {
    '/rss.xml': ['application/rss+xml; charset=utf-8', ''],
    '/atom.xml': ['application/atom+xml', ''],
    '/broken.xml': ['application/rss+xml', '<rss version="2.0"><channel><title>Broken</title><item><title>Half</item></channel></rss>'],
    '/page.html': ['text/html', '<html><body>not a feed</body></html>'],
    '/art/rss.png': ['image/png', PNG],
    '/art/atom.jpg': ['image/jpeg', JPEG],
  };
  const created = createServer((request, response) => {
    const path = request.url ?? '/';
    const route = routes[path];
    if (route === undefined) {
      response.writeHead(404).end('not here');
      return;
    }
    const body = path === '/rss.xml' ? rssFeed(base) : path === '/atom.xml' ? atomFeed(base) : route[1];
    response.writeHead(200, { 'content-type': route[0] }).end(body);
  });
  return new Promise((resolve) => created.listen(0, '127.0.0.1', () => resolve(created)));
}

const browse = async (id?: string): Promise<Page> => (await podcasts.call('source', 'browse', [id === undefined ? { tag: 'root' } : { tag: 'item', val: id }, undefined])) as Page;

beforeAll(async () => {
  server = await serve();
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const built = await buildPlugin(import.meta.dirname);
  wasm = new Uint8Array(await readFile(built.components[0]?.outPath ?? ''));
  harness = await RuntimeHarness.create();
  dbDir = await mkdtemp(join(tmpdir(), 'fugue-podcasts-db-'));
  db = openDatabase(join(dbDir, 'state.db'), CATALOG_MIGRATIONS);
  podcasts = await loadPodcasts(['127.0.0.1']);
  const feeds = ['/rss.xml', '/atom.xml', '/broken.xml', '/page.html', '/gone.xml'].map((path) => `${base}${path}`);
  expect(await podcasts.call('settings', 'apply', ['podcasts', feedsSetting(feeds)])).toBe('applied');
});
afterAll(async () => {
  await harness?.dispose();
  db?.close();
  if (dbDir !== undefined) await rm(dbDir, { recursive: true, force: true });
  await new Promise((resolve) => server?.close(resolve));
});

async function loadPodcasts(network: string[]): Promise<ComponentInstance> {
  const kv = new PluginKvStore(db, ID, () => 8192 * 1024);
  const instance = await harness.load(wasm, 'source-plugin', ID, { grants: { network, kv }, onLog: (level, message) => logs.push(`${level}: ${message}`) });
  await instance.enable();
  return instance;
}

describe('org.fugue.podcasts in the real runtime', () => {
  it('lists the followed podcasts in order, and says which feeds could not be loaded', async () => {
    const root = await browse();
    expect(root.items.map((item) => [item.kind, item.title, item.hasChildren])).toEqual([
      ['podcast', 'Loopback Radio', true],
      ['podcast', 'Atom Talks', true],
      ['podcast', `${base}/broken.xml`, true],
      ['podcast', `${base}/page.html`, true],
      ['podcast', `${base}/gone.xml`, true],
    ]);
    expect(root.items[0]?.subtitle).toBe('Loop Author');
    expect(root.items[2]?.subtitle).toContain(`the feed at ${base}/broken.xml is not a valid RSS or Atom feed: </item> on line 1 does not close <title>`);
    expect(root.items[3]?.subtitle).toContain('its root element is <html>');
    expect(root.items[4]?.subtitle).toContain(`the feed at ${base}/gone.xml answered HTTP 404`);
  });

  it('lists RSS and Atom episodes newest first, skipping items with nothing to play', async () => {
    const rss = await browse(`podcast:${base}/rss.xml`);
    expect(rss.items.map((item) => [item.kind, item.title, item.subtitle, item.durationMs, item.playable])).toEqual([
      ['episode', 'Episode 3: Newest', 'Loopback Radio · 2024-03-01', 3723000n, true],
      ['episode', 'Episode 2 <live> & loud', 'Loopback Radio · 2024-02-10', 90000n, true],
      ['episode', 'Episode 1: Oldest', 'Loopback Radio · 2023-12-31', 45000n, true],
    ]);
    const atom = await browse(`podcast:${base}/atom.xml`);
    expect(atom.items.map((item) => [item.title, item.subtitle])).toEqual([
      ['Atom Entry Two', 'Atom Talks · 2024-05-02'],
      // 22:00 at UTC−2 on the 30th is the 1st in UTC: offsets are applied, dates shown in UTC.
      ['Atom Entry One', 'Atom Talks · 2024-05-01'],
    ]);
  });

  it('gives a malformed or missing feed as a plugin error naming the feed', async () => {
    await expect(browse(`podcast:${base}/broken.xml`)).rejects.toMatchObject({ pluginCode: 'corrupt-data', message: expect.stringContaining(`the feed at ${base}/broken.xml is not a valid RSS or Atom feed`) });
    await expect(browse(`podcast:${base}/gone.xml`)).rejects.toMatchObject({ pluginCode: 'network', message: expect.stringContaining(`${base}/gone.xml answered HTTP 404`) });
    expect(logs.some((line) => line.startsWith('warn: the feed at') && line.includes('/broken.xml'))).toBe(true);
  });

  it('searches episode titles across podcasts, case-insensitively', async () => {
    const found = (await podcasts.call('source', 'search', ['ENTRY', undefined])) as Page;
    expect(found.items.map((item) => item.title)).toEqual(['Atom Entry Two', 'Atom Entry One']);
    const oldest = (await podcasts.call('source', 'search', ['oldest', undefined])) as Page;
    expect(oldest.items.map((item) => item.title)).toEqual(['Episode 1: Oldest']);
  });

  it('resolves an episode to its enclosure URL with a decoder hint and podcast metadata', async () => {
    const [newest, live, oldest] = (await browse(`podcast:${base}/rss.xml`)).items;
    const resolve = async (item: Item | undefined) => (await podcasts.call('source', 'resolve', [item?.id])) as { location: unknown; metadata: Record<string, unknown>; extensionHint?: string };
    expect(await resolve(newest)).toMatchObject({
      location: { tag: 'url', val: `${base}/media/ep3.mp3` },
      extensionHint: 'mp3',
      metadata: { title: 'Episode 3: Newest', artist: 'Loop Author', album: 'Loopback Radio', genre: 'Podcast', year: 2024, durationMs: 3723000n },
    });
    expect((await resolve(live)).extensionHint).toBe('m4a');
    expect(await resolve(oldest)).toMatchObject({ location: { tag: 'url', val: `${base}/media/ep1.opus?token=a%20b` }, extensionHint: 'opus' });
    const [atomEntry] = (await browse(`podcast:${base}/atom.xml`)).items;
    expect(await resolve(atomEntry)).toMatchObject({ location: { tag: 'url', val: `${base}/media/atom2.ogg` }, extensionHint: 'ogg', metadata: { artist: 'Atom Host' } });
  });

  it('fetches the feed image as artwork', async () => {
    const art = async (id: string) => (await podcasts.call('source', 'artwork', [id])) as { kind: string; mimeType: string; data: Uint8Array } | undefined;
    expect(await art(`podcast:${base}/rss.xml`)).toMatchObject({ kind: 'front-cover', mimeType: 'image/png', data: PNG });
    const [entry] = (await browse(`podcast:${base}/atom.xml`)).items;
    expect(await art(entry?.id ?? '')).toMatchObject({ mimeType: 'image/jpeg', data: JPEG });
  });

  it('shows the saved copy of a feed when its host cannot be reached', async () => {
    const offline = await loadPodcasts([]);
    await offline.call('settings', 'apply', ['podcasts', feedsSetting([`${base}/rss.xml`])]);
    const root = (await offline.call('source', 'browse', [{ tag: 'root' }, undefined])) as Page;
    expect(root.items.map((item) => item.title)).toEqual(['Loopback Radio']);
    const episodes = (await offline.call('source', 'browse', [{ tag: 'item', val: root.items[0]?.id }, undefined])) as Page;
    expect(episodes.items.map((item) => item.title)).toEqual(['Episode 3: Newest', 'Episode 2 <live> & loud', 'Episode 1: Oldest']);
    expect(await offline.call('source', 'resolve', [episodes.items[0]?.id])).toMatchObject({ location: { tag: 'url', val: `${base}/media/ep3.mp3` } });
    expect(logs.some((line) => line.startsWith(`info: showing the copy of ${base}/rss.xml saved`))).toBe(true);
  });

  it('cannot reach a host it was not granted, and says which', async () => {
    const other = base.replace('127.0.0.1', 'localhost');
    await podcasts.call('settings', 'apply', ['podcasts', feedsSetting([`${other}/rss.xml`])]);
    const [item] = (await browse()).items;
    expect(item?.subtitle).toContain('Fugue is not allowed to contact localhost');
    await expect(browse(item?.id)).rejects.toMatchObject({ pluginCode: 'denied' });
    await expect(podcasts.call('settings', 'apply', ['podcasts', feedsSetting(['feed.example/rss'])])).rejects.toMatchObject({ pluginCode: 'invalid-argument' });
  });

  it('stays inside the first-party budgets: ≤ 2 MB of component, ≤ 10 MB of memory per instance', () => {
    expect(wasm.length).toBeLessThan(2 * 1024 * 1024);
    expect(podcasts.metrics().peakMemoryBytes).toBeLessThan(10 * 1024 * 1024);
  });
});
