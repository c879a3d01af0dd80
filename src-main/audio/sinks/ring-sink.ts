/**
 * The audio worker's end of a plugin sink. A plugin's `sink.write` runs in the plugin's
 * component worker, and the audio worker never waits on a message, so the pump's blocks
 * go into a SPSC PCM ring instead; the main thread's PluginSinkFeeder keeps asking the
 * plugin's worker to take frames out of that ring (the `from` call option), so audio
 * never crosses the main thread. This sink paces the pump by the ring's free space: it
 * takes a block while another whole block fits, then polls the ring on a short timer (the
 * ring notifies only a sleeping producer, and the audio worker must not sleep).
 *
 * A few Int32 cells shared with the feeder ({@link RingSinkStatus}) carry what only the
 * plugin knows (frames it has queued), drain requests and their answers, and failure.
 */
import { PcmRing, type PcmRingShared } from '../pcm-ring.ts';
import type { AudioSink, PcmFormat, SinkFailure } from '../sink.ts';

/** What the audio worker needs to open a ring sink (structured-cloneable). */
export interface RingSinkShared {
  /** Shown in events and logs, e.g. `plugin:org.fugue.wav-recorder/wav-recorder`. */
  name: string;
  ring: PcmRingShared;
  /** The cells of a {@link RingSinkStatus}. */
  status: SharedArrayBuffer;
  /** A starved ring pads with silence (a live output) rather than waiting (a recorder). */
  realtime: boolean;
}

const PLUGIN_QUEUED = 0;
const DRAIN_REQUESTED = 1;
const DRAINED = 2;
const FAILED = 3;
const CLOSED = 4;
const CELLS = 8;

/** The cells a ring sink and its feeder share; both sides wrap the same buffer. */
export class RingSinkStatus {
  private readonly cells: Int32Array;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(CELLS * 4)) {
    this.cells = new Int32Array(buffer, 0, CELLS);
  }

  /** Feeder: frames the plugin says it holds and has not played. */
  setPluginQueued(frames: number): void {
    Atomics.store(this.cells, PLUGIN_QUEUED, Math.max(0, Math.min(frames, 0x7fffffff)) | 0);
  }

  pluginQueued(): number {
    return Atomics.load(this.cells, PLUGIN_QUEUED);
  }

  /** Sink: asks for everything written to be played; returns the request's number. */
  requestDrain(): number {
    return Atomics.add(this.cells, DRAIN_REQUESTED, 1) + 1;
  }

  /** Feeder: the drain request it should answer next, if one is pending. */
  pendingDrain(): number | undefined {
    const requested = Atomics.load(this.cells, DRAIN_REQUESTED);
    return requested !== Atomics.load(this.cells, DRAINED) ? requested : undefined;
  }

  /** Feeder: the plugin drained everything written before request `request`. */
  drained(request: number): void {
    Atomics.store(this.cells, DRAINED, request);
  }

  isDrained(request: number): boolean {
    return Atomics.load(this.cells, DRAINED) - request >= 0;
  }

  /** Feeder: the plugin sink failed; the sink stops taking blocks until it is replaced. */
  fail(): void {
    Atomics.store(this.cells, FAILED, 1);
  }

  isFailed(): boolean {
    return Atomics.load(this.cells, FAILED) !== 0;
  }

  /** Sink: the audio worker closed it (another sink replaced it); the feeder stops. */
  close(): void {
    Atomics.store(this.cells, CLOSED, 1);
  }

  isClosed(): boolean {
    return Atomics.load(this.cells, CLOSED) !== 0;
  }
}

/** How often a waiting ring sink looks at the ring (a block at 48 kHz is ~2.7–10.7 ms). */
const POLL_MS = 2;

export class RingSink implements AudioSink {
  readonly name: string;
  private readonly ring: PcmRing;
  private readonly status: RingSinkStatus;
  /** The largest block seen: the space the sink keeps free before it takes another. */
  private blockFrames = 1;
  /** Frames of a block that did not fit (only if a block outgrows the ring's free space). */
  private overflow = new Float32Array(0);
  private overflowFrames = 0;
  private readyCallback: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    shared: RingSinkShared,
    readonly format: PcmFormat,
  ) {
    this.name = shared.name;
    this.ring = PcmRing.attach(shared.ring);
    this.status = new RingSinkStatus(shared.status);
    if (this.ring.channels !== format.channels) {
      throw new RangeError(`the plugin sink's ring has ${this.ring.channels} channels but the sink was opened with ${format.channels}`);
    }
  }

  write(samples: Float32Array): boolean {
    if (this.closed || this.status.isFailed()) return false;
    const channels = this.format.channels;
    const frames = samples.length / channels;
    if (frames > this.blockFrames) this.blockFrames = Math.min(frames, this.ring.capacityFrames);
    const written = this.overflowFrames > 0 ? 0 : this.ring.write(samples, frames);
    if (written < frames) this.keep(samples, written, frames - written);
    if (this.overflowFrames === 0 && this.ring.freeFrames() >= this.blockFrames) return true;
    this.waitForSpace();
    return false;
  }

  onReady(callback: () => void): void {
    this.readyCallback = callback;
  }

  onFailure(_callback: (failure: SinkFailure) => void): void {
    // The feeder on the main thread sees the plugin fail and replaces this sink with the
    // fallback output; until then `write` refuses blocks, so nothing is lost to a dead ring.
  }

  queuedFrames(): number {
    return this.ring.availableFrames() + this.overflowFrames + this.status.pluginQueued();
  }

  drain(): Promise<void> {
    const request = this.status.requestDrain();
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.closed || this.status.isFailed() || this.status.isDrained(request)) resolve();
        else setTimeout(check, POLL_MS);
      };
      check();
    });
  }

  dispose(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.readyCallback = undefined;
    this.status.close();
  }

  /** Holds the frames of a block that did not fit; written first when space frees. */
  private keep(samples: Float32Array, fromFrame: number, frames: number): void {
    const channels = this.format.channels;
    const needed = (this.overflowFrames + frames) * channels;
    if (this.overflow.length < needed) {
      // Only when a block is larger than the ring had room for: rare, so allocating here is fine.
      const grown = new Float32Array(needed);
      grown.set(this.overflow.subarray(0, this.overflowFrames * channels));
      this.overflow = grown;
    }
    this.overflow.set(samples.subarray(fromFrame * channels, (fromFrame + frames) * channels), this.overflowFrames * channels);
    this.overflowFrames += frames;
  }

  private flushOverflow(): void {
    if (this.overflowFrames === 0) return;
    const channels = this.format.channels;
    const written = this.ring.write(this.overflow, this.overflowFrames);
    if (written === 0) return;
    this.overflow.copyWithin(0, written * channels, this.overflowFrames * channels);
    this.overflowFrames -= written;
  }

  private waitForSpace(): void {
    if (this.timer !== undefined || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.closed || this.status.isFailed()) return;
      this.flushOverflow();
      if (this.overflowFrames === 0 && this.ring.freeFrames() >= this.blockFrames) this.readyCallback?.();
      else this.waitForSpace();
    }, POLL_MS);
  }
}

/** Opens the audio worker's end of a `plugin:` sink spec (sink-factory.ts calls it with the ring PluginOutput made). */
export function openRingSink(shared: RingSinkShared, format: PcmFormat): { sink: AudioSink; realtime: boolean } {
  return { sink: new RingSink(shared, format), realtime: shared.realtime };
}
