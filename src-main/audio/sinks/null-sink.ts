/**
 * A sink that discards audio at real-time pace: it accepts blocks until about `latencyMs`
 * of audio is queued against a clock (frames written vs elapsed time × rate), then asks
 * the pump to wait and wakes it by timer when half of that has "played". For tests and
 * headless runs that must behave like a device without one.
 */
import type { AudioSink, PcmFormat, SinkFailure } from '../sink.ts';

/** Below this the timer granularity of Node makes a smaller queue pointless. */
const MIN_QUEUE_MS = 20;

export class NullSink implements AudioSink {
  readonly name = 'null';
  private readonly queueLimit: number;
  /** Clock origin: the time at which `playedBase` frames had played. */
  private origin = 0;
  private playedBase = 0;
  private written = 0;
  private readyCallback: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(
    readonly format: PcmFormat,
    latencyMs: number,
  ) {
    this.queueLimit = Math.ceil((Math.max(latencyMs, MIN_QUEUE_MS) * format.sampleRate) / 1000);
  }

  write(samples: Float32Array): boolean {
    if (this.disposed) return false;
    if (this.queuedFrames() === 0) {
      // The queue ran dry (start, pause, underrun): the clock restarts from now.
      this.origin = performance.now();
      this.playedBase = this.written;
    }
    this.written += samples.length / this.format.channels;
    const queued = this.queuedFrames();
    if (queued < this.queueLimit) return true;
    this.wakeAfter((queued - this.queueLimit / 2) / this.format.sampleRate);
    return false;
  }

  onReady(callback: () => void): void {
    this.readyCallback = callback;
  }

  onFailure(_callback: (failure: SinkFailure) => void): void {
    // Discarding cannot fail.
  }

  queuedFrames(): number {
    const played = this.playedBase + ((performance.now() - this.origin) * this.format.sampleRate) / 1000;
    return Math.max(0, Math.ceil(this.written - played));
  }

  drain(): Promise<void> {
    const seconds = this.queuedFrames() / this.format.sampleRate;
    return new Promise((resolve) => setTimeout(resolve, Math.ceil(seconds * 1000)));
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.readyCallback = undefined;
  }

  private wakeAfter(seconds: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.readyCallback?.();
      },
      Math.max(1, Math.floor(seconds * 1000)),
    );
  }
}
