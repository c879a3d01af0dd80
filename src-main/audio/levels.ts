/**
 * Level meter: peak and RMS per channel over windows of about 50 ms of output. It runs
 * inside the pump, so it only accumulates into preallocated arrays; the worker reads a
 * finished window after the loop and posts it.
 */

export class LevelMeter {
  /** Last finished window: peak |sample| and RMS per channel. */
  readonly peak: Float64Array;
  readonly rms: Float64Array;
  private readonly peakAcc: Float64Array;
  private readonly squares: Float64Array;
  private frames = 0;
  private fresh = false;

  constructor(
    readonly channels: number,
    readonly windowFrames: number,
  ) {
    this.peak = new Float64Array(channels);
    this.rms = new Float64Array(channels);
    this.peakAcc = new Float64Array(channels);
    this.squares = new Float64Array(channels);
  }

  /** Accumulates `frames` frames of interleaved `block`. */
  measure(block: Float32Array, frames: number): void {
    const channels = this.channels;
    for (let channel = 0; channel < channels; channel++) {
      let peak = this.peakAcc[channel] as number;
      let squares = this.squares[channel] as number;
      for (let index = channel; index < frames * channels; index += channels) {
        const sample = block[index] as number;
        const magnitude = sample < 0 ? -sample : sample;
        if (magnitude > peak) peak = magnitude;
        squares += sample * sample;
      }
      this.peakAcc[channel] = peak;
      this.squares[channel] = squares;
    }
    this.frames += frames;
    if (this.frames >= this.windowFrames) this.finishWindow();
  }

  /** Whether a window finished since the last call; clears the mark. */
  takeFresh(): boolean {
    const fresh = this.fresh;
    this.fresh = false;
    return fresh;
  }

  private finishWindow(): void {
    for (let channel = 0; channel < this.channels; channel++) {
      this.peak[channel] = this.peakAcc[channel] as number;
      this.rms[channel] = Math.sqrt((this.squares[channel] as number) / this.frames);
      this.peakAcc[channel] = 0;
      this.squares[channel] = 0;
    }
    this.frames = 0;
    this.fresh = true;
  }
}
