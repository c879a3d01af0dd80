/** Messages between a real-device test and its helper process (which relays to its worker). */
import type { SinkFailure } from '../sink.ts';
import type { DeviceEvent } from '../sinks/device-sink.ts';
import type { DeviceInfo } from '../sinks/devices.ts';

export type DeviceTestRequest =
  | { type: 'list' }
  | { type: 'open'; latencyMs: number; deviceId?: number; stallTimeoutMs?: number; maxReopenAttempts?: number }
  /** Plays a sine through the open sink, driven by its backpressure, then drains. */
  | { type: 'play'; hz: number; seconds: number; blockFrames: number; amplitude: number }
  | { type: 'close' };

/** What the worker measured while playing. */
export interface PlayReport {
  type: 'played';
  frames: number;
  /** Wall-clock ms (`performance.timeOrigin + now()`) of the first and last write. */
  firstWriteAt: number;
  lastWriteAt: number;
  /** Times `write` answered false (the pump waited for `onReady`). */
  backpressureWaits: number;
  starvedChunks: number;
  deviceUnderflows: number;
  /** The most `queuedFrames()` reported right after a write, and what it reports after drain. */
  maxQueuedFrames: number;
  queuedAfterDrain: number;
}

export type DeviceTestReply =
  | { type: 'devices'; devices: DeviceInfo[] }
  | { type: 'opened'; framesPerBuffer: number; chunkFrames: number; maxQueue: number; expectedLatencyFrames: number; sampleFormat: string }
  | PlayReport
  | { type: 'device-event'; event: DeviceEvent }
  | { type: 'failure'; failure: SinkFailure }
  | { type: 'closed' }
  | { type: 'error'; message: string }
  | { type: 'worker-exit'; code: number };
