/**
 * What the main thread and the audio worker say to each other. Every command carries an
 * `id` and is answered by one `reply` (with an error when it failed); everything else the
 * worker sends is an event. Frames in events are counted at the track's own rate
 * (`frame`) or on the sink's output timeline (`outputFrame`: frames written to the sink
 * since it was opened).
 */
import type { FugueErrorData } from '../../src-shared/errors.ts';
import type { PcmRingShared } from './pcm-ring.ts';
import type { PcmFormat } from './sink.ts';
import type { DeviceInfo } from './sinks/devices.ts';
import type { RingSinkShared } from './sinks/ring-sink.ts';

/** One decoder session's PCM, queued for playback. */
export interface QueuedTrack {
  /** Identifies the track in events (the engine's queue entry; a seek keeps the token). */
  token: number;
  ring: PcmRingShared;
  /**
   * Any rate (resampled to the sink's, one resampler across same-rate joins); the sink's
   * channel count, or mono on either side (copied to every channel, or averaged).
   */
  format: PcmFormat;
  /** Encoder delay: leading frames to drop. */
  delay: number;
  /** Encoder padding: trailing frames never to play (must be smaller than the ring). */
  padding: number;
  /** Track frame of the ring's first frame after `delay` (non-zero after a seek). */
  startFrame?: number;
  /**
   * Linear factor for this track's frames (ReplayGain, computed by the Player), 0…16;
   * default 1, which leaves the samples bit-exact. Applied from the track's first frame
   * to its last, before the DSP chain, with no ramp at the join (see track-slot.ts).
   */
  gain?: number;
}

/** Where `set-dsp` finds the chain: a module exporting `createDspStages` (see dsp-seam.ts). */
export interface DspChainSpec {
  /** File URL of the module. */
  module: string;
  /** Passed to `createDspStages` as is. */
  config: unknown;
}

export type AudioCommandBody =
  /** `plugin` carries a plugin sink's ring (spec `plugin:<id>/<type>`, see plugin-sink/plugin-output.ts). */
  | { type: 'open-sink'; spec: string; format: PcmFormat; latencyMs: number; blockFrames?: number; plugin?: RingSinkShared }
  | { type: 'queue'; track: QueuedTrack }
  | { type: 'replace-current'; track: QueuedTrack; rampMs?: number }
  | { type: 'clear-queue' }
  | { type: 'play'; rampMs?: number }
  | { type: 'pause'; rampMs?: number }
  | { type: 'stop'; rampMs?: number }
  | { type: 'set-volume'; gain: number; rampMs?: number }
  | { type: 'set-dsp'; chain: DspChainSpec | null }
  /** Answered by a `devices` event before the reply (naudiodon lives in the audio worker only). */
  | { type: 'list-devices' }
  | { type: 'close' };

export type AudioCommand = AudioCommandBody & { id: number };

/** `stopped`: nothing plays (initially, after stop, after the queue ran out). */
export type PlaybackState = 'stopped' | 'playing' | 'paused';

export type AudioEvent =
  | { type: 'state'; state: PlaybackState }
  /** The track's first frame was written to the sink at `outputFrame`. */
  | { type: 'track-started'; token: number; outputFrame: number }
  /** The track's last frame ended at `outputFrame`; `frames` were played from its latest ring (since its last seek). */
  | { type: 'track-ended'; token: number; outputFrame: number; frames: number }
  /** Everything queued was played and the sink has drained. */
  | { type: 'queue-empty'; outputFrame: number }
  /** The audible position: `frame` of track `token`, at the track's `sampleRate`. */
  | { type: 'position'; token: number; frame: number; sampleRate: number }
  /** Per channel, over the last ~50 ms of output (after volume). */
  | { type: 'levels'; peak: number[]; rms: number[] }
  /** Blocks padded with silence because the ring was empty while playing (total since open). */
  | { type: 'underrun'; count: number }
  | { type: 'sink-failed'; sink: string; message: string; transient: boolean }
  /** The output devices PortAudio sees (answer to `list-devices`). */
  | { type: 'devices'; devices: DeviceInfo[] }
  /** An effect was bypassed (it failed, trapped or overran its time), reset, or reported a soft error. */
  | { type: 'dsp'; kind: 'bypassed' | 'reset' | 'soft-error'; effect: string; message: string }
  | { type: 'error'; error: FugueErrorData; token?: number };

export type AudioWorkerMessage = AudioEvent | { type: 'reply'; id: number; error?: FugueErrorData };
