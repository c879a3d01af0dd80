/**
 * Keeps one PCM ring filled from a decoder session. The main thread only schedules: each
 * `read` runs in the decoder's worker, which writes the samples into the ring itself, so
 * no audio passes through here. A read is asked for only when the ring has room for a
 * whole chunk; the ring's size (from the latency target) bounds the read-ahead.
 */
import { toFugueErrorData, type FugueErrorData } from '../../src-shared/errors.ts';
import type { ComponentEffectChain } from './component-effects.ts';
import type { DecoderSession } from './decoder-session.ts';
import type { PcmRing } from './pcm-ring.ts';

export interface DecodeFeedOptions {
  /** Most frames one `read` asks for. */
  chunkFrames: number;
  /** How often the ring's free space is checked. */
  pollMs?: number;
  /**
   * Whether the feed ends the ring itself when the decoder is done (default). A player
   * that queues the next track first ends it later, so the audio worker never sees the
   * end of one track before the next one is queued behind it (gapless, even into a sink
   * that runs faster than real time).
   */
  endsRing?: boolean;
  /** Effects that run before the ring (their component path), at the track's format. */
  effects?: ComponentEffectChain;
  /** The decoder said end of stream. */
  onEnd?(): void;
  /** A read failed; what was decoded still plays. */
  onError?(error: FugueErrorData): void;
}

export class DecodeFeed {
  private timer: NodeJS.Timeout | undefined;
  private filling: Promise<void> | undefined;
  private finished = false;
  /** Frames the decoder produced into this ring. */
  decodedFrames = 0;

  constructor(
    readonly session: DecoderSession,
    readonly ring: PcmRing,
    private readonly options: DecodeFeedOptions,
  ) {}

  /** Starts filling; the first chunks are decoded at once (prewarming the ring). */
  start(): void {
    if (this.timer !== undefined || this.finished) return;
    this.timer = setInterval(() => this.kick(), this.options.pollMs ?? 20);
    this.kick();
  }

  /** Resolves once the ring holds `frames` frames or the stream ended (for a quick start). */
  async prime(frames: number): Promise<void> {
    while (!this.finished && this.ring.availableFrames() < Math.min(frames, this.ring.capacityFrames) && this.ring.freeFrames() >= this.minimumRead()) {
      this.kick();
      await this.filling;
    }
  }

  /** Whether the decoder reached the end (or failed) for this ring. */
  get done(): boolean {
    return this.finished;
  }

  /** Stops reading (the session stays open, e.g. to seek) and waits for a read in flight. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.finished = true;
    await this.filling;
  }

  private kick(): void {
    if (this.filling === undefined && !this.finished) this.filling = this.fill().finally(() => (this.filling = undefined));
  }

  private minimumRead(): number {
    return Math.max(1, Math.min(this.options.chunkFrames, Math.floor(this.ring.capacityFrames / 4)));
  }

  private async fill(): Promise<void> {
    while (!this.finished && !this.ring.isAbandoned() && this.ring.freeFrames() >= this.minimumRead()) {
      let frames: number;
      try {
        frames = await this.readChunk();
      } catch (error) {
        this.finish();
        this.options.onError?.(toFugueErrorData(error));
        return;
      }
      if (frames === 0) {
        this.finish();
        this.options.onEnd?.();
        return;
      }
      this.decodedFrames += frames;
    }
    if (this.ring.isAbandoned()) this.finish();
  }

  /** Decodes one chunk into the ring, through the component-path effects when there are any. */
  private async readChunk(): Promise<number> {
    const effects = this.options.effects;
    const staging = effects?.input;
    const wanted = Math.min(this.ring.freeFrames(), this.options.chunkFrames);
    if (effects === undefined || staging === undefined) return this.session.readInto(this.ring, wanted);
    const frames = await this.session.readInto(staging, Math.min(wanted, staging.freeFrames()));
    await effects.drainInto(this.ring);
    return frames;
  }

  private finish(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.finished = true;
    if (this.options.endsRing !== false || this.ring.isAbandoned()) this.ring.end();
  }
}
