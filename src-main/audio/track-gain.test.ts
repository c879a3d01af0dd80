// Per-track gain (ReplayGain) in the real audio worker, into the WAV sink: each track's
// frames are scaled by its own factor, changing at exactly the sample where they join.
import { afterEach, describe, expect, it } from 'vitest';
import { readWav } from './testing/read-wav.ts';
import { filledRing, orderedEvents, SINE, startHarness, trackOf, type Harness } from './testing/audio-harness.ts';
import { Resampler } from './resampler.ts';
import { signalFrames, type TestSignal } from './testing/signals.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

/** `samples` scaled the way the worker scales a Float32Array (f64 product rounded to f32). */
const scaled = (samples: Float32Array, gain: number): Float32Array => samples.map((value) => value * gain);

describe('per-track gain in the audio worker', () => {
  it('scales two gapless tracks by their own gains, switching at the exact join sample', async () => {
    harness = await startHarness('wav');
    const { output, events } = harness;
    // The cut is not a multiple of the 512-frame block: the join falls inside a block.
    const cut = 7_001;
    const total = 16_000;
    const [first, second] = [10 ** (-6.5 / 20), 10 ** (2.25 / 20)];
    await output.queue(trackOf(1, filledRing(SINE, cut), { gain: first }));
    await output.queue(trackOf(2, filledRing(SINE, total - cut, { from: cut }), { gain: second }));
    const empty = output.next('queue-empty');
    await output.play();
    await empty;
    const samples = readWav(harness.wavPath).samples;
    const input = signalFrames(SINE, 2, 0, total);
    const boundary = cut * 2;
    expect(samples.length).toBe(total * 2);
    expect(samples.subarray(0, boundary)).toEqual(scaled(input.subarray(0, boundary), first));
    expect(samples.subarray(boundary)).toEqual(scaled(input.subarray(boundary), second));
    // The last frame of track 1 and the first of track 2, sample by sample.
    expect(Array.from(samples.subarray(boundary - 2, boundary + 2))).toEqual([
      Math.fround((input[boundary - 2] as number) * first),
      Math.fround((input[boundary - 1] as number) * first),
      Math.fround((input[boundary] as number) * second),
      Math.fround((input[boundary + 1] as number) * second),
    ]);
    expect(orderedEvents(events)).toContain(`started:2@${cut}`);
  });

  it('leaves a track with gain 1 (or none) bit-exact', async () => {
    harness = await startHarness('wav');
    const { output } = harness;
    await output.queue(trackOf(1, filledRing(SINE, 3_000), { gain: 1 }));
    await output.queue(trackOf(2, filledRing(SINE, 2_000, { from: 3_000 })));
    const empty = output.next('queue-empty');
    await output.play();
    await empty;
    expect(readWav(harness.wavPath).samples).toEqual(signalFrames(SINE, 2, 0, 5_000));
  });

  it('scales a mono track after copying it to both channels, and keeps the trim exact', async () => {
    harness = await startHarness('wav');
    const { output } = harness;
    const gain = 0.5;
    await output.queue(trackOf(1, filledRing(SINE, 2_500, { channels: 1, lead: 100, trail: 37 }), { gain, delay: 100, padding: 37 }));
    const empty = output.next('queue-empty');
    await output.play();
    await empty;
    const mono = signalFrames(SINE, 1, 0, 2_500);
    expect(readWav(harness.wavPath).samples).toEqual(Float32Array.from({ length: 5_000 }, (_, index) => (mono[index >> 1] as number) * gain));
  });

  it('scales a track that is resampled before the resampler, as the offline resampler makes it', async () => {
    harness = await startHarness('wav');
    const sine44k: TestSignal = { kind: 'sine', hz: 1_000, rate: 44_100, amplitude: 0.5 };
    const gain = 10 ** (-9 / 20);
    await harness.output.queue(trackOf(1, filledRing(sine44k, 6_000), { format: { sampleRate: 44_100, channels: 2 }, gain }));
    const empty = harness.output.next('queue-empty');
    await harness.output.play();
    await empty;
    const resampler = new Resampler({ channels: 2, inputRate: 44_100, outputRate: 48_000 });
    const expected = new Float32Array(resampler.totalOutputFrames(6_000) * 2);
    const produced = resampler.process(scaled(signalFrames(sine44k, 2, 0, 6_000), gain), 6_000, expected).produced;
    resampler.flush(expected.subarray(produced * 2));
    expect(readWav(harness.wavPath).samples).toEqual(expected);
  });

  it('refuses a gain that is not a usable factor, saying which track', async () => {
    harness = await startHarness('wav');
    await expect(harness.output.queue(trackOf(3, filledRing(SINE, 100), { gain: Number.NaN }))).rejects.toThrow(/track 3: its gain must be a factor between 0 and 16, got NaN/);
    await expect(harness.output.queue(trackOf(4, filledRing(SINE, 100), { gain: -1 }))).rejects.toThrow(/track 4: its gain must be/);
  });
});
