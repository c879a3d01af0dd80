/**
 * The host's lyrics lookup over real installed plugins in real workers: the .lrc plugin,
 * the LRCLIB plugin against a loopback server, and a provider that traps or loops on
 * request (the fault-calls fixture), all started by real plugin services.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlugin } from '../../sdk/build/build-plugin.ts';
import { installLrclibForTests, LRCLIB_ID } from '../../plugins/lrclib/testing/install.ts';
import { LrclibServer, record } from '../../plugins/lrclib/testing/lrclib-server.ts';
import { grantAllDeclared } from '../plugins/consent.ts';
import { fixturePackage, ServicesHarness } from '../plugins/test-support/services.ts';
import { failureOf } from '../scheduler/testing/faults.ts';
import { REPO_ROOT } from '../runtime/testing/fixtures.ts';
import { findLyrics, orderProviders, type LyricsQuery } from './lyrics-service.ts';

const LRC_ID = 'org.fugue.lrc-files';
const FAULTS_ID = 'org.fugue.fixture.fault-calls';

let server: LrclibServer;
let harness: ServicesHarness;
let work: string;
let album: string;

beforeAll(async () => {
  server = await LrclibServer.start([
    record({ trackName: 'Bright Morning', artistName: 'The Examples', duration: 200, syncedLyrics: '[00:02.00] from the web' }),
    record({ trackName: 'trap', artistName: 'The Examples', duration: 200, syncedLyrics: '[00:03.00] the web survived a trap' }),
    record({ trackName: 'loop', artistName: 'The Examples', duration: 200, syncedLyrics: '[00:04.00] the web outlasted a loop' }),
  ]);
  work = await mkdtemp(join(tmpdir(), 'fugue-lyrics-service-'));
  album = join(work, 'music', 'The Examples', 'Loopback');
  await mkdir(album, { recursive: true });
  await writeFile(join(album, 'Bright Morning.lrc'), '[la:en]\n[00:01.00]from the file next to the track\n[00:02.00]\n');
  await writeFile(join(album, 'Plain.lrc'), 'words without time\n');
  harness = await ServicesHarness.create();
  const lrcFiles = await buildPlugin(join(REPO_ROOT, 'plugins', 'lrc-files'));
  await harness.installer.install({ kind: 'path', path: lrcFiles.packagePath }, { onConsent: grantAllDeclared });
  await harness.installer.install({ kind: 'path', path: await fixturePackage('fault-calls') }, { onConsent: grantAllDeclared });
  await installLrclibForTests(harness, work, server.baseUrl);
}, 180_000);

afterAll(async () => {
  await harness?.dispose();
  await server?.dispose();
  await rm(work, { recursive: true, force: true });
});

const track = (name: string, title = name): LyricsQuery => ({ title, artist: 'The Examples', durationMs: 200_000, filePath: join(album, `${name}.flac`) });

describe('findLyrics', () => {
  it('prefers the .lrc beside the track, and asks no one else once it has synced lyrics', async () => {
    const requests = server.served.length;
    const lookup = await findLyrics(harness.host, track('Bright Morning'));
    expect(lookup).toEqual({
      found: {
        body: { kind: 'synced', lines: [{ startMs: 1000, text: 'from the file next to the track' }, { startMs: 2000, text: '' }] },
        provider: 'Bright Morning.lrc',
        language: 'en',
        pluginId: LRC_ID,
        typeId: 'lrc-files',
      },
      tried: [{ pluginId: LRC_ID, typeId: 'lrc-files', outcome: 'synced' }],
    });
    expect(server.served).toHaveLength(requests);
  });

  it('falls back to the web when there is no .lrc, preferring synced web lyrics to an earlier plain answer', async () => {
    const lookup = await findLyrics(harness.host, track('Elsewhere', 'Bright Morning'));
    expect(lookup.found).toMatchObject({ pluginId: LRCLIB_ID, provider: 'LRCLIB (127.0.0.1)', body: { kind: 'synced', lines: [{ startMs: 2000, text: 'from the web' }] } });
    // fault-calls answers any ordinary title with plain text: kept only as a fallback.
    expect(lookup.tried.map((attempt) => `${attempt.pluginId}: ${attempt.outcome}`)).toEqual([`${LRC_ID}: none`, `${FAULTS_ID}: plain`, `${LRCLIB_ID}: synced`]);
  });

  it('returns the first plain answer when nobody has synced lyrics', async () => {
    const lookup = await findLyrics(harness.host, track('Plain', 'Nobody Has This'));
    expect(lookup.found).toMatchObject({ pluginId: LRC_ID, provider: 'Plain.lrc', body: { kind: 'plain', text: 'words without time' } });
    expect(lookup.tried.map((attempt) => attempt.outcome)).toEqual(['plain', 'plain', 'none']);
  });

  it('skips a provider that fails, reporting why', async () => {
    const lookup = await findLyrics(harness.host, track('trap'));
    expect(lookup.found).toMatchObject({ pluginId: LRCLIB_ID, body: { kind: 'synced', lines: [{ text: 'the web survived a trap' }] } });
    expect(lookup.tried[1]).toEqual({ pluginId: FAULTS_ID, typeId: 'faults', outcome: 'failed', message: expect.stringContaining('trapped') });
  });

  it('moves on from a provider that does not answer in time', async () => {
    const lookup = await findLyrics(harness.host, track('loop'), { providerTimeoutMs: 300 });
    expect(lookup.found).toMatchObject({ pluginId: LRCLIB_ID, body: { kind: 'synced', lines: [{ text: 'the web outlasted a loop' }] } });
    expect(lookup.tried[1]).toEqual({ pluginId: FAULTS_ID, typeId: 'faults', outcome: 'timed-out', message: expect.stringContaining('within 300 ms') });
  });

  it('follows a user order, asking the web first', async () => {
    const lookup = await findLyrics(harness.host, track('Bright Morning'), { order: [LRCLIB_ID, '*'] });
    expect(lookup.found).toMatchObject({ pluginId: LRCLIB_ID, body: { kind: 'synced', lines: [{ text: 'from the web' }] } });
    expect(lookup.tried).toEqual([{ pluginId: LRCLIB_ID, typeId: 'lrclib', outcome: 'synced' }]);
  });

  it('opens the track folder for the lookup only', async () => {
    await findLyrics(harness.host, track('Bright Morning'));
    const query = { title: 'Bright Morning', filePath: join(album, 'Bright Morning.flac') };
    expect(await failureOf(harness.host.call(LRC_ID, 'lyrics', 'find', [query]))).toMatchObject({ pluginCode: 'denied' });
  });

  it('keeps the folder from providers the host does not let read it', async () => {
    const lookup = await findLyrics(harness.host, track('Bright Morning'), { mayReadTrackFolder: (provider) => provider.pluginId !== LRC_ID });
    expect(lookup.tried[0]).toEqual({ pluginId: LRC_ID, typeId: 'lrc-files', outcome: 'failed', message: expect.stringContaining('no folder is granted') });
    expect(lookup.found?.pluginId).toBe(LRCLIB_ID);
  });

  it('asks every provider without a file when the track is not a local file', async () => {
    const lookup = await findLyrics(harness.host, { title: 'Bright Morning', artist: 'The Examples', durationMs: 200_000 });
    expect(lookup.tried[0]).toEqual({ pluginId: LRC_ID, typeId: 'lrc-files', outcome: 'none' });
    expect(lookup.found?.pluginId).toBe(LRCLIB_ID);
  });
});

describe('orderProviders', () => {
  const ability = (pluginId: string, componentId = 'main', typeId = 'x') => ({ pluginId, version: '1.0.0', componentId, ability: { kind: 'lyrics' as const, type_id: typeId, display_name: typeId } });

  it('puts named plugins where the order says, the rest at "*" in host order, one entry per component', () => {
    const running = [ability('a.web'), ability('b.other'), ability('c.files'), ability('c.files', 'main', 'second'), ability('d.more')];
    const ids = (order: string[]) => orderProviders(running, order).map((entry) => entry.pluginId);
    expect(ids(['c.files', '*', 'a.web'])).toEqual(['c.files', 'b.other', 'd.more', 'a.web']);
    expect(ids(['d.more'])).toEqual(['d.more', 'a.web', 'b.other', 'c.files']);
    expect(ids([])).toEqual(['a.web', 'b.other', 'c.files', 'd.more']);
  });
});
