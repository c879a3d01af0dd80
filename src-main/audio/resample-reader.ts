/**
 * Reads a track whose rate differs from the sink's through the Resampler. The resampler
 * belongs to the stream, not to one track: when the next track has the same rate it keeps
 * running across the join (its history spans both tracks, so the join is as seamless as
 * the source), and only when the rate changes, the queue ends or a seek cuts the stream is
 * its tail flushed and its state reset. Resamplers are built per input rate by
 * {@link ResampleReader.prepare} when a track is queued (designing the filter takes
 * milliseconds), never inside the per-block loop, which allocates nothing here.
 */
import { Resampler } from './resampler.ts';
import type { TrackSlot } from './track-slot.ts';

/** Input frames taken from the ring per resampler call. */
const CHUNK_FRAMES = 256;

export class ResampleReader {
  private readonly resamplers = new Map<number, Resampler>();
  private readonly input: Float32Array;
  private output = new Float32Array(0);
  private active: Resampler | undefined;
  private outStart = 0;
  private outEnd = 0;
  private flushed = false;

  constructor(
    readonly outputRate: number,
    readonly channels: number,
  ) {
    this.input = new Float32Array(CHUNK_FRAMES * channels);
  }

  /** Builds the resampler for `inputRate` if there is none yet (outside the loop). */
  prepare(inputRate: number): void {
    if (inputRate === this.outputRate || this.resamplers.has(inputRate)) return;
    const resampler = new Resampler({ channels: this.channels, inputRate, outputRate: this.outputRate });
    this.resamplers.set(inputRate, resampler);
    const needed = resampler.outputFramesFor(CHUNK_FRAMES) * this.channels;
    if (this.output.length < needed) this.output = new Float32Array(needed);
  }

  /** Output frames of `slot` (resampled) into `block` at frame `offset`, up to `maxFrames`. */
  read(slot: TrackSlot, block: Float32Array, maxFrames: number, offset: number): number {
    const rate = slot.format.sampleRate;
    if (!this.active || this.active.inputRate !== rate) this.start(rate);
    const resampler = this.active as Resampler;
    let produced = this.copyPending(block, maxFrames, offset);
    while (produced < maxFrames) {
      const frames = slot.read(this.input, CHUNK_FRAMES, 0);
      if (frames === 0) break;
      this.outStart = 0;
      this.outEnd = resampler.process(this.input, frames, this.output).produced;
      produced += this.copyPending(block, maxFrames - produced, offset + produced);
    }
    return produced;
  }

  /**
   * After the last track of this rate: writes the filter's tail into `block`. Returns the
   * frames written; {@link ResampleReader.done} says when all of it is out.
   */
  flush(block: Float32Array, maxFrames: number, offset: number): number {
    const resampler = this.active;
    if (!resampler) return 0;
    let produced = this.copyPending(block, maxFrames, offset);
    while (produced < maxFrames && !this.flushed) {
      this.outStart = 0;
      this.outEnd = resampler.flush(this.output);
      if (this.outEnd === 0) this.flushed = true;
      produced += this.copyPending(block, maxFrames - produced, offset + produced);
    }
    if (this.flushed && this.outStart === this.outEnd) this.active = undefined;
    return produced;
  }

  /** Whether the stream at this rate is over: tail flushed and copied out. */
  get done(): boolean {
    return this.active === undefined;
  }

  /** Whether a resampler is mid-stream (a track at another rate is playing). */
  get streaming(): boolean {
    return this.active !== undefined;
  }

  /** Drops the stream (seek, stop): the next track starts from fresh history. */
  reset(): void {
    this.active = undefined;
    this.outStart = 0;
    this.outEnd = 0;
  }

  private start(rate: number): void {
    const resampler = this.resamplers.get(rate);
    if (!resampler) throw new RangeError(`no resampler was prepared for ${rate} Hz`);
    resampler.reset();
    this.active = resampler;
    this.outStart = 0;
    this.outEnd = 0;
    this.flushed = false;
  }

  private copyPending(block: Float32Array, maxFrames: number, offset: number): number {
    const frames = Math.min(maxFrames, this.outEnd - this.outStart);
    if (frames <= 0) return 0;
    const channels = this.channels;
    const source = this.output;
    const from = this.outStart * channels;
    const to = offset * channels;
    const count = frames * channels;
    for (let index = 0; index < count; index++) block[to + index] = source[from + index] as number;
    this.outStart += frames;
    return frames;
  }
}
