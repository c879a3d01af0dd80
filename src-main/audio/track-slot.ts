/**
 * One queued decoder session as the pump sees it: its ring, with the gapless trim applied.
 * The first `delay` frames are skipped; the last `padding` frames are held back until the
 * ring has ended and are then never played, so only the track's real frames come out.
 *
 * The track's gain (ReplayGain) is applied here, to exactly the frames this slot delivers,
 * so it changes at the sample where one track joins the next. There is deliberately no
 * ramp at that join: in album mode tracks of one album share one gain (nothing changes),
 * and in track mode a step between two different songs is not heard as a click, while a
 * ramp would make the first or last frames of a track differ from input × gain. Resampled
 * tracks are scaled before the resampler (it is linear, so the result is the same).
 */
import type { QueuedTrack } from './audio-messages.ts';
import { PcmRing } from './pcm-ring.ts';
import type { PcmFormat } from './sink.ts';

const MAP_CHUNK_FRAMES = 256;
/** +24 dB: more than any ReplayGain value plus preamp needs. */
const MAX_GAIN = 16;

export class TrackSlot {
  readonly ring: PcmRing;
  readonly token: number;
  readonly format: PcmFormat;
  readonly startFrame: number;
  /** Linear ReplayGain factor; 1 touches no sample. */
  readonly gain: number;
  private delayLeft: number;
  private readonly padding: number;
  /** Frames delivered (after trim). */
  framesRead = 0;
  /** Set when `track-started` has been journaled (or must not be: a seek within the track). */
  announced = false;

  /** Set when the ring's channel count differs from the sink's (mono ↔ anything). */
  private readonly scratch: Float32Array | undefined;

  /** `outputChannels`: the sink's; a mono track is copied to every channel, a mono sink gets the average. */
  constructor(
    track: QueuedTrack,
    readonly outputChannels = track.format.channels,
  ) {
    this.ring = PcmRing.attach(track.ring);
    this.token = track.token;
    this.format = track.format;
    this.startFrame = track.startFrame ?? 0;
    this.delayLeft = Math.max(0, Math.floor(track.delay));
    this.padding = Math.max(0, Math.floor(track.padding));
    this.gain = track.gain ?? 1;
    if (!Number.isFinite(this.gain) || this.gain < 0 || this.gain > MAX_GAIN) {
      throw new RangeError(`track ${track.token}: its gain must be a factor between 0 and ${MAX_GAIN}, got ${track.gain}`);
    }
    if (this.ring.channels !== track.format.channels) {
      throw new RangeError(`track ${track.token}: its ring has ${this.ring.channels} channels but its format says ${track.format.channels}`);
    }
    if (outputChannels !== this.ring.channels) {
      if (outputChannels !== 1 && this.ring.channels !== 1) {
        throw new RangeError(`track ${track.token} has ${this.ring.channels} channels and the sink ${outputChannels}; only mono converts to and from other layouts`);
      }
      this.scratch = new Float32Array(MAP_CHUNK_FRAMES * this.ring.channels);
    }
    if (this.padding >= this.ring.capacityFrames) {
      throw new RangeError(`track ${track.token}: encoder padding (${this.padding} frames) must be smaller than its ring (${this.ring.capacityFrames} frames)`);
    }
  }

  /** Reads up to `maxFrames` trimmed frames into `block` at frame `offsetFrames`. */
  read(block: Float32Array, maxFrames: number, offsetFrames: number): number {
    if (this.delayLeft > 0) {
      this.delayLeft -= this.ring.skip(this.delayLeft);
      if (this.delayLeft > 0) return 0;
    }
    const usable = this.ring.availableFrames() - this.padding;
    if (usable <= 0) return 0;
    const wanted = Math.min(maxFrames, usable);
    const count = this.scratch ? this.readMapped(this.scratch, block, wanted, offsetFrames) : this.ring.read(block, wanted, offsetFrames);
    this.framesRead += count;
    if (this.gain !== 1) this.applyGain(block, offsetFrames, count);
    return count;
  }

  private applyGain(block: Float32Array, offsetFrames: number, frames: number): void {
    const gain = this.gain;
    const end = (offsetFrames + frames) * this.outputChannels;
    for (let index = offsetFrames * this.outputChannels; index < end; index++) block[index] = (block[index] as number) * gain;
  }

  /** Reads through `scratch` and converts: mono to every output channel, or all channels averaged to mono. */
  private readMapped(scratch: Float32Array, block: Float32Array, maxFrames: number, offsetFrames: number): number {
    const inChannels = this.ring.channels;
    const outChannels = this.outputChannels;
    let done = 0;
    while (done < maxFrames) {
      const frames = this.ring.read(scratch, Math.min(MAP_CHUNK_FRAMES, maxFrames - done), 0);
      if (frames === 0) break;
      for (let frame = 0; frame < frames; frame++) {
        const target = (offsetFrames + done + frame) * outChannels;
        if (inChannels === 1) {
          const sample = scratch[frame] as number;
          for (let channel = 0; channel < outChannels; channel++) block[target + channel] = sample;
        } else {
          let sum = 0;
          for (let channel = 0; channel < inChannels; channel++) sum += scratch[frame * inChannels + channel] as number;
          block[target] = sum / inChannels;
        }
      }
      done += frames;
    }
    return done;
  }

  /** Ended, and nothing but the padding (or less) is left. */
  isFinished(): boolean {
    // The flag first: once `ended` is seen, every frame written before it is counted.
    if (!this.ring.isEnded()) return false;
    const available = this.ring.availableFrames();
    return this.delayLeft > 0 ? available <= this.delayLeft : available <= this.padding;
  }

  /** The pump will read no more: tell the decoder to stop writing. */
  release(): void {
    this.ring.abandon();
  }
}
