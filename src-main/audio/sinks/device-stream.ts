/**
 * One naudiodon output stream as an {@link AudioSink} (no reopening: see device-sink.ts).
 *
 * How naudiodon behaves, and why this class is shaped around it:
 * - A native `write` copies the chunk at once, then resolves when the chunk enters a queue
 *   of `maxQueue` chunks; it blocks a libuv threadpool thread while that queue is full. Its
 *   completions are the only sign of consumption, so exactly one write is in flight at a time.
 * - PortAudio's callback blocks when the queue is empty, so the device underruns, and the
 *   stream then stalled for over a second before playing again (through PulseAudio, as long
 *   as a fresh start takes: 0.8–1.9 s measured). So the stream never runs dry: when the pump
 *   has no full chunk ready, the sink sends what it has padded with silence. That keeps the
 *   queue full, which also makes completion k+maxQueue mean "chunk k reached the device".
 *   The cost: while open, the stream keeps one libuv threadpool thread (of the process's
 *   four by default) blocked in that write.
 * - When the device goes away (its sound server died), completions stop for good. A watchdog
 *   reports that as a transient failure. naudiodon 2.3.6 cannot release such a stream: its
 *   quit waits for a callback that never runs again, holding one threadpool thread forever,
 *   and the thread that loaded naudiodon can then no longer exit, nor can the process
 *   (`worker.terminate()`, `process.exit()` and `process.reallyExit()` hang; SIGKILL works).
 */
import type { AudioSink, PcmFormat, SinkFailure } from '../sink.ts';
import type { NativeAudioIO, Naudiodon } from './devices.ts';
import { Int16Staging, StreamGeometry } from './device-geometry.ts';

export interface DeviceStreamOptions {
  /** PortAudio device index; -1 opens the default output. */
  deviceId: number;
  format: PcmFormat;
  latencyMs: number;
  /** How long a write may wait for the device before the stream counts as lost. */
  stallTimeoutMs?: number;
}

/** A stuck write past this (or 4× the latency) means the device is gone. */
const MIN_STALL_TIMEOUT_MS = 3_000;
/** How much longer the watchdog waits for a stream that has not started yet. */
const STARTUP_STALL_FACTOR = 3;
/** How long dispose waits for naudiodon's quit before giving up on a stream that hangs. */
const QUIT_GRACE_MS = 2_000;

export class DeviceStream implements AudioSink {
  readonly name: string;
  readonly format: PcmFormat;
  readonly geometry: StreamGeometry;
  /** Chunks the device took while the pump had nothing ready (padded with silence). */
  starvedChunks = 0;
  /** Underflows PortAudio reported (the device ran dry despite the queue). */
  deviceUnderflows = 0;
  private readonly io: NativeAudioIO;
  private readonly int16: Int16Staging | undefined;
  private staging: Float32Array;
  private stagedFrames = 0;
  private inFlightSince = -1;
  private completed = 0;
  private sent = 0;
  /** Real (pump) frames in each of the last sent chunks, by sequence number modulo length. */
  private readonly realFramesBySeq: Int32Array;
  private writtenFrames = 0;
  private dequeuedFrames = 0;
  private lastRealDequeueAt = -Infinity;
  private readonly drains: { seq: number; resolve: () => void }[] = [];
  private readonly watchdog: NodeJS.Timeout;
  private readonly stallTimeoutMs: number;
  private ready: (() => void) | undefined;
  private failure: ((failure: SinkFailure) => void) | undefined;
  private state: 'open' | 'failed' | 'disposed' = 'open';

  constructor(naudiodon: Naudiodon, options: DeviceStreamOptions) {
    this.format = options.format;
    this.name = options.deviceId < 0 ? 'default' : `device:${options.deviceId}`;
    this.geometry = new StreamGeometry(options.format, options.latencyMs);
    const opened = openNative(naudiodon, options, this.geometry);
    this.io = opened.io;
    this.int16 = opened.int16 ? new Int16Staging(this.geometry.chunkFrames * options.format.channels) : undefined;
    this.staging = new Float32Array(this.geometry.chunkFrames * options.format.channels * 2);
    this.realFramesBySeq = new Int32Array(this.geometry.maxQueue + 2);
    this.stallTimeoutMs = options.stallTimeoutMs ?? Math.max(MIN_STALL_TIMEOUT_MS, 4 * options.latencyMs);
    this.watchdog = setInterval(() => this.checkStall(), Math.max(50, this.stallTimeoutMs / 4));
    this.io.start();
    this.sendNext();
  }

  /** Whether the stream was opened with 16-bit samples because the device refused float32. */
  get sampleFormat(): 'float32' | 'int16' {
    return this.int16 ? 'int16' : 'float32';
  }

  write(samples: Float32Array): boolean {
    if (this.state !== 'open') return false;
    const channels = this.format.channels;
    const needed = (this.stagedFrames * channels) + samples.length;
    if (needed > this.staging.length) this.growStaging(needed);
    this.staging.set(samples, this.stagedFrames * channels);
    this.stagedFrames += samples.length / channels;
    this.writtenFrames += samples.length / channels;
    if (this.inFlightSince < 0) this.sendNext();
    return this.stagedFrames < this.geometry.chunkFrames;
  }

  onReady(callback: () => void): void {
    this.ready = callback;
  }

  onFailure(callback: (failure: SinkFailure) => void): void {
    this.failure = callback;
  }

  queuedFrames(): number {
    // The device buffer was full of real audio at the last real dequeue and drains in real time.
    const sinceDequeueMs = performance.now() - this.lastRealDequeueAt;
    const inDevice = Math.max(0, this.geometry.deviceFrames - Math.round((sinceDequeueMs * this.format.sampleRate) / 1000));
    return this.writtenFrames - this.dequeuedFrames + inDevice;
  }

  drain(): Promise<void> {
    if (this.state !== 'open' || this.writtenFrames === this.dequeuedFrames) return this.settleDevice();
    // A write is always in flight, so the staged tail goes out in the next chunk(s), padded;
    // the last of them has reached the device once maxQueue more chunks entered the queue.
    const lastSeq = this.sent - 1 + Math.ceil(this.stagedFrames / this.geometry.chunkFrames);
    return new Promise<void>((resolve) => this.drains.push({ seq: lastSeq + this.geometry.maxQueue, resolve })).then(() => this.settleDevice());
  }

  async dispose(): Promise<void> {
    if (this.state === 'disposed') return;
    const wasOpen = this.state === 'open';
    this.state = 'disposed';
    clearInterval(this.watchdog);
    for (const waiter of this.drains.splice(0)) waiter.resolve();
    if (!wasOpen) return;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, QUIT_GRACE_MS)));
    await Promise.race([this.io.quit('ABORT'), grace]);
    clearTimeout(timer);
  }

  /** Sends the next chunk: a full one from the pump, or what is staged padded with silence. */
  private sendNext(): void {
    if (this.state !== 'open') return;
    const chunkFrames = this.geometry.chunkFrames;
    const channels = this.format.channels;
    const real = Math.min(this.stagedFrames, chunkFrames);
    if (real < chunkFrames) {
      this.staging.fill(0, real * channels, chunkFrames * channels);
      this.starvedChunks++;
    }
    const seq = this.sent++;
    this.realFramesBySeq[seq % this.realFramesBySeq.length] = real;
    const chunk = this.int16 ? this.int16.convert(this.staging) : this.geometry.chunkOf(this.staging);
    this.inFlightSince = performance.now();
    // naudiodon copied the chunk before returning, so staging is free to reuse now.
    this.io.write(chunk).then(
      (error) => this.completedWrite(error),
      (error: unknown) => this.fail(`naudiodon rejected a write: ${String(error)}`),
    );
    this.staging.copyWithin(0, real * channels, this.stagedFrames * channels);
    this.stagedFrames -= real;
  }

  private completedWrite(error: string | undefined): void {
    if (this.state !== 'open') return;
    this.inFlightSince = -1;
    const seq = this.completed++;
    if (error?.includes('underflow')) this.deviceUnderflows++;
    const reached = seq - this.geometry.maxQueue;
    if (reached >= 0) {
      const real = this.realFramesBySeq[reached % this.realFramesBySeq.length] ?? 0;
      this.dequeuedFrames += real;
      if (real > 0) this.lastRealDequeueAt = performance.now();
    }
    while (this.drains.length > 0 && (this.drains[0]?.seq ?? Infinity) <= seq) this.drains.shift()?.resolve();
    const wasFull = this.stagedFrames >= this.geometry.chunkFrames;
    this.sendNext();
    if (wasFull && this.stagedFrames < this.geometry.chunkFrames) this.ready?.();
  }

  private checkStall(): void {
    if (this.state !== 'open' || this.inFlightSince < 0) return;
    const waited = performance.now() - this.inFlightSince;
    // Until the device took its first chunk it may still be starting (1–2 s measured).
    const started = this.completed > this.geometry.maxQueue;
    if (waited < (started ? this.stallTimeoutMs : STARTUP_STALL_FACTOR * this.stallTimeoutMs)) return;
    this.fail(`the output device ${this.name} took no audio for ${Math.round(waited)} ms: it went away or its sound server stopped`);
  }

  private fail(message: string): void {
    if (this.state !== 'open') return;
    this.state = 'failed';
    clearInterval(this.watchdog);
    for (const waiter of this.drains.splice(0)) waiter.resolve();
    // Unblocks the stuck write; the quit itself then waits forever inside naudiodon (see top).
    void this.io.quit('ABORT');
    this.failure?.({ message, transient: true });
  }

  private settleDevice(): Promise<void> {
    if (this.state !== 'open') return Promise.resolve();
    // Timers may fire up to a millisecond early against performance.now().
    return new Promise((resolve) => setTimeout(resolve, Math.ceil(this.geometry.deviceLatencyMs) + 1));
  }

  private growStaging(samples: number): void {
    const grown = new Float32Array(samples + this.geometry.chunkFrames * this.format.channels);
    grown.set(this.staging.subarray(0, this.stagedFrames * this.format.channels));
    this.staging = grown;
    this.geometry.forgetChunkView();
  }
}

function openNative(naudiodon: Naudiodon, options: DeviceStreamOptions, geometry: StreamGeometry): { io: NativeAudioIO; int16: boolean } {
  const base = {
    deviceId: options.deviceId,
    sampleRate: options.format.sampleRate,
    channelCount: options.format.channels,
    framesPerBuffer: geometry.framesPerBuffer,
    maxQueue: geometry.maxQueue,
    // With closeOnError the status (e.g. "output underflow") comes back from write
    // instead of being printed; this class counts it and keeps going.
    closeOnError: true,
  };
  try {
    return { io: naudiodon.create({ outOptions: { ...base, sampleFormat: 1 } }), int16: false };
  } catch (error) {
    if (!String(error).includes('Format not supported')) throw error;
    return { io: naudiodon.create({ outOptions: { ...base, sampleFormat: 16 } }), int16: true };
  }
}
