/**
 * Gains that move in short linear ramps instead of steps, so volume changes, pause,
 * resume, stop and seek never click. Each frame in a ramp gets the gain at its midpoint,
 * so a fade-out followed by a fade-in mutes no frame completely and loses none.
 */

export class GainRamp {
  private current: number;
  private goal: number;
  private step = 0;
  private left = 0;

  constructor(initial = 1) {
    this.current = initial;
    this.goal = initial;
  }

  /** The gain now (after the frames applied so far). */
  get value(): number {
    return this.current;
  }

  get target(): number {
    return this.goal;
  }

  /** Frames until the ramp reaches its target (0 when steady). */
  get remainingFrames(): number {
    return this.left;
  }

  /** Ramps to `target` over `frames` frames (at once when `frames` ≤ 0). */
  rampTo(target: number, frames: number): void {
    this.goal = target;
    this.left = Math.max(0, Math.round(frames));
    if (this.left === 0 || this.current === target) {
      this.current = target;
      this.left = 0;
      this.step = 0;
      return;
    }
    this.step = (target - this.current) / this.left;
  }

  /** Next frame's gain; advances the ramp by one frame. */
  next(): number {
    if (this.left === 0) return this.current;
    const gain = this.current + this.step * 0.5;
    this.left--;
    this.current = this.left === 0 ? this.goal : this.current + this.step;
    return gain;
  }
}

/**
 * Multiplies `frames` frames of interleaved `block` by `volume × fade`, advancing both.
 * Unity gain with no ramp running leaves the samples untouched (bit-exact).
 */
export function applyGains(block: Float32Array, frames: number, channels: number, volume: GainRamp, fade: GainRamp): void {
  if (volume.remainingFrames === 0 && fade.remainingFrames === 0) {
    const gain = volume.value * fade.value;
    if (gain === 1) return;
    const end = frames * channels;
    for (let index = 0; index < end; index++) block[index] = (block[index] as number) * gain;
    return;
  }
  for (let frame = 0; frame < frames; frame++) {
    const gain = volume.next() * fade.next();
    const base = frame * channels;
    for (let channel = 0; channel < channels; channel++) block[base + channel] = (block[base + channel] as number) * gain;
  }
}
