// The FLAC plugin installed as a package into real plugin services and played by the real
// player (scheduler workers, PCM ring, audio worker, WAV sink): two files cut from one
// signal in the middle of a frame play back to back, sample for sample, with no gap.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildPlugin } from '../../sdk/build/build-plugin.ts';
import { Playback } from '../../src-main/app/playback.ts';
import type { PlayerEvent } from '../../src-main/audio/player.ts';
import { readWav } from '../../src-main/audio/testing/read-wav.ts';
import { ServicesHarness } from '../../src-main/plugins/test-support/services.ts';
import { encodeFlac, expectedF32, makeSignal, type SignalSpec } from './test-media.ts';

const spec: SignalSpec = { channels: 2, bits: 16, rate: 44_100, frames: 30_000, seed: 5 };
const CUT = 12_345;

let harness: ServicesHarness;
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fugue-flac-play-'));
  harness = await ServicesHarness.create();
  await harness.installer.install({ kind: 'path', path: (await buildPlugin(import.meta.dirname)).packagePath });
}, 120_000);
afterAll(async () => {
  await harness?.dispose();
  if (work) await rm(work, { recursive: true, force: true });
});

it('plays two FLAC files cut from one signal gaplessly, bit-exact, and names the decoder and tags', async () => {
  const whole = makeSignal(spec);
  const first = join(work, 'part one.flac');
  const second = join(work, 'part two.flac');
  await encodeFlac(first, whole.subarray(0, CUT * 2), { ...spec, frames: CUT }, ['-T', 'TITLE=Part one']);
  await encodeFlac(second, whole.subarray(CUT * 2), { ...spec, frames: spec.frames - CUT }, ['-T', 'TITLE=Part two']);
  const out = join(work, 'out.wav');
  const playback = new Playback({ host: harness.host, sink: `wav:${out}`, blockFrames: 512 });
  const events: PlayerEvent[] = [];
  try {
    const ended = new Promise<void>((resolve) => playback.player.on((event) => (events.push(event), event.type === 'queue-ended' && resolve())));
    await playback.player.playTracks([first, second].map((path) => ({ kind: 'file' as const, path })));
    await ended;
  } finally {
    await playback.dispose();
  }
  const wav = readWav(out);
  expect(wav.sampleRate).toBe(spec.rate);
  expect(wav.channels).toBe(2);
  expect(Buffer.from(wav.samples.buffer, wav.samples.byteOffset, wav.samples.byteLength).equals(expectedF32(whole, 16))).toBe(true);
  const changes = events.filter((event) => event.type === 'track-changed');
  expect(changes.map((event) => [event.metadata.title, event.decoder.pluginId, event.info.codec])).toEqual([
    ['Part one', 'org.fugue.flac', 'FLAC'],
    ['Part two', 'org.fugue.flac', 'FLAC'],
  ]);
  expect(events.filter((event) => event.type === 'track-error')).toEqual([]);
});
