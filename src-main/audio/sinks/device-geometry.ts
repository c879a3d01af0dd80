/**
 * How a latency target becomes naudiodon settings, and the reusable chunk buffers.
 *
 * Measured through PulseAudio (../shared/TOOLCHAIN.md, device-latency.ts): below naudiodon's
 * queue, PortAudio's ALSA buffer and the sound server hold about two periods of
 * `framesPerBuffer` (write→capture latency minus the queue ahead, at periods of 512–4096);
 * `framesPerBuffer` ≥ 8192 produced no output. On a loaded machine the sound server itself
 * gets descheduled and only its own buffer covers that (PortAudio reports nothing; the
 * recording just has silence in it), so about three quarters of the target go to the device
 * buffer and the rest to naudiodon's queue, in chunks of a quarter period.
 */
import type { PcmFormat } from '../sink.ts';

/** Periods and chunks are multiples of this many frames. */
const FRAME_GRAIN = 256;
const MIN_PERIOD_FRAMES = 256;
const MAX_PERIOD_FRAMES = 4096;
const MIN_CHUNK_FRAMES = 256;
/** Two chunks queued let the callback find the next one while the worker wakes up. */
const MIN_QUEUE_CHUNKS = 2;
/** Periods PortAudio/ALSA/PulseAudio hold below naudiodon's queue (measured: about 2). */
const DEVICE_PERIODS = 2;
/** The part of the latency target given to the device buffer. */
const DEVICE_SHARE = 0.75;
/** The chunk in flight and the one being staged. */
const SINK_CHUNKS = 2;

export class StreamGeometry {
  /** PortAudio's period. */
  readonly framesPerBuffer: number;
  /** The size of every chunk sent to naudiodon. */
  readonly chunkFrames: number;
  /** naudiodon's queue length, in chunks. */
  readonly maxQueue: number;
  /** Frames buffered below naudiodon (PortAudio, ALSA, the sound server), estimated. */
  readonly deviceFrames: number;
  readonly deviceLatencyMs: number;
  private readonly chunkBytes: number;
  private chunkView: { of: ArrayBufferLike; view: Buffer } | undefined;

  constructor(format: PcmFormat, latencyMs: number) {
    const latencyFrames = Math.max(1, Math.round((latencyMs * format.sampleRate) / 1000));
    this.framesPerBuffer = clamp(floorTo(FRAME_GRAIN, (latencyFrames * DEVICE_SHARE) / DEVICE_PERIODS), MIN_PERIOD_FRAMES, MAX_PERIOD_FRAMES);
    this.chunkFrames = Math.max(MIN_CHUNK_FRAMES, floorTo(FRAME_GRAIN, this.framesPerBuffer / 4));
    this.deviceFrames = DEVICE_PERIODS * this.framesPerBuffer;
    const queueFrames = latencyFrames - this.deviceFrames - SINK_CHUNKS * this.chunkFrames;
    this.maxQueue = Math.max(MIN_QUEUE_CHUNKS, Math.floor(queueFrames / this.chunkFrames));
    this.deviceLatencyMs = (this.deviceFrames * 1000) / format.sampleRate;
    this.chunkBytes = this.chunkFrames * format.channels * Float32Array.BYTES_PER_ELEMENT;
  }

  /** The latency these settings give, from the pump's write to the device's output. */
  get expectedLatencyFrames(): number {
    return (this.maxQueue + SINK_CHUNKS) * this.chunkFrames + this.deviceFrames;
  }

  /** A Buffer over the first chunk of `staging` (kept until staging is replaced). */
  chunkOf(staging: Float32Array): Buffer {
    if (this.chunkView?.of !== staging.buffer) {
      this.chunkView = { of: staging.buffer, view: Buffer.from(staging.buffer, staging.byteOffset, this.chunkBytes) };
    }
    return this.chunkView.view;
  }

  forgetChunkView(): void {
    this.chunkView = undefined;
  }
}

/** Converts one chunk of f32 to 16-bit for devices that refuse float32 (into one reused Buffer). */
export class Int16Staging {
  private readonly samples: Int16Array;
  private readonly bytes: Buffer;

  constructor(samplesPerChunk: number) {
    this.samples = new Int16Array(samplesPerChunk);
    this.bytes = Buffer.from(this.samples.buffer);
  }

  convert(staging: Float32Array): Buffer {
    const out = this.samples;
    for (let index = 0; index < out.length; index++) {
      const value = staging[index] ?? 0;
      // Clip, then scale asymmetrically so ±1.0 map to the ends of the 16-bit range.
      const clipped = value > 1 ? 1 : value < -1 ? -1 : value;
      out[index] = clipped < 0 ? Math.round(clipped * 32768) : Math.round(clipped * 32767);
    }
    return this.bytes;
  }
}

function floorTo(grain: number, value: number): number {
  return Math.floor(value / grain) * grain;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
