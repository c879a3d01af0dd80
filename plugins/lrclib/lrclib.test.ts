// The LRCLIB plugin installed into real plugin services (catalog, grants, kv quota, real
// workers), talking to a loopback server that implements LRCLIB's get and search.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlugin } from '../../sdk/build/build-plugin.ts';
import { ServicesHarness } from '../../src-main/plugins/test-support/services.ts';
import { failureOf } from '../../src-main/scheduler/testing/faults.ts';
import { installLrclibForTests, LRCLIB_ID } from './testing/install.ts';
import { LrclibServer, record } from './testing/lrclib-server.ts';

const SYNCED = '[00:01.00] Wake up\n[00:03.50] bright <00:04.00>morning\n[00:05.00] \n[00:07.25] [00:09.00] la la';
const LONG_LINES = Array.from({ length: 2000 }, (_, index) => `[${String(Math.floor(index / 60)).padStart(2, '0')}:${String(index % 60).padStart(2, '0')}.00] a long line of lyrics number ${index}`).join('\n');

let server: LrclibServer;
let harness: ServicesHarness;
let work: string;

beforeAll(async () => {
  server = await LrclibServer.start([
    record({ trackName: 'Bright Morning', artistName: 'The Examples', albumName: 'Loopback', duration: 201, syncedLyrics: SYNCED, plainLyrics: 'Wake up\nbright morning' }),
    record({ trackName: 'Spoken Word', artistName: 'Poet', albumName: 'Readings', duration: 120, plainLyrics: 'Just words\n\nand more words\n' }),
    record({ trackName: 'Interlude', artistName: 'The Examples', albumName: 'Loopback', duration: 90, instrumental: true }),
    record({ trackName: 'Cover Song', artistName: 'Band', albumName: 'Live', duration: 240, plainLyrics: 'live version' }),
    record({ trackName: 'Cover Song', artistName: 'Band', albumName: 'Studio', duration: 180, syncedLyrics: '[00:02.00] studio version' }),
    record({ trackName: 'Café del Mar (Remastered 2011)', artistName: 'Énergie & Co', albumName: 'Sunsets', duration: 300, syncedLyrics: '[00:10.00] Olé' }),
    ...Array.from({ length: 6 }, (_, index) => record({ trackName: `Long ${index}`, artistName: 'Verbose', duration: 600, syncedLyrics: LONG_LINES })),
  ]);
  work = await mkdtemp(join(tmpdir(), 'fugue-lrclib-'));
  harness = await ServicesHarness.create();
  await installLrclibForTests(harness, work, server.baseUrl);
}, 120_000);

afterAll(async () => {
  await harness?.dispose();
  await server?.dispose();
  await rm(work, { recursive: true, force: true });
});

type Query = { title: string; artist?: string; album?: string; durationMs?: bigint };
const find = (query: Query) => harness.host.call(LRCLIB_ID, 'lyrics', 'find', [query]);
const lines = (...entries: [number, string][]) => entries.map(([ms, text]) => ({ startMs: BigInt(ms), text }));

describe('looking up lyrics', () => {
  it('finds an exact match through /api/get with the duration in seconds, naming Fugue in its User-Agent', async () => {
    const before = server.served.length;
    expect(await find({ title: 'Bright Morning', artist: 'The Examples', album: 'Loopback', durationMs: 200_600n })).toEqual({
      body: { tag: 'synced', val: lines([1000, 'Wake up'], [3500, 'bright morning'], [5000, ''], [7250, 'la la'], [9000, 'la la']) },
      provider: `LRCLIB (127.0.0.1)`,
    });
    const [request] = server.served.slice(before);
    expect(request).toEqual({
      path: '/api/get',
      params: { track_name: 'Bright Morning', artist_name: 'The Examples', album_name: 'Loopback', duration: '201' },
      userAgent: expect.stringMatching(/^Fugue\/.*org\.fugue\.lrclib/),
    });
    expect(server.served).toHaveLength(before + 1);
  });

  it('answers plain lyrics and instrumental tracks', async () => {
    expect(await find({ title: 'Spoken Word', artist: 'Poet', durationMs: 120_000n })).toMatchObject({ body: { tag: 'plain', val: 'Just words\n\nand more words' } });
    expect(await find({ title: 'Interlude', artist: 'The Examples', durationMs: 90_000n })).toMatchObject({ body: { tag: 'instrumental' } });
  });

  it('falls back to search when get finds nothing, and picks the version whose duration is within 2 s', async () => {
    const searches = server.count('/api/search');
    expect(await find({ title: 'cover song', artist: 'band', album: 'Unknown', durationMs: 238_200n })).toMatchObject({ body: { tag: 'plain', val: 'live version' } });
    expect(server.count('/api/search')).toBe(searches + 1);
    expect(await find({ title: 'Cover Song', artist: 'Band', album: 'Other', durationMs: 181_000n })).toMatchObject({ body: { tag: 'synced', val: lines([2000, 'studio version']) } });
    expect(await find({ title: 'Cover Song', artist: 'Band', durationMs: 500_000n })).toBeUndefined();
  });

  it('matches titles and artists without accents, letter case or bracketed extras', async () => {
    expect(await find({ title: 'Cafe Del Mar', artist: 'energie & co', durationMs: 301_000n })).toMatchObject({ body: { tag: 'synced', val: lines([10_000, 'Olé']) } });
  });

  it('searches by title alone when it knows no artist or duration', async () => {
    const before = server.served.length;
    expect(await find({ title: 'Spoken Word' })).toMatchObject({ body: { tag: 'plain' } });
    expect(server.served.slice(before).map((request) => [request.path, request.params])).toEqual([['/api/search', { q: 'Spoken Word' }]]);
  });

  it('answers none when nothing matches (404 from get, no search hit)', async () => {
    expect(await find({ title: 'No Such Song', artist: 'Nobody', durationMs: 100_000n })).toBeUndefined();
  });
});

describe('cache', () => {
  it('answers a repeated lookup from its kv store without a request', async () => {
    const query = { title: 'Bright Morning', artist: 'The Examples', album: 'Loopback', durationMs: 201_000n };
    const first = await find(query);
    const requests = server.served.length;
    expect(await find(query)).toEqual(first);
    expect(server.served).toHaveLength(requests);
    expect(harness.catalog.kv(LRCLIB_ID).listKeys('lyrics/').length).toBeGreaterThan(0);
  });

  it('stays within its storage quota by dropping older entries', async () => {
    const store = harness.catalog.kv(LRCLIB_ID);
    for (let index = 0; index < 6; index++) {
      expect(await find({ title: `Long ${index}`, artist: 'Verbose', durationMs: 600_000n })).toMatchObject({ body: { tag: 'synced' } });
      const { usedBytes, quotaBytes } = store.usage();
      expect(usedBytes).toBeLessThanOrEqual(quotaBytes);
    }
    expect(store.usage().quotaBytes).toBe(512 * 1024);
    // The newest entry survived; older ones (six of ~110 KB cannot fit in 512 KB) were dropped and are fetched again.
    const requests = server.served.length;
    await find({ title: 'Long 5', artist: 'Verbose', durationMs: 600_000n });
    expect(server.served).toHaveLength(requests);
    for (let index = 0; index < 5; index++) await find({ title: `Long ${index}`, artist: 'Verbose', durationMs: 600_000n });
    expect(server.served.length).toBeGreaterThan(requests);
  });
});

describe('failures', () => {
  it('reports a server error and an unreachable server as network errors naming the host', async () => {
    expect(await failureOf(find({ title: 'Server Error', artist: 'Any', durationMs: 1000n }))).toMatchObject({ pluginCode: 'network', message: '127.0.0.1 answered HTTP 500 to a lyrics lookup' });
    const closed = await LrclibServer.start([]);
    const deadUrl = closed.baseUrl;
    await closed.dispose();
    await harness.services.saveSettings(LRCLIB_ID, 'lrclib', { base_url: deadUrl });
    try {
      expect(await failureOf(find({ title: 'Anything', artist: 'Any', durationMs: 1000n }))).toMatchObject({ pluginCode: 'network', message: expect.stringMatching(/^could not reach 127\.0\.0\.1: /) });
    } finally {
      await harness.services.saveSettings(LRCLIB_ID, 'lrclib', { base_url: server.baseUrl });
    }
  });

  it('is refused hosts it was not granted, and says so by name', async () => {
    await harness.services.saveSettings(LRCLIB_ID, 'lrclib', { base_url: server.baseUrl.replace('127.0.0.1', 'localhost') });
    try {
      expect(await failureOf(find({ title: 'Bright Morning', artist: 'Someone Else', durationMs: 5000n }))).toMatchObject({ pluginCode: 'denied', message: expect.stringContaining('may not reach localhost') });
    } finally {
      await harness.services.saveSettings(LRCLIB_ID, 'lrclib', { base_url: server.baseUrl });
    }
  });

  it('refuses a server setting that is not an http(s) address', async () => {
    try {
      await expect(harness.services.saveSettings(LRCLIB_ID, 'lrclib', { base_url: 'ftp://example.org' })).rejects.toMatchObject({ message: expect.stringContaining('not an http(s) address') });
      // The plugin kept its server.
      expect(await find({ title: 'Interlude', artist: 'The Examples', durationMs: 90_000n })).toMatchObject({ body: { tag: 'instrumental' } });
    } finally {
      await harness.services.saveSettings(LRCLIB_ID, 'lrclib', { base_url: server.baseUrl });
    }
  });
});

describe('package', () => {
  it('ships with only lrclib.net in its network permission, each permission with a reason, within the size budget', async () => {
    const manifest = JSON.parse(await readFile(join(import.meta.dirname, 'plugin.json'), 'utf8')) as { permissions: { network: { host: string; reason: string }[]; storage: { reason: string } } };
    expect(manifest.permissions.network.map((permission) => permission.host)).toEqual(['lrclib.net']);
    expect(manifest.permissions.network[0]?.reason).toMatch(/LRCLIB/);
    expect(manifest.permissions.storage.reason).not.toBe('');
    const [component] = (await buildPlugin(import.meta.dirname)).components;
    expect((await readFile(component?.outPath ?? '')).length).toBeLessThan(2 * 1024 * 1024);
    // After the ~110 KB lookups above: the wasm memory of its instance stays within the 10 MB budget.
    const lease = harness.host.acquire(LRCLIB_ID);
    try {
      expect(lease.instance.metrics().memoryBytes).toBeLessThanOrEqual(10 * 1024 * 1024);
    } finally {
      lease.release();
    }
  });
});
