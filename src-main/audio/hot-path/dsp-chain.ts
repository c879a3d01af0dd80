/**
 * The DSP chain of the audio worker: stages run in order on one block, each from its own
 * input buffer to its own output buffer. Nothing is allocated per block in the steady
 * state (views are cached per block size). A stage that traps, returns an error code,
 * keeps asking for a reset, or repeatedly overruns its share of the block's duration is
 * bypassed — the block passes through it dry — and an event is recorded for the caller
 * (the audio worker reports events outside its per-block loop).
 *
 * A stage that never returns cannot be stopped from this thread: see `ChainProgress`, the
 * counters a watchdog on another thread reads to find and exclude it.
 */
import type { HotPathFormat } from './abi.ts';

/** What one `process` call of a stage came to. */
export const StageStatus = {
  Ok: 0,
  /** Output is unusable and the stage cannot go on (trap, error code, bad output). */
  Failed: 1,
  /** Output is unusable; the stage asks to be reset before the next block. */
  NeedsReset: 2,
  /** Output is usable, but the stage reports a recoverable problem. */
  SoftError: 3,
} as const;
export type StageStatus = (typeof StageStatus)[keyof typeof StageStatus];

/** One effect in the chain: a hot-path kernel, or (later) a component-path adapter. */
export interface DspStage {
  /** Who it is, for events (e.g. `org.fugue.eq/eq10`). */
  readonly label: string;
  /** `maxFrames × channels` samples the chain writes a block into. */
  readonly input: Float32Array;
  /** Where `process` leaves its output (may be `input` for an in-place stage). */
  readonly output: Float32Array;
  /** Processes `frames` frames from {@link input} to {@link output}. Must not throw. */
  process(frames: number): StageStatus;
  /** Why the last `process` did not return `Ok`. */
  readonly lastProblem: string;
  /** Clears state (seek, track change); false when the stage could not. */
  reset(): boolean;
  dispose(): void;
}

export type DspChainEventKind = 'bypassed' | 'reset' | 'soft-error';

export interface DspChainEvent {
  kind: DspChainEventKind;
  stage: string;
  /** Position of the stage in the chain. */
  index: number;
  /** Blocks processed before this one. */
  block: number;
  message: string;
}

export interface DspChainOptions {
  /** Share of a block's duration one stage may take before it counts an overrun (default 0.5). */
  budgetFraction?: number;
  /** Consecutive timed overruns that bypass a stage (default 4). */
  overrunLimit?: number;
  /** Time one block in this many (default 8): a clock read costs about as much as a small kernel call. */
  timeEvery?: number;
  /** Milliseconds, monotonic (default `performance.now`); tests pass their own. */
  clock?: () => number;
  /** NEED_RESET requests a stage may make before it is bypassed (default 3). */
  resetLimit?: number;
  /** Progress counters shared with a watchdog (see {@link ChainProgress}). */
  progress?: Int32Array;
  /** Events kept until {@link DspChain.takeEvents} (default 64; later ones are counted, not kept). */
  maxEvents?: number;
}

/**
 * Slots of the optional progress array (an `Int32Array` on a SharedArrayBuffer): a
 * watchdog on another thread sees `blocks` stop moving while `running` names the stage
 * (index + 1) that is stuck, terminates the audio worker and restarts it without that
 * stage. Written with plain stores: a watchdog needs them eventually, not at once.
 */
export const ChainProgress = { Blocks: 0, Running: 1 } as const;

interface StageSlot {
  stage: DspStage;
  bypassed: boolean;
  overruns: number;
  resets: number;
  /** `output` trimmed to the current block size. */
  outView: Float32Array;
}

export class DspChain {
  private readonly slots: StageSlot[];
  private readonly events: DspChainEvent[] = [];
  private droppedEvents = 0;
  private blocks = 0;
  private viewFrames = -1;
  /** The caller's block trimmed to the block size (when it passes a longer buffer). */
  private blockView: Float32Array | undefined;
  private blockViewOf: Float32Array | undefined;
  private readonly budgetFraction: number;
  private readonly overrunLimit: number;
  private readonly timeEvery: number;
  private readonly clock: () => number;
  private readonly resetLimit: number;
  private readonly maxEvents: number;
  private readonly progress: Int32Array | undefined;

  constructor(
    stages: readonly DspStage[],
    readonly format: HotPathFormat,
    options: DspChainOptions = {},
  ) {
    this.slots = stages.map((stage) => ({ stage, bypassed: false, overruns: 0, resets: 0, outView: stage.output }));
    this.budgetFraction = options.budgetFraction ?? 0.5;
    this.overrunLimit = options.overrunLimit ?? 4;
    this.timeEvery = Math.max(1, Math.floor(options.timeEvery ?? 8));
    this.clock = options.clock ?? (() => performance.now());
    this.resetLimit = options.resetLimit ?? 3;
    this.maxEvents = options.maxEvents ?? 64;
    this.progress = options.progress;
  }

  get length(): number {
    return this.slots.length;
  }

  /**
   * The first stage's input buffer: a caller that assembles its block there (and passes
   * it to {@link process}) saves the copy into the kernel's shared memory.
   */
  get input(): Float32Array | undefined {
    return this.slots[0]?.stage.input;
  }

  isBypassed(index: number): boolean {
    return this.slots[index]?.bypassed ?? false;
  }

  /** Bypasses (or restores) a stage, e.g. when the user switches an effect off. */
  setBypassed(index: number, bypassed: boolean): void {
    const slot = this.slots[index];
    if (slot === undefined) return;
    if (!bypassed && slot.bypassed) {
      slot.overruns = 0;
      slot.resets = 0;
      if (!slot.stage.reset()) return;
    }
    slot.bypassed = bypassed;
  }

  /**
   * Runs every active stage over `frames` frames of `block` (interleaved, at least
   * `frames × channels` samples) and returns the output: a view of the last active stage's
   * output, or `block` itself (a view of its first `frames` frames when it is longer) when
   * every stage is bypassed.
   */
  process(block: Float32Array, frames: number): Float32Array {
    if (frames > this.format.maxFrames) throw new RangeError(`a block of ${frames} frames is larger than the chain's maximum of ${this.format.maxFrames}; split it`);
    const samples = frames * this.format.channels;
    if (frames !== this.viewFrames) this.resizeViews(frames);
    const budgetMs = (frames / this.format.sampleRate) * 1000 * this.budgetFraction;
    // Timed blocks read the clock once per stage boundary (a read costs ~50 ns here).
    let lastTime = this.blocks % this.timeEvery === 0 ? this.clock() : -1;
    let current = block.length === samples ? block : this.trimmed(block, samples);
    // The whole buffer `current` views: a stage reading from where the data already is needs no copy.
    let source = block;
    for (let index = 0; index < this.slots.length; index += 1) {
      const slot = this.slots[index] as StageSlot;
      if (slot.bypassed) continue;
      const stage = slot.stage;
      if (stage.input !== source) stage.input.set(current);
      if (this.progress !== undefined) this.progress[ChainProgress.Running] = index + 1;
      const status = stage.process(frames);
      if (lastTime >= 0) lastTime = this.checkBudget(slot, index, lastTime, budgetMs);
      if (status === StageStatus.Ok || status === StageStatus.SoftError) {
        if (status === StageStatus.SoftError) this.record('soft-error', index, stage.lastProblem);
        if (!slot.bypassed) {
          current = slot.outView;
          source = stage.output;
        }
      } else if (status === StageStatus.NeedsReset) this.resetAfterRequest(slot, index);
      else this.bypass(slot, index, stage.lastProblem);
    }
    this.blocks += 1;
    if (this.progress !== undefined) {
      this.progress[ChainProgress.Running] = 0;
      this.progress[ChainProgress.Blocks] = this.blocks;
    }
    return current;
  }

  /** Resets every active stage (after a seek or a track change); a stage that cannot is bypassed. */
  reset(): void {
    this.slots.forEach((slot, index) => {
      if (!slot.bypassed && !slot.stage.reset()) this.bypass(slot, index, `reset failed: ${slot.stage.lastProblem}`);
    });
  }

  /** Events since the last call (and how many were dropped because too many came at once). */
  takeEvents(): { events: DspChainEvent[]; dropped: number } {
    const taken = { events: this.events.splice(0), dropped: this.droppedEvents };
    this.droppedEvents = 0;
    return taken;
  }

  dispose(): void {
    for (const slot of this.slots) slot.stage.dispose();
  }

  private trimmed(block: Float32Array, samples: number): Float32Array {
    if (this.blockViewOf !== block || this.blockView?.length !== samples) {
      this.blockView = block.subarray(0, samples);
      this.blockViewOf = block;
    }
    return this.blockView;
  }

  private resizeViews(frames: number): void {
    const samples = frames * this.format.channels;
    for (const slot of this.slots) slot.outView = slot.stage.output.subarray(0, samples);
    this.viewFrames = frames;
  }

  /** Counts an overrun when the stage that just ran took longer than its budget; returns the time now. */
  private checkBudget(slot: StageSlot, index: number, startedAt: number, budgetMs: number): number {
    const now = this.clock();
    const elapsedMs = now - startedAt;
    if (elapsedMs <= budgetMs) {
      slot.overruns = 0;
      return now;
    }
    slot.overruns += 1;
    if (slot.overruns >= this.overrunLimit && !slot.bypassed) {
      const share = Math.round(this.budgetFraction * 100);
      this.bypass(slot, index, `it took ${elapsedMs.toFixed(3)} ms for a block of ${budgetMs.toFixed(3)} ms budget (${share}% of the block) ${slot.overruns} timed blocks in a row`);
    }
    return now;
  }

  private resetAfterRequest(slot: StageSlot, index: number): void {
    slot.resets += 1;
    if (slot.resets > this.resetLimit) {
      this.bypass(slot, index, `it asked for a reset ${slot.resets} times (${slot.stage.lastProblem})`);
      return;
    }
    if (!slot.stage.reset()) this.bypass(slot, index, `it asked for a reset, and reset failed: ${slot.stage.lastProblem}`);
    else this.record('reset', index, `reset at its request (${slot.resets} of ${this.resetLimit} allowed)`);
  }

  private bypass(slot: StageSlot, index: number, why: string): void {
    slot.bypassed = true;
    this.record('bypassed', index, `${slot.stage.label} is bypassed: ${why}`);
  }

  private record(kind: DspChainEventKind, index: number, message: string): void {
    if (this.events.length >= this.maxEvents) {
      this.droppedEvents += 1;
      return;
    }
    this.events.push({ kind, stage: this.slots[index]?.stage.label ?? '?', index, block: this.blocks, message });
  }
}
