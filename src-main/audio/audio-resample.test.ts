import { afterEach, describe, expect, it } from 'vitest';
import { Resampler } from './resampler.ts';
import { filledRing, orderedEvents, startHarness, trackOf, type Harness } from './testing/audio-harness.ts';
import { readWav } from './testing/read-wav.ts';
import { signalFrames, type TestSignal } from './testing/signals.ts';

const SINE_44K: TestSignal = { kind: 'sine', hz: 1_000, rate: 44_100, amplitude: 0.5 };
const FORMAT_44K = { sampleRate: 44_100, channels: 2 };

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

/** What the resampler makes of a whole stream, offline: the reference. */
function resampledOffline(input: Float32Array): Float32Array {
  const resampler = new Resampler({ channels: 2, inputRate: 44_100, outputRate: 48_000 });
  const frames = input.length / 2;
  const out = new Float32Array(resampler.totalOutputFrames(frames) * 2);
  const produced = resampler.process(input, frames, out).produced;
  resampler.flush(out.subarray(produced * 2));
  return out;
}

describe('audio worker resampling to the sink rate', () => {
  it('plays a 44.1 kHz track into a 48 kHz sink as the resampler makes it, tail included', async () => {
    harness = await startHarness('wav');
    const input = signalFrames(SINE_44K, 2, 0, 10_000);
    await harness.output.queue(trackOf(1, filledRing(SINE_44K, 10_000), { format: FORMAT_44K }));
    const empty = harness.output.next('queue-empty');
    await harness.output.play();
    await empty;
    const samples = readWav(harness.wavPath).samples;
    expect(samples.length).toBe(Math.ceil((10_000 * 48_000) / 44_100) * 2);
    expect(samples).toEqual(resampledOffline(input));
  });

  it('keeps one resampler running across a gapless join of two 44.1 kHz tracks', async () => {
    harness = await startHarness('wav');
    const { output, events } = harness;
    const cut = 6_123;
    const total = 13_000;
    await output.queue(trackOf(1, filledRing(SINE_44K, cut), { format: FORMAT_44K }));
    await output.queue(trackOf(2, filledRing(SINE_44K, total - cut, { from: cut }), { format: FORMAT_44K }));
    const empty = output.next('queue-empty');
    await output.play();
    await empty;
    expect(readWav(harness.wavPath).samples).toEqual(resampledOffline(signalFrames(SINE_44K, 2, 0, total)));
    const outputFrames = Math.ceil((total * 48_000) / 44_100);
    expect(orderedEvents(events).at(-1)).toBe(`queue-empty@${outputFrames}`);
  });

  it('flushes the resampled track before a track at the sink rate, which then plays bit-exact', async () => {
    harness = await startHarness('wav');
    const { output } = harness;
    const sine48k: TestSignal = { kind: 'sine', hz: 441, rate: 48_000, amplitude: 0.5 };
    await output.queue(trackOf(1, filledRing(SINE_44K, 4_410), { format: FORMAT_44K }));
    await output.queue(trackOf(2, filledRing(sine48k, 5_000)));
    const empty = output.next('queue-empty');
    await output.play();
    await empty;
    const samples = readWav(harness.wavPath).samples;
    expect(samples.subarray(0, 4_800 * 2)).toEqual(resampledOffline(signalFrames(SINE_44K, 2, 0, 4_410)));
    expect(samples.subarray(4_800 * 2)).toEqual(signalFrames(sine48k, 2, 0, 5_000));
  });
});
