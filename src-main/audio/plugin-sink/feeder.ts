/**
 * The main thread's half of a plugin sink: it keeps the plugin's `sink.write` busy with
 * the frames the audio worker's RingSink put in the PCM ring. It only schedules: each
 * `write` names the ring (`from`), and the plugin's worker takes the frames out of it
 * itself and consumes exactly as many as the plugin accepted, so no audio passes through
 * here and none is lost or repeated when the plugin takes part of a block.
 *
 * Backpressure: a write that accepts nothing means the plugin's queue is full, so the
 * feeder waits a little and asks again; an empty ring means it waits for audio. A drain
 * request from the RingSink is answered once the ring is empty and `sink.drain` returned.
 * Any failed call (an error, a trap, a deadline, the plugin unloaded) ends the feeder and
 * is reported once through `onFailure`.
 */
import type { Disposable } from '../../../src-shared/disposable.ts';
import { FugueError } from '../../../src-shared/errors.ts';
import type { PcmFromArg, ResourceRef } from '../../runtime/protocol.ts';
import type { CallOptions } from '../../scheduler/scheduled-component.ts';
import type { PcmRing } from '../pcm-ring.ts';
import type { RingSinkStatus } from '../sinks/ring-sink.ts';

/** The calls the feeder makes on the plugin's component (a ComponentInstance). */
export interface SinkCalls {
  callMethod(ref: ResourceRef, method: string, args?: unknown[], options?: CallOptions): Promise<unknown>;
}

export interface PluginSinkFeederOptions {
  calls: SinkCalls;
  /** The plugin's open `sink` resource. */
  sink: ResourceRef;
  ring: PcmRing;
  status: RingSinkStatus;
  /** Most frames one `write` offers; default 4096. */
  chunkFrames?: number;
  /** Wait after the plugin accepted nothing (its queue is full); default 5 ms. */
  backoffMs?: number;
  /** Wait when the ring is empty; default 2 ms, five times that after ~50 empty looks (paused). */
  idleMs?: number;
  /** How often the plugin's `queued-frames` is asked while it accepts audio; default 50 ms. */
  queuedEveryMs?: number;
  /** Called once when a call to the plugin failed; the feeder has stopped. */
  onFailure(error: FugueError): void;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class PluginSinkFeeder implements Disposable {
  /** Frames the plugin accepted. */
  framesAccepted = 0;
  /** Writes the plugin answered with 0 (its queue was full). */
  refusals = 0;
  private running: Promise<void> | undefined;
  private stopped = false;
  private lastQueued = 0;
  private emptyLooks = 0;

  constructor(private readonly options: PluginSinkFeederOptions) {}

  start(): void {
    this.running ??= this.run();
  }

  /** Resolves when the feeder has stopped (after dispose, a failure, or the sink closed). */
  get finished(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  /** Stops feeding; resolves when the call in flight has returned. */
  async dispose(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async run(): Promise<void> {
    try {
      while (!this.stopped && !this.options.status.isClosed()) await this.step();
    } catch (error) {
      if (this.stopped) return;
      this.stopped = true;
      this.options.status.fail();
      this.options.onFailure(error instanceof FugueError ? error : new FugueError({ code: 'plugin-failed', message: String(error) }));
    }
  }

  private async step(): Promise<void> {
    const { ring, status } = this.options;
    const available = ring.availableFrames();
    if (available === 0) {
      const drain = status.pendingDrain();
      const idleMs = this.options.idleMs ?? 2;
      // Paused or stopped: look less often, still well within the ring's length when audio resumes.
      if (drain === undefined) return sleep(this.emptyLooks++ < 50 ? idleMs : idleMs * 5);
      await this.call('drain');
      status.setPluginQueued(0);
      status.drained(drain);
      return;
    }
    this.emptyLooks = 0;
    const frames: PcmFromArg = { $pcmFrom: Math.min(available, this.options.chunkFrames ?? 4096) };
    const accepted = Number(await this.call('write', [frames], { from: ring.shared }));
    this.framesAccepted += accepted;
    if (accepted === 0) {
      this.refusals++;
      await this.updateQueued();
      return sleep(this.options.backoffMs ?? 5);
    }
    if (performance.now() - this.lastQueued >= (this.options.queuedEveryMs ?? 50)) await this.updateQueued();
  }

  private async updateQueued(): Promise<void> {
    this.lastQueued = performance.now();
    this.options.status.setPluginQueued(Number(await this.call('queued-frames')));
  }

  private call(method: string, args: unknown[] = [], options: CallOptions = {}): Promise<unknown> {
    return this.options.calls.callMethod(this.options.sink, method, args, options);
  }
}
