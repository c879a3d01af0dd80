/** Shared setup for audio worker tests: a real AudioOutput, rings filled from test signals, an event log. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AudioEvent, QueuedTrack } from '../audio-messages.ts';
import { AudioOutput } from '../audio-output.ts';
import { PcmRing } from '../pcm-ring.ts';
import type { PcmFormat } from '../sink.ts';
import { signalFrames, type TestSignal } from './signals.ts';

export const STEREO_48K: PcmFormat = { sampleRate: 48_000, channels: 2 };
export const SINE: TestSignal = { kind: 'sine', hz: 441, rate: 48_000, amplitude: 0.5 };

export interface Harness {
  output: AudioOutput;
  events: AudioEvent[];
  wavPath: string;
  dispose(): Promise<void>;
}

const EVENT_TYPES: AudioEvent['type'][] = ['state', 'track-started', 'track-ended', 'queue-empty', 'position', 'levels', 'underrun', 'sink-failed', 'error'];

/** Starts an audio worker with `spec` (`wav` means a WAV file in a fresh temp dir). */
export async function startHarness(spec: 'wav' | 'null', format = STEREO_48K, blockFrames = 512): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'fugue-audio-'));
  const wavPath = join(dir, 'out.wav');
  const output = new AudioOutput('fugue-audio-test');
  const events: AudioEvent[] = [];
  for (const type of EVENT_TYPES) output.on(type, (event) => events.push(event));
  await output.openSink(spec === 'wav' ? `wav:${wavPath}` : 'null', format, 30, blockFrames);
  return {
    output,
    events,
    wavPath,
    async dispose() {
      await output.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A ring holding frames `[from, from + frames)` of `signal`, with optional junk around it; ended unless `open`. */
export function filledRing(signal: TestSignal, frames: number, options: { from?: number; channels?: number; lead?: number; trail?: number; junk?: number; open?: boolean } = {}): PcmRing {
  const channels = options.channels ?? 2;
  const lead = options.lead ?? 0;
  const trail = options.trail ?? 0;
  const ring = PcmRing.create(channels, lead + frames + trail + 1);
  const junk = new Float32Array(Math.max(lead, trail) * channels).fill(options.junk ?? 0.875);
  ring.write(junk, lead);
  ring.write(signalFrames(signal, channels, options.from ?? 0, frames));
  ring.write(junk, trail);
  if (!options.open) ring.end();
  return ring;
}

export function trackOf(token: number, ring: PcmRing, extra: Partial<QueuedTrack> = {}): QueuedTrack {
  return { token, ring: ring.shared, format: { sampleRate: 48_000, channels: ring.channels }, delay: 0, padding: 0, ...extra };
}

/** Waits (yielding to the event loop) until `condition` holds: state, never a duration. */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 1));
}

/** Events of the kinds that follow playback order (no position/levels sampling). */
export function orderedEvents(events: AudioEvent[]): string[] {
  return events.flatMap((event) => {
    switch (event.type) {
      case 'state':
        return [`state:${event.state}`];
      case 'track-started':
        return [`started:${event.token}@${event.outputFrame}`];
      case 'track-ended':
        return [`ended:${event.token}@${event.outputFrame}/${event.frames}`];
      case 'queue-empty':
        return [`queue-empty@${event.outputFrame}`];
      case 'error':
        return [`error:${event.error.message}`];
      default:
        return [];
    }
  });
}
