// The player half of the contract over real playback: the first-party WAV decoder, a
// paced silent output, and the fixture lyrics provider, whose synced lines (one per word
// of the title) are followed by `lyrics.line` events as the position advances.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildPlugin } from '../../sdk/build/build-plugin.ts';
import type { ContractEvent } from '../../src-shared/contract/index.ts';
import { Playback } from '../app/playback.ts';
import { REPO_ROOT } from '../runtime/testing/fixtures.ts';
import { fixturePackage, ServicesHarness } from '../plugins/test-support/services.ts';
import { createHandlers, type ContractHost } from './handlers.ts';
import { value } from './testing.ts';

let harness: ServicesHarness;
let work: string;
let track: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fugue-contract-playback-'));
  harness = await ServicesHarness.create();
  await harness.installer.install({ kind: 'path', path: (await buildPlugin(join(REPO_ROOT, 'plugins', 'wav'))).packagePath });
  await harness.installer.install({ kind: 'path', path: (await buildPlugin(join(REPO_ROOT, 'plugins', 'gain'))).packagePath });
  await harness.installer.install({ kind: 'path', path: await fixturePackage('world-lyrics') });
  await harness.services.saveSettings('org.fugue.fixture.lyrics', 'words', { line_ms: 300 });
  track = join(work, 'song.wav');
  await execa('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=3:sample_rate=48000', '-metadata', 'title=one two three four', '-c:a', 'pcm_s16le', track]);
}, 120_000);

afterAll(async () => {
  await harness?.dispose();
  await rm(work, { recursive: true, force: true });
});

async function withPlayback(work: (host: ContractHost, events: ContractEvent[]) => Promise<void>): Promise<void> {
  const playback = new Playback({ host: harness.host, sink: 'null' });
  const host = createHandlers({ plugins: harness.services, playback, output: 'null' });
  const events: ContractEvent[] = [];
  host.events.on((event) => events.push(event));
  try {
    await work(host, events);
  } finally {
    await host.dispose();
    await playback.dispose();
  }
}

const until = (events: ContractEvent[], matches: (event: ContractEvent) => boolean) =>
  new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (events.some(matches)) {
        clearInterval(check);
        resolve();
      }
    }, 10);
  });

it('plays a queue and reports state, the track, its position and the synced lyric line as contract events', async () => {
  await withPlayback(async (host, events) => {
    const status = value(await host.handlers['playback.setQueue']({ tracks: [{ kind: 'file', path: track }] }));
    expect(status.queue).toHaveLength(1);
    expect(status.nowPlaying).toMatchObject({ title: 'one two three four', codec: expect.any(String), sampleRate: 48_000, decoder: { pluginId: 'org.fugue.wav' } });
    expect(status.nowPlaying?.durationMs).toBeCloseTo(3000, -1);
    await until(events, (event) => event.event === 'player.queueEnded');

    expect(events.some((event) => event.event === 'player.state' && event.payload.state === 'playing')).toBe(true);
    expect(events.find((event) => event.event === 'player.trackChanged')).toMatchObject({ payload: { title: 'one two three four' } });
    const positions = events.flatMap((event) => (event.event === 'player.position' ? [event.payload.positionMs] : []));
    expect(positions.length).toBeGreaterThan(2);
    expect(positions.at(-1)).toBeGreaterThan(positions[0] ?? 0);
    expect(events.find((event) => event.event === 'lyrics.loaded')).toMatchObject({ payload: { lookup: { found: { pluginId: 'org.fugue.fixture.lyrics', body: { kind: 'synced' } } } } });
    // Lines come in the order they are sung, ending with the last word.
    const lines = events.flatMap((event) => (event.event === 'lyrics.line' && event.payload.text !== undefined ? [event.payload.text] : []));
    expect(lines.at(-1)).toBe('four');
    expect(['one', 'two', 'three', 'four'].filter((word) => lines.includes(word))).toEqual(lines);
    // Every event survives JSON, as it must to cross a WebSocket.
    expect(JSON.parse(JSON.stringify(events))).toEqual(events);
  });
});

it('pauses, seeks, sets volume, repeat, shuffle and the effect chain, answering with the new status', async () => {
  await withPlayback(async (host, events) => {
    const started = value(await host.handlers['playback.setQueue']({ tracks: [{ kind: 'file', path: track }, { kind: 'file', path: track }] }));
    const first = started.queue[0]?.entryId ?? 0;
    // A pause fades out first: the answer comes at once, the state event once it is silent.
    value(await host.handlers['playback.pause']());
    await until(events, (event) => event.event === 'player.state' && event.payload.state === 'paused');
    expect(value(await host.handlers['playback.status']()).state).toBe('paused');
    const seeked = value(await host.handlers['playback.seek']({ positionMs: 1500 }));
    expect(seeked.positionMs).toBeCloseTo(1500, -1);
    expect(value(await host.handlers['playback.setVolume']({ gain: 0.25 })).volume).toBe(0.25);
    expect(value(await host.handlers['playback.setRepeat']({ mode: 'all' })).repeat).toBe('all');
    expect(value(await host.handlers['playback.setShuffle']({ on: true })).shuffle).toBe(true);
    const chain = value(await host.handlers['playback.setEffects']({ effects: [{ pluginId: 'org.fugue.gain', typeId: 'gain' }] }));
    expect(chain.effects).toEqual([{ pluginId: 'org.fugue.gain', typeId: 'gain' }]);
    expect(value(await host.handlers['playback.coverArt']({ entryId: first }))).toBeNull();
    const lyrics = value(await host.handlers['lyrics.find']());
    expect(lyrics.found?.body).toMatchObject({ kind: 'synced', lines: [{ startMs: 0, text: 'one' }, { startMs: 300 }, { startMs: 600 }, { startMs: 900 }] });
    const outputs = value(await host.handlers['playback.outputs']());
    expect(outputs.current).toBe('null');
    expect(outputs.choices.map((choice) => choice.id)).toEqual(expect.arrayContaining(['default', 'null']));
    value(await host.handlers['playback.stop']());
    await until(events, (event) => event.event === 'player.state' && event.payload.state === 'stopped');
    expect(value(await host.handlers['playback.status']())).toMatchObject({ state: 'stopped', nowPlaying: undefined });
    expect(await host.handlers['playback.setOutput']({ output: 'speakers' })).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringContaining('unknown sink "speakers"') } });
    expect(await host.handlers['playback.setOutput']({ output: `wav:${join(work, 'x.wav')}` })).toMatchObject({ ok: false, error: { code: 'denied' } });
    value(await host.handlers['playback.setOutput']({ output: 'null' }));
    expect(value(await host.handlers['playback.status']()).output).toBe('null');
  });
});
