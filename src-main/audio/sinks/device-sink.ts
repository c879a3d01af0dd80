/**
 * The built-in device output: a naudiodon stream ({@link DeviceStream}) that reopens itself
 * with backoff when the device goes away. Loaded by the audio worker only (sink-factory.ts
 * imports it dynamically), because naudiodon must live in one thread for the process's life.
 *
 * While the device is gone the sink drops what it is given and answers `write` with false,
 * so the pump stops; `onReady` fires once the device is back. `onFailure` fires only when
 * reopening gives up.
 */
import { FugueError } from '../../../src-shared/errors.ts';
import type { AudioSink, PcmFormat, SinkFailure } from '../sink.ts';
import { DeviceStream } from './device-stream.ts';
import { loadNaudiodon, type Naudiodon } from './devices.ts';

export { listDevices, type DeviceInfo } from './devices.ts';

export interface DeviceSinkOptions {
  /** PortAudio device index from {@link listDevices}; omitted or -1 for the default output. */
  deviceId?: number;
  format: PcmFormat;
  /** Write-to-output latency target; lower means more underruns on a busy machine. */
  latencyMs: number;
  /** Reopen attempts after the device goes away before `onFailure` (default 20, ~1 min). */
  maxReopenAttempts?: number;
  /** Passed to the stream: how long a write may wait before the device counts as gone. */
  stallTimeoutMs?: number;
}

/** What happened to the device, for events and logs. */
export type DeviceEvent =
  | { kind: 'lost'; message: string }
  | { kind: 'reopen-failed'; attempt: number; message: string; retryInMs: number }
  | { kind: 'reopened'; attempts: number };

const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 5_000;
const DEFAULT_MAX_REOPEN_ATTEMPTS = 20;

/** Opens the device output now (throws a FugueError when no device can be opened). */
export function openDeviceSink(options: DeviceSinkOptions): ReopeningDeviceSink {
  return new ReopeningDeviceSink(loadNaudiodon(), options);
}

export class ReopeningDeviceSink implements AudioSink {
  readonly name: string;
  readonly format: PcmFormat;
  /** Times the device went away and came back. */
  reopens = 0;
  private stream: DeviceStream | undefined;
  private retry: NodeJS.Timeout | undefined;
  private attempts = 0;
  private disposed = false;
  private ready: (() => void) | undefined;
  private failure: ((failure: SinkFailure) => void) | undefined;
  private readonly listeners: ((event: DeviceEvent) => void)[] = [];

  constructor(
    private readonly naudiodon: Naudiodon,
    private readonly options: DeviceSinkOptions,
  ) {
    this.format = options.format;
    this.name = (options.deviceId ?? -1) < 0 ? 'default' : `device:${options.deviceId}`;
    try {
      this.stream = this.open();
    } catch (error) {
      throw new FugueError({
        code: 'io',
        message: `could not open the audio output ${this.name}: pick another device or check the system's sound settings`,
        cause: { message: String(error) },
      });
    }
  }

  /** The open stream (absent while the device is gone), for its counters. */
  get current(): DeviceStream | undefined {
    return this.stream;
  }

  /** Subscribes to device loss and recovery. */
  onDeviceEvent(listener: (event: DeviceEvent) => void): void {
    this.listeners.push(listener);
  }

  write(samples: Float32Array): boolean {
    return this.stream ? this.stream.write(samples) : false;
  }

  onReady(callback: () => void): void {
    this.ready = callback;
    this.stream?.onReady(callback);
  }

  onFailure(callback: (failure: SinkFailure) => void): void {
    this.failure = callback;
  }

  queuedFrames(): number {
    return this.stream?.queuedFrames() ?? 0;
  }

  drain(): Promise<void> {
    return this.stream?.drain() ?? Promise.resolve();
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.retry);
    const stream = this.stream;
    this.stream = undefined;
    await stream?.dispose();
  }

  private open(): DeviceStream {
    const stream = new DeviceStream(this.naudiodon, {
      deviceId: this.options.deviceId ?? -1,
      format: this.options.format,
      latencyMs: this.options.latencyMs,
      stallTimeoutMs: this.options.stallTimeoutMs,
    });
    stream.onFailure((failure) => this.lost(stream, failure));
    if (this.ready) stream.onReady(this.ready);
    return stream;
  }

  private lost(stream: DeviceStream, failure: SinkFailure): void {
    if (this.disposed || this.stream !== stream) return;
    this.stream = undefined;
    void stream.dispose();
    this.emit({ kind: 'lost', message: failure.message });
    this.attempts = 0;
    this.scheduleReopen(FIRST_RETRY_MS, failure.message);
  }

  private scheduleReopen(delayMs: number, lastMessage: string): void {
    const maxAttempts = this.options.maxReopenAttempts ?? DEFAULT_MAX_REOPEN_ATTEMPTS;
    if (this.attempts >= maxAttempts) {
      this.failure?.({ message: `${lastMessage}; gave up after ${this.attempts} reopen attempts`, transient: true });
      return;
    }
    this.retry = setTimeout(() => this.tryReopen(delayMs), delayMs);
  }

  private tryReopen(lastDelayMs: number): void {
    if (this.disposed) return;
    this.attempts++;
    try {
      this.stream = this.open();
    } catch (error) {
      const retryInMs = Math.min(MAX_RETRY_MS, lastDelayMs * 2);
      const message = `could not reopen the audio output ${this.name}: ${String(error)}`;
      this.emit({ kind: 'reopen-failed', attempt: this.attempts, message, retryInMs });
      this.scheduleReopen(retryInMs, message);
      return;
    }
    this.reopens++;
    this.emit({ kind: 'reopened', attempts: this.attempts });
    this.ready?.();
  }

  private emit(event: DeviceEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
