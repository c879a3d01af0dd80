/**
 * An audio sink as the audio worker drives it. Sinks live inside the audio worker (the
 * built-in device output, a WAV file, a real-time null sink) and are fed interleaved f32
 * blocks by the worker's pump. The pump never awaits inside its per-block loop: it writes
 * while `write` returns true, then returns, and runs again when the sink calls `onReady`.
 */
import type { Disposable } from '../../src-shared/disposable.ts';

/** Interleaved f32 at a fixed rate and channel count. */
export interface PcmFormat {
  sampleRate: number;
  channels: number;
}

/** Why a sink stopped accepting audio for good (device gone, disk full, ...). */
export interface SinkFailure {
  message: string;
  /** Whether reopening later may work (a device that went away), as opposed to a bad path. */
  transient: boolean;
}

export interface AudioSink extends Disposable {
  /** Short name for events and logs, e.g. `default`, `null`, `wav:/tmp/out.wav`. */
  readonly name: string;
  /** The format the sink was opened with; the worker resamples/remaps to it. */
  readonly format: PcmFormat;
  /**
   * Takes one block (`samples.length` is a whole number of frames). The sink copies what it
   * keeps: the caller reuses the array. Returns false when the sink wants no more blocks
   * until it calls the `onReady` callback (its queue is full, or it paces in real time).
   */
  write(samples: Float32Array): boolean;
  /** Registers the callback the sink calls when it can take more blocks. */
  onReady(callback: () => void): void;
  /** Registers the callback the sink calls once when it fails. */
  onFailure(callback: (failure: SinkFailure) => void): void;
  /** Frames written but not yet audible (for position reporting). */
  queuedFrames(): number;
  /** Resolves when everything written has been played (or written to disk). */
  drain(): Promise<void>;
}
