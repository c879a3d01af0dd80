/**
 * The audio worker's pump: the per-block loop from the current track's ring through the
 * DSP chain and the gains into the sink. Inside the loop it does not allocate, await, log
 * or post: track events go to a preallocated journal, levels and position to preallocated
 * state, and {@link Pump.publish} turns them into messages after the loop, at most every
 * ~50 ms for position/levels/underruns (track events as soon as the turn ends). That keeps
 * the loop free of message cost while events stay within one turn of the audio.
 *
 * A turn writes blocks while the sink accepts them (up to a cap, then yields to let
 * commands in). A real-time sink paces by returning false and calling onReady; a file sink
 * never says no, so the cap keeps the worker responsive. The transport (pause, stop, seek)
 * is driven by {@link PumpTransport}, which also uses the fade ramp here.
 */
import type { AudioEvent } from './audio-messages.ts';
import type { DspStage } from './dsp-seam.ts';
import { BoundaryLog, EventJournal, TRACK_ENDED, TRACK_STARTED } from './event-journal.ts';
import { LevelMeter } from './levels.ts';
import { ResampleReader } from './resample-reader.ts';
import type { AudioSink } from './sink.ts';
import type { OpenedSink } from './sinks/sink-factory.ts';
import type { TrackSlot } from './track-slot.ts';
import { applyGains, GainRamp } from './volume-ramp.ts';

const MAX_BLOCKS_PER_TURN = 64;
/** A file sink waiting on a starved ring polls this often (it must not pad with silence). */
const STARVED_RETRY_MS = 1;
const PUBLISH_INTERVAL_MS = 50;

const FULL = 0;
const WAIT = 1;
const EXHAUSTED = 2;

export class Pump {
  sink: AudioSink | undefined;
  realtime = true;
  current: TrackSlot | undefined;
  readonly queue: TrackSlot[] = [];
  readonly volume = new GainRamp(1);
  readonly fade = new GainRamp(1);
  readonly journal = new EventJournal();
  readonly boundaries = new BoundaryLog();
  /** Whether the loop should run at all (the transport says). */
  running = false;
  /** The block must end where the fade reaches its target (pause, stop, seek). */
  cutAtFadeEnd = false;
  /** Called after a block, outside the sample loop, when a fade ended with `cutAtFadeEnd`. */
  onFadeDone: () => void = () => {};
  /** Called when the queue ran out: the last block went to the sink. */
  onExhausted: () => void = () => {};
  /** Called after the loop when the sink's write threw. */
  onSinkError: (error: unknown) => void = () => {};
  private sinkError: unknown;
  outputFrames = 0;
  underruns = 0;
  private block = new Float32Array(0);
  private outputRate = 48_000;
  private resampling = new ResampleReader(48_000, 1);
  private blockFrames = 0;
  private channels = 1;
  private views: (Float32Array | undefined)[] = [];
  private fill = 0;
  private stages: DspStage[] = [];
  private failedStages: { stage: DspStage; error: unknown }[] = [];
  private meter = new LevelMeter(1, 1);
  private waitingForSink = false;
  private scheduled = false;
  private turning = false;
  private lastPublish = 0;
  private postedUnderruns = 0;

  constructor(private readonly post: (event: AudioEvent) => void) {}

  /** Uses `opened` from now on, with blocks of `blockFrames` frames. */
  attachSink(opened: OpenedSink, blockFrames: number): void {
    const { sink } = opened;
    this.sink = sink;
    this.realtime = opened.realtime;
    this.channels = sink.format.channels;
    this.outputRate = sink.format.sampleRate;
    this.resampling = new ResampleReader(this.outputRate, this.channels);
    this.blockFrames = blockFrames;
    this.block = new Float32Array(blockFrames * this.channels);
    this.views = [];
    this.fill = 0;
    this.waitingForSink = false;
    this.meter = new LevelMeter(this.channels, Math.max(blockFrames, Math.round(sink.format.sampleRate / 20)));
    sink.onReady(() => {
      this.waitingForSink = false;
      if (!this.turning) this.turn();
    });
  }

  detachSink(): AudioSink | undefined {
    const sink = this.sink;
    this.sink = undefined;
    this.fill = 0;
    return sink;
  }

  /** Prepares resampling from `inputRate` to the sink's rate (outside the loop: it allocates). */
  prepareRate(inputRate: number): void {
    this.resampling.prepare(inputRate);
  }

  /** Cuts the resampled stream (seek, stop): the next track starts from fresh filter history. */
  resetResampling(): void {
    this.resampling.reset();
  }

  setStages(stages: DspStage[]): DspStage[] {
    const old = this.stages;
    this.stages = stages;
    return old;
  }

  resetStages(): void {
    for (const stage of this.stages) stage.reset?.();
  }

  /** Forgets frames read into the block but not written (their rings are being released). */
  discardPending(): void {
    this.fill = 0;
  }

  /** Frames already read into the block but not yet written (a file sink waiting on a ring). */
  get pendingFrames(): number {
    return this.fill;
  }

  /** Frames for `ms` milliseconds at the sink's rate. */
  framesFor(ms: number): number {
    return Math.round(((this.sink?.format.sampleRate ?? 48_000) * Math.max(0, ms)) / 1000);
  }

  /** Runs a turn soon (after the current message handler). */
  kick(): void {
    if (this.scheduled || this.waitingForSink || !this.running) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.turn();
    });
  }

  /** One turn of the loop: blocks until the sink says wait, the cap, or a transport change. */
  turn(): void {
    if (!this.sink || !this.running || this.waitingForSink) return;
    this.turning = true;
    let blocks = 0;
    try {
      while (blocks < MAX_BLOCKS_PER_TURN && this.running && !this.journal.nearlyFull) {
        const result = this.fillBlock();
        if (result === WAIT) return this.retryLater();
        if (this.fill > 0 && !this.emitBlock()) this.waitingForSink = true;
        if (result === EXHAUSTED) {
          this.onExhausted();
          break;
        }
        if (this.cutAtFadeEnd && this.fade.remainingFrames === 0) this.onFadeDone();
        if (this.waitingForSink) break;
        blocks++;
      }
      if (blocks === MAX_BLOCKS_PER_TURN || this.journal.nearlyFull) this.kick();
    } finally {
      this.turning = false;
      if (this.sinkError !== undefined) this.onSinkError(this.sinkError);
      this.sinkError = undefined;
      this.publish();
    }
  }

  /** Starts the next queued track; returns it (journals the end of the one before). */
  advance(): TrackSlot | undefined {
    const slot = this.current;
    if (slot) {
      if (!slot.announced) this.journal.record(TRACK_STARTED, slot.token, this.outputFrames + this.fill, 0);
      this.journal.record(TRACK_ENDED, slot.token, this.outputFrames + this.fill, slot.framesRead);
      slot.release();
    }
    this.current = this.queue.shift();
    return this.current;
  }

  /** Posts journaled track events, and position/levels/underruns when due. */
  publish(force = false): void {
    this.journal.drain((kind, token, outputFrame, frames) => {
      if (kind === TRACK_STARTED) this.post({ type: 'track-started', token, outputFrame });
      else this.post({ type: 'track-ended', token, outputFrame, frames });
    });
    for (const { stage, error } of this.failedStages.splice(0)) {
      const message = `the DSP stage ${stage.name} failed and is bypassed: ${error instanceof Error ? error.message : String(error)}`;
      this.post({ type: 'error', error: { code: 'plugin-failed', message } });
    }
    for (const stage of this.stages) {
      const taken = stage.takeEvents?.();
      for (const event of taken?.events ?? []) this.post({ type: 'dsp', kind: event.kind, effect: event.stage, message: event.message });
    }
    const now = performance.now();
    if (!force && now - this.lastPublish < PUBLISH_INTERVAL_MS) return;
    this.lastPublish = now;
    if (this.underruns !== this.postedUnderruns) {
      this.postedUnderruns = this.underruns;
      this.post({ type: 'underrun', count: this.underruns });
    }
    if (this.meter.takeFresh()) this.post({ type: 'levels', peak: [...this.meter.peak], rms: [...this.meter.rms] });
    if (this.sink && this.running) {
      const audible = this.outputFrames - this.sink.queuedFrames();
      const position = this.boundaries.locate(audible, this.sink.format.sampleRate);
      if (position) this.post({ type: 'position', ...position });
    }
  }

  private retryLater(): void {
    // Only file sinks wait for a starved ring (real-time ones pad with silence).
    this.scheduled = true;
    setTimeout(() => {
      this.scheduled = false;
      this.turn();
    }, STARVED_RETRY_MS);
  }

  private fillBlock(): number {
    const limit = this.cutAtFadeEnd && this.fade.remainingFrames > 0 ? Math.min(this.blockFrames, this.fade.remainingFrames) : this.blockFrames;
    while (this.fill < limit) {
      const slot = this.current;
      if (!slot) return EXHAUSTED;
      const offset = this.fill;
      const resampled = slot.format.sampleRate !== this.outputRate;
      const count = resampled ? this.resampling.read(slot, this.block, limit - offset, offset) : slot.read(this.block, limit - offset, offset);
      if (count > 0 && !slot.announced) this.announce(slot, offset);
      this.fill += count;
      if (this.fill >= limit) break;
      if (slot.isFinished()) {
        if (resampled && !this.streamContinues(slot)) {
          // The rate changes or the queue ends: the filter's tail belongs to this track.
          this.fill += this.resampling.flush(this.block, limit - this.fill, this.fill);
          if (!this.resampling.done) break;
        }
        this.advance();
        continue;
      }
      if (this.realtime) this.padWithSilence(limit, slot);
      else if (this.cutAtFadeEnd) {
        // A file sink has nothing more to fade (the ring is dry): the fade ends with what is here.
        this.fade.rampTo(this.fade.target, this.fill);
        return FULL;
      } else return WAIT;
    }
    return FULL;
  }

  private announce(slot: TrackSlot, offset: number): void {
    slot.announced = true;
    this.journal.record(TRACK_STARTED, slot.token, this.outputFrames + offset, 0);
    this.boundaries.add(this.outputFrames + offset, slot.token, slot.startFrame, slot.format.sampleRate);
  }

  /** The next track has the same rate, so the resampler runs on across the join. */
  private streamContinues(slot: TrackSlot): boolean {
    const next = this.queue[0];
    return next !== undefined && next.format.sampleRate === slot.format.sampleRate;
  }

  /** The ring ran dry while playing: fill the block with silence, count it, re-anchor the position. */
  private padWithSilence(limit: number, slot: TrackSlot): void {
    this.block.fill(0, this.fill * this.channels, limit * this.channels);
    this.fill = limit;
    this.underruns++;
    if (slot.announced) this.boundaries.add(this.outputFrames + limit, slot.token, slot.startFrame + slot.framesRead, slot.format.sampleRate);
  }

  private emitBlock(): boolean {
    const frames = this.fill;
    const stages = this.stages;
    for (let index = 0; index < stages.length; index++) {
      const stage = stages[index] as DspStage;
      try {
        stage.process(this.block, frames);
      } catch (error) {
        // A broken stage is bypassed, never allowed to stop playback; reported after the loop.
        this.stages = stages.filter((other) => other !== stage);
        this.failedStages.push({ stage, error });
      }
    }
    applyGains(this.block, frames, this.channels, this.volume, this.fade);
    this.meter.measure(this.block, frames);
    this.outputFrames += frames;
    this.fill = 0;
    try {
      return (this.sink as AudioSink).write(this.view(frames));
    } catch (error) {
      // A sink that throws is a failed sink: stop here, report after the loop.
      this.sinkError = error;
      this.running = false;
      return false;
    }
  }

  private view(frames: number): Float32Array {
    if (frames === this.blockFrames) return this.block;
    // Partial blocks (fade cut, queue end) get a view made once per length and reused.
    let view = this.views[frames];
    if (!view) {
      view = this.block.subarray(0, frames * this.channels);
      this.views[frames] = view;
    }
    return view;
  }
}
