// ReplayGain end to end: FLAC files tagged by `flac -T`, decoded by the FLAC plugin in its
// scheduler worker, gained by the audio worker per the Player's mode, into the WAV sink.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlugin } from '../../sdk/build/build-plugin.ts';
import { Playback } from '../app/playback.ts';
import { ServicesHarness } from '../plugins/test-support/services.ts';
import { encodeFlac, expectedF32, makeSignal, type SignalSpec } from '../../plugins/flac/test-media.ts';
import type { ReplayGainSettings } from './replay-gain.ts';
import { readWav } from './testing/read-wav.ts';

const spec: SignalSpec = { channels: 2, bits: 16, rate: 44_100, frames: 20_000, seed: 9 };
const CUT = 8_191;
const dbToFactor = (db: number): number => 10 ** (db / 20);

let harness: ServicesHarness;
let work: string;
let files: string[];
let input: Float32Array;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fugue-replay-gain-'));
  harness = await ServicesHarness.create();
  await harness.installer.install({ kind: 'path', path: (await buildPlugin(join(import.meta.dirname, '../../plugins/flac'))).packagePath });
  const whole = makeSignal(spec);
  const expected = expectedF32(whole, 16);
  input = new Float32Array(expected.buffer, expected.byteOffset, expected.byteLength / 4).slice();
  files = [join(work, 'one.flac'), join(work, 'two.flac')];
  const album = ['-T', 'REPLAYGAIN_ALBUM_GAIN=-4.50 dB'];
  await encodeFlac(files[0]!, whole.subarray(0, CUT * 2), { ...spec, frames: CUT }, [...album, '-T', 'REPLAYGAIN_TRACK_GAIN=-3.00 dB']);
  await encodeFlac(files[1]!, whole.subarray(CUT * 2), { ...spec, frames: spec.frames - CUT }, [...album, '-T', 'REPLAYGAIN_TRACK_GAIN=-8.25 dB']);
}, 120_000);
afterAll(async () => {
  await harness?.dispose();
  if (work) await rm(work, { recursive: true, force: true });
});

async function play(replayGain: ReplayGainSettings, name: string): Promise<Float32Array> {
  const out = join(work, `${name}.wav`);
  const playback = new Playback({ host: harness.host, sink: `wav:${out}`, blockFrames: 512 });
  try {
    playback.player.setReplayGain(replayGain);
    const ended = new Promise<void>((resolve) => playback.player.on((event) => event.type === 'queue-ended' && resolve()));
    await playback.player.playTracks(files.map((path) => ({ kind: 'file' as const, path })));
    await ended;
  } finally {
    await playback.dispose();
  }
  return readWav(out).samples;
}

describe('ReplayGain through the Player', () => {
  it('plays an album at its album gain: one factor across the gapless join', async () => {
    const factor = dbToFactor(-4.5 + 1);
    expect(await play({ mode: 'album', preampDb: 1 }, 'album')).toEqual(input.map((value) => value * factor));
  });

  it('gives each track its own gain in track mode, switching at the exact join sample', async () => {
    const [first, second] = [dbToFactor(-3), dbToFactor(-8.25)];
    const samples = await play({ mode: 'track', preampDb: 0 }, 'track');
    expect(samples.subarray(0, CUT * 2)).toEqual(input.subarray(0, CUT * 2).map((value) => value * first));
    expect(samples.subarray(CUT * 2)).toEqual(input.subarray(CUT * 2).map((value) => value * second));
  });

  it('plays bit-exact when off', async () => {
    expect(await play({ mode: 'off', preampDb: 6 }, 'off')).toEqual(input);
  });
});
