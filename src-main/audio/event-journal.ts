/**
 * What the pump records inside its per-block loop, where it may not allocate or post:
 * track starts and ends go into preallocated typed arrays and are posted after the loop;
 * track boundaries on the output timeline are kept so the audible position (output frames
 * written minus the sink's queue) maps back to the right track across a gapless join.
 */

export const TRACK_STARTED = 1;
export const TRACK_ENDED = 2;

const CAPACITY = 64;
const BOUNDARIES = 8;

export class EventJournal {
  private readonly kinds = new Int32Array(CAPACITY);
  private readonly tokens = new Float64Array(CAPACITY);
  private readonly outputFrames = new Float64Array(CAPACITY);
  private readonly frames = new Float64Array(CAPACITY);
  private count = 0;

  /** Whether the pump should end its turn so the journal can be posted. */
  get nearlyFull(): boolean {
    return this.count >= CAPACITY - 4;
  }

  record(kind: number, token: number, outputFrame: number, frames: number): void {
    if (this.count === CAPACITY) return;
    this.kinds[this.count] = kind;
    this.tokens[this.count] = token;
    this.outputFrames[this.count] = outputFrame;
    this.frames[this.count] = frames;
    this.count++;
  }

  /** Hands every record to `emit` in order and empties the journal (outside the loop). */
  drain(emit: (kind: number, token: number, outputFrame: number, frames: number) => void): void {
    for (let index = 0; index < this.count; index++) {
      emit(this.kinds[index] as number, this.tokens[index] as number, this.outputFrames[index] as number, this.frames[index] as number);
    }
    this.count = 0;
  }
}

/** Where tracks (or seek points) begin on the output timeline, newest last. */
export class BoundaryLog {
  private readonly outputFrames = new Float64Array(BOUNDARIES);
  private readonly tokens = new Float64Array(BOUNDARIES);
  private readonly trackFrames = new Float64Array(BOUNDARIES);
  private readonly rates = new Float64Array(BOUNDARIES);
  private count = 0;

  /** Track `token` plays its frame `trackFrame` (at `rate`) at output frame `outputFrame`. */
  add(outputFrame: number, token: number, trackFrame: number, rate: number): void {
    if (this.count === BOUNDARIES) {
      this.outputFrames.copyWithin(0, 1);
      this.tokens.copyWithin(0, 1);
      this.trackFrames.copyWithin(0, 1);
      this.rates.copyWithin(0, 1);
      this.count--;
    }
    this.outputFrames[this.count] = outputFrame;
    this.tokens[this.count] = token;
    this.trackFrames[this.count] = trackFrame;
    this.rates[this.count] = rate;
    this.count++;
  }

  clear(): void {
    this.count = 0;
  }

  /** The track and its frame audible at `outputFrame`, or undefined before any boundary. */
  locate(outputFrame: number, outputRate: number): { token: number; frame: number; sampleRate: number } | undefined {
    for (let index = this.count - 1; index >= 0; index--) {
      const start = this.outputFrames[index] as number;
      if (start > outputFrame && index > 0) continue;
      const rate = this.rates[index] as number;
      const elapsed = Math.max(0, outputFrame - start);
      return { token: this.tokens[index] as number, frame: Math.floor((this.trackFrames[index] as number) + (elapsed * rate) / outputRate), sampleRate: rate };
    }
    return undefined;
  }
}
