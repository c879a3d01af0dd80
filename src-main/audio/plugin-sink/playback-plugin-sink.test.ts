// Playback through plugin output sinks, with the integration applied to the real audio
// worker: a FRAW file decoded by the fixture decoder, played by the real engine into the
// WAV recorder plugin (bit-exact), and into a sink that traps mid-track, which the engine
// replaces with the fallback sink while the track plays on.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildPlugin } from '../../../sdk/build/build-plugin.ts';
import { Playback } from '../../app/playback.ts';
import { fixturePackage, ServicesHarness } from '../../plugins/test-support/services.ts';
import { REPO_ROOT } from '../../runtime/testing/fixtures.ts';
import type { PlayerEvent } from '../player.ts';
import { readWav } from '../testing/read-wav.ts';
import { signalFrames } from '../testing/signals.ts';
import type { PluginOutputEvent } from './plugin-output.ts';

const RATE = 44_100;
const RECORDER = 'org.fugue.wav-recorder';
const FAULTY = 'org.fugue.fixture.fault-sink';

let harness: ServicesHarness;
let work: string;
let playback: Playback | undefined;

async function writeFraw(path: string, samples: Float32Array, channels = 2): Promise<string> {
  const bytes = new Uint8Array(16 + samples.byteLength);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode('FRAW'));
  view.setUint32(4, RATE, true);
  view.setUint16(8, channels, true);
  view.setUint16(10, 0, true);
  view.setUint32(12, samples.length / channels, true);
  bytes.set(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength), 16);
  await writeFile(path, bytes);
  return path;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fugue-playback-sink-'));
  harness = await ServicesHarness.create();
  await harness.installer.install({ kind: 'path', path: await fixturePackage('world-decoder') });
  await harness.installer.install({ kind: 'path', path: await fixturePackage('fault-sink') });
  await harness.installer.install({ kind: 'path', path: (await buildPlugin(join(REPO_ROOT, 'plugins', 'wav-recorder'))).packagePath });
});
afterEach(async () => {
  await playback?.dispose();
  playback = undefined;
});
afterAll(async () => {
  await harness?.dispose();
  await rm(work, { recursive: true, force: true });
});

async function playThrough(sink: string, file: string, fallbackSink?: string) {
  const outputEvents: PluginOutputEvent[] = [];
  playback = new Playback({ host: harness.host, sink, blockFrames: 256, ...(fallbackSink === undefined ? {} : { fallbackSink }), onOutputEvent: (event) => outputEvents.push(event) });
  const events: PlayerEvent[] = [];
  const ended = new Promise<void>((resolve) => playback?.player.on((event) => (events.push(event), event.type === 'queue-ended' && resolve())));
  await playback.player.playTracks([{ kind: 'file' as const, path: file }]);
  await ended;
  await playback.dispose();
  playback = undefined;
  return { events, outputEvents };
}

describe('Playback into a plugin sink', () => {
  it('records a track through the WAV recorder plugin, sample for sample', async () => {
    const samples = signalFrames({ kind: 'counter' }, 2, 0, 3 * RATE);
    const { events, outputEvents } = await playThrough(`plugin:${RECORDER}/wav-recorder`, await writeFraw(join(work, 'record.fraw'), samples));
    expect(outputEvents).toEqual([]);
    expect(events.filter((event) => event.type === 'track-error')).toEqual([]);
    const dir = harness.services.layout.pluginDataDir(RECORDER);
    const [file] = (await readdir(dir)).filter((name) => name.endsWith('.wav'));
    const recorded = readWav(join(dir, file as string));
    expect(recorded).toMatchObject({ channels: 2, sampleRate: RATE });
    expect(recorded.samples).toEqual(samples);
  });

  it('switches to the fallback sink when the plugin sink traps, and the track plays to its end', async () => {
    const samples = signalFrames({ kind: 'counter' }, 2, 0, 2 * RATE);
    const fallback = join(work, 'fallback.wav');
    const { events, outputEvents } = await playThrough(`plugin:${FAULTY}/faulty/trap`, await writeFraw(join(work, 'trap.fraw'), samples), `wav:${fallback}`);
    expect(outputEvents).toMatchObject([{ type: 'plugin-sink-failed', pluginId: FAULTY, fallback: `wav:${fallback}`, error: { message: expect.stringContaining(FAULTY) } }]);
    expect(events.filter((event) => event.type === 'track-error')).toEqual([]);
    const tail = readWav(fallback).samples;
    const first = (tail[0] as number) / 2;
    expect(first).toBeGreaterThan(0);
    expect(tail).toEqual(signalFrames({ kind: 'counter' }, 2, first, 2 * RATE - first));
  });
});
