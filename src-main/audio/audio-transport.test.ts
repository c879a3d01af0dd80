import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { PcmRing } from './pcm-ring.ts';
import { filledRing, orderedEvents, SINE, startHarness, trackOf, until, type Harness } from './testing/audio-harness.ts';
import { readWav } from './testing/read-wav.ts';
import type { RingWriterJob } from './testing/ring-writer.worker.ts';
import { signalFrames, type TestSignal } from './testing/signals.ts';
import { startTsWorker } from './ts-worker.ts';

const WRITER = new URL('./testing/ring-writer.worker.ts', import.meta.url);
const DC: TestSignal = { kind: 'dc', value: 0.5 };

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

/** Plays the first `frames` of `signal` from an open ring and waits until the worker has read them all. */
async function playUntilDry(h: Harness, signal: TestSignal, frames: number, capacity = 48_000): Promise<PcmRing> {
  const ring = PcmRing.create(2, capacity);
  ring.write(signalFrames(signal, 2, 0, frames));
  await h.output.queue(trackOf(1, ring));
  await h.output.play();
  await until(() => ring.availableFrames() === 0);
  return ring;
}

/** Largest sample-to-sample step on any channel. */
function maxStep(samples: Float32Array, channels = 2): number {
  let max = 0;
  for (let index = channels; index < samples.length; index++) max = Math.max(max, Math.abs((samples[index] as number) - (samples[index - channels] as number)));
  return max;
}

describe('audio worker transport', () => {
  it('ramps a volume change instead of stepping', async () => {
    harness = await startHarness('wav');
    const ring = await playUntilDry(harness, DC, 12_000);
    await harness.output.setVolume(0.2, 10);
    ring.write(signalFrames(DC, 2, 0, 12_000));
    ring.end();
    await harness.output.next('queue-empty');
    const samples = readWav(harness.wavPath).samples;
    expect(samples.length).toBe(24_000 * 2);
    expect(samples[0]).toBe(0.5);
    expect(samples.at(-1)).toBe(Math.fround(0.1));
    // 10 ms at 48 kHz is 480 frames: 0.5 × (1 − 0.2) spread over them, never one step.
    expect(maxStep(samples)).toBeLessThanOrEqual((0.5 * 0.8) / 480 + 1e-6);
    expect(samples.some((sample) => sample > 0.1 && sample < 0.5)).toBe(true);
  });

  it('pauses and resumes with fades, losing and repeating no frame', async () => {
    harness = await startHarness('wav');
    const { output, events } = harness;
    const ring = await playUntilDry(harness, SINE, 10_000);
    const paused = output.next('state', (event) => event.state === 'paused');
    await output.pause(10);
    await paused;
    ring.write(signalFrames(SINE, 2, 10_000, 10_000));
    ring.end();
    const empty = output.next('queue-empty');
    await output.play(10);
    await empty;
    const input = signalFrames(SINE, 2, 0, 20_000);
    const samples = readWav(harness.wavPath).samples;
    expect(samples.length).toBe(input.length);
    let faded = 0;
    for (let index = 0; index < input.length; index++) {
      const want = input[index] as number;
      const got = samples[index] as number;
      if (got === want) continue;
      faded++;
      // Inside a fade every sample is the input scaled by a gain in [0, 1].
      expect(Math.abs(got)).toBeLessThanOrEqual(Math.abs(want));
      expect(got * want).toBeGreaterThanOrEqual(0);
    }
    expect(faded).toBeGreaterThan(0);
    expect(faded).toBeLessThanOrEqual((512 + 480) * 2);
    expect(orderedEvents(events)).toEqual(['state:playing', 'started:1@0', 'state:paused', 'state:playing', 'ended:1@20000/20000', 'state:stopped', 'queue-empty@20000']);
  });

  it('seeks by switching rings with fades, and skips to another track at an exact frame', async () => {
    harness = await startHarness('wav');
    const { output, events } = harness;
    await playUntilDry(harness, SINE, 8_000);
    // Seek within track 1: a fresh ring from frame 30000, still being "decoded" (open).
    const seeked = filledRing(SINE, 6_000, { from: 30_000, open: true });
    await output.replaceCurrent(trackOf(1, seeked, { startFrame: 30_000 }), 5);
    await until(() => seeked.availableFrames() === 0);
    // Skip to track 2 while track 1 is still playing.
    const empty = output.next('queue-empty');
    await output.replaceCurrent(trackOf(2, filledRing(SINE, 3_000, { from: 50_000 })), 5);
    await empty;
    expect(seeked.isAbandoned()).toBe(true);
    const samples = readWav(harness.wavPath).samples;
    // Every frame read is played, faded or not: none is dropped or repeated.
    expect(samples.length).toBe((8_000 + 6_000 + 3_000) * 2);
    // Before the first fade (at most one block) the audio is untouched; so is track 2 after its fade-in.
    expect(samples.subarray(0, (8_000 - 512) * 2)).toEqual(signalFrames(SINE, 2, 0, 8_000 - 512));
    expect(samples.subarray((8_000 + 6_000 + 240) * 2)).toEqual(signalFrames(SINE, 2, 50_240, 2_760));
    expect(orderedEvents(events)).toEqual([
      'state:playing',
      'started:1@0',
      'ended:1@14000/6000',
      'started:2@14000',
      'ended:2@17000/3000',
      'state:stopped',
      'queue-empty@17000',
    ]);
  });

  it('applies the DSP chain and bypasses a stage that throws', async () => {
    harness = await startHarness('wav');
    const { output, events } = harness;
    await output.setDsp({ module: new URL('./testing/negate-dsp.ts', import.meta.url).href, config: { failAfterBlocks: 3 } });
    await output.queue(trackOf(1, filledRing(SINE, 5_000)));
    const empty = output.next('queue-empty');
    await output.play();
    await empty;
    expect(readWav(harness.wavPath).samples).toEqual(signalFrames(SINE, 2, 0, 5_000).map((sample) => -sample));
    expect(orderedEvents(events)).toContain('error:the DSP stage broken failed and is bypassed: the test stage broke on purpose');
  });
});

describe('audio worker with the real-time null sink', () => {
  it('reports position and levels while playing, and stop fades, drains and abandons the ring', async () => {
    harness = await startHarness('null');
    const { output, events } = harness;
    const ring = filledRing(SINE, 48_000);
    await output.queue(trackOf(1, ring));
    const levels = output.next('levels');
    const moved = output.next('position', (event) => event.frame > 2_400);
    await output.play();
    expect((await levels).peak[0]).toBeCloseTo(0.5, 1);
    await moved;
    const stopped = output.next('state', (event) => event.state === 'stopped');
    await output.stop(10);
    await stopped;
    expect(ring.isAbandoned()).toBe(true);
    // After a stop, a newly queued track waits for play.
    await output.queue(trackOf(2, filledRing(SINE, 4_800)));
    expect(orderedEvents(events)).toEqual(['state:playing', 'started:1@0', 'state:stopped']);
    const frames = events.flatMap((event) => (event.type === 'position' ? [event.frame] : []));
    expect(frames).toEqual([...frames].sort((a, b) => a - b));
  });

  it('counts underruns when the decoder is starved, and still plays every frame', async () => {
    harness = await startHarness('null');
    const { output, events } = harness;
    const ring = PcmRing.create(2, 48_000);
    const job: RingWriterJob = { ring: ring.shared, signal: SINE, fromFrame: 0, frames: 9_600, chunkFrames: 480, stallAfterFrames: 2_400, stallMs: 250 };
    const exited = once(startTsWorker(WRITER, job, 'starved-writer'), 'exit');
    await until(() => ring.totalWritten() >= 2_400);
    await output.queue(trackOf(1, ring));
    const underrun = output.next('underrun');
    const empty = output.next('queue-empty');
    await output.play();
    expect((await underrun).count).toBeGreaterThan(0);
    await empty;
    await exited;
    const ended = events.find((event) => event.type === 'track-ended');
    expect(ended).toMatchObject({ token: 1, frames: 9_600 });
  });
});
