/**
 * A hot-path kernel that never returns cannot be interrupted on the audio thread. The
 * chain writes progress counters into a SharedArrayBuffer (`ChainProgress`); this watchdog,
 * on another thread (the main thread), notices when blocks stop advancing while a stage is
 * running and names that stage. Its owner then terminates the audio worker and starts a new
 * one without the stuck kernel (its component path, or no effect), reporting an event.
 */
import type { Disposable } from '../../../src-shared/disposable.ts';
import { ChainProgress } from './dsp-chain.ts';

export interface StuckStage {
  /** Position of the stuck stage in the chain. */
  index: number;
  /** Blocks the chain had completed when it stopped. */
  blocks: number;
  /** How long nothing moved, in ms. */
  stalledMs: number;
}

export interface WatchdogOptions {
  /** How long blocks may stop advancing while a stage runs before it counts as stuck. */
  stallMs: number;
  /** How often to look (default a quarter of `stallMs`). */
  pollMs?: number;
  /** Called once; the watchdog stops after it. */
  onStuck(stuck: StuckStage): void;
}

export class ChainWatchdog implements Disposable {
  private readonly timer: ReturnType<typeof setInterval>;
  private lastBlocks = -1;
  private lastChange = performance.now();

  constructor(
    private readonly progress: Int32Array,
    private readonly options: WatchdogOptions,
  ) {
    this.timer = setInterval(() => this.check(), options.pollMs ?? Math.max(1, options.stallMs / 4));
  }

  private check(): void {
    const blocks = Atomics.load(this.progress, ChainProgress.Blocks);
    const running = Atomics.load(this.progress, ChainProgress.Running);
    const now = performance.now();
    // Paused playback (no stage running) is not a stall.
    if (blocks !== this.lastBlocks || running === 0) {
      this.lastBlocks = blocks;
      this.lastChange = now;
      return;
    }
    if (now - this.lastChange < this.options.stallMs) return;
    this.dispose();
    this.options.onStuck({ index: running - 1, blocks, stalledMs: now - this.lastChange });
  }

  dispose(): void {
    clearInterval(this.timer);
  }
}
