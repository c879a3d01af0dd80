/** Waiting on what a {@link Recording} of the test sink holds (its content, never a clock). */
import type { Recording } from './pulse.ts';
import { channelOf, toneSpan } from './tone-analysis.ts';

const RATE = 48_000;
const POLL_MS = 20;
/** Long enough for a loaded machine (the device starts ~1–2 s after opening, through PulseAudio). */
const WAIT_LIMIT_MS = 30_000;
/** Samples at or above this magnitude count as tone (a test tone's amplitude is ~0.5). */
export const TONE_THRESHOLD = 0.01;

/**
 * Resolves once the capture flows: a null sink's monitor sends nothing while the sink is
 * idle and drops the first moments after it wakes, so a tone should start only once the
 * device sink's own silence (it pads while starved) is arriving.
 */
export async function captureFlowing(recording: Recording): Promise<void> {
  const from = recording.frames;
  await until(() => recording.frames >= from + RATE / 10, () => `no audio reached the recorder (${recording.frames - from} frames)`);
}

/** Resolves with the left channel once a tone started in it. */
export async function toneStarted(recording: Recording): Promise<Float32Array> {
  let left: Float32Array = new Float32Array(0);
  await until(() => {
    left = channelOf(recording.samples(), 2, 0);
    return toneSpan(left, TONE_THRESHOLD) !== undefined;
  }, () => `no tone reached the recorder (${recording.frames} frames of silence)`);
  return left;
}

/** Resolves with the left channel once a tone started and then ended (100 ms of silence after it). */
export async function captureOfTone(recording: Recording): Promise<Float32Array> {
  let left: Float32Array = new Float32Array(0);
  await until(() => {
    left = channelOf(recording.samples(), 2, 0);
    const span = toneSpan(left, TONE_THRESHOLD);
    return span !== undefined && left.length > span.end + RATE / 10;
  }, () => `the tone did not end in the recording (${recording.frames} frames captured)`);
  return left;
}

async function until(done: () => boolean, failure: () => string): Promise<void> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${failure()} within ${WAIT_LIMIT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
