/**
 * A single-producer single-consumer ring of interleaved f32 PCM in a SharedArrayBuffer.
 * The producer is a decoder session (in its component worker), the consumer is the audio
 * worker's pump. One ring carries one decoder session: a track, or a track from a seek
 * point. Nothing is ever flushed: the engine hands the audio worker a fresh ring instead,
 * so there is no flush racing a write.
 *
 * Synchronisation is two frame positions that wrap modulo 2^32 (Int32 atomics, compared
 * as unsigned differences, so they stay correct for any length of stream) plus flag bits.
 * The producer copies samples, then publishes its position with `Atomics.store`; the
 * consumer loads that position, then copies; `Atomics` is sequentially consistent, so the
 * samples are visible before the position is. `read`, `write` and `skip` allocate nothing.
 *
 * Totals (frames ever written/read) need more than 32 bits for very long streams; a
 * per-side wrap counter guarded by a tiny sequence lock keeps them exact without BigInt
 * (BigInt atomics would allocate on every access).
 */

/** The structured-cloneable handle another thread attaches to. */
export interface PcmRingShared {
  buffer: SharedArrayBuffer;
  channels: number;
  capacityFrames: number;
}

const WRITE_POS = 0;
const READ_POS = 1;
const WRITE_WRAPS = 2;
const READ_WRAPS = 3;
const WRITE_SEQ = 4;
const READ_SEQ = 5;
const FLAGS = 6;
/** Non-zero while the producer sleeps in {@link PcmRing.waitForSpace}; the consumer notifies only then. */
const WRITER_WAITING = 7;
const HEADER_INTS = 16;
const HEADER_BYTES = HEADER_INTS * 4;

const FLAG_ENDED = 1;
const FLAG_ABANDONED = 2;
const TWO_POW_32 = 4_294_967_296;

export class PcmRing {
  readonly channels: number;
  readonly capacityFrames: number;
  private readonly header: Int32Array;
  private readonly data: Float32Array;

  private constructor(readonly shared: PcmRingShared) {
    const { buffer, channels, capacityFrames } = shared;
    if (!Number.isInteger(channels) || channels < 1) throw new RangeError(`a PCM ring needs at least one channel, got ${channels}`);
    if (!Number.isInteger(capacityFrames) || capacityFrames < 1 || capacityFrames >= 2 ** 30) {
      throw new RangeError(`a PCM ring holds 1 to 2^30 frames, got ${capacityFrames}`);
    }
    if (buffer.byteLength < HEADER_BYTES + capacityFrames * channels * 4) {
      throw new RangeError(`the ring's buffer (${buffer.byteLength} bytes) is smaller than ${capacityFrames} frames of ${channels} channels`);
    }
    this.channels = channels;
    this.capacityFrames = capacityFrames;
    this.header = new Int32Array(buffer, 0, HEADER_INTS);
    this.data = new Float32Array(buffer, HEADER_BYTES, capacityFrames * channels);
  }

  /** A new, empty ring of `capacityFrames` frames. */
  static create(channels: number, capacityFrames: number): PcmRing {
    const buffer = new SharedArrayBuffer(HEADER_BYTES + Math.max(1, capacityFrames) * Math.max(1, channels) * 4);
    return new PcmRing({ buffer, channels, capacityFrames });
  }

  /** The same ring, seen from another thread (pass {@link PcmRing.shared} through postMessage). */
  static attach(shared: PcmRingShared): PcmRing {
    return new PcmRing(shared);
  }

  /** Frames the consumer can read now. */
  availableFrames(): number {
    return (Atomics.load(this.header, WRITE_POS) - Atomics.load(this.header, READ_POS)) >>> 0;
  }

  /** Frames the producer can write now. */
  freeFrames(): number {
    return this.capacityFrames - this.availableFrames();
  }

  /**
   * Producer: copies up to `frames` frames from `samples` (starting at frame `offsetFrames`)
   * and returns how many fit (fewer when the ring is full; 0 once abandoned).
   */
  write(samples: Float32Array, frames = Math.floor(samples.length / this.channels), offsetFrames = 0): number {
    if (this.isAbandoned()) return 0;
    const writePos = Atomics.load(this.header, WRITE_POS) >>> 0;
    const free = this.capacityFrames - ((writePos - (Atomics.load(this.header, READ_POS) >>> 0)) >>> 0);
    const count = Math.min(frames, free);
    if (count <= 0) return 0;
    const channels = this.channels;
    const capacitySamples = this.capacityFrames * channels;
    let target = (writePos % this.capacityFrames) * channels;
    const end = (offsetFrames + count) * channels;
    for (let source = offsetFrames * channels; source < end; source++) {
      this.data[target] = samples[source] as number;
      target++;
      if (target === capacitySamples) target = 0;
    }
    this.advance(WRITE_POS, WRITE_WRAPS, WRITE_SEQ, writePos, count);
    return count;
  }

  /**
   * Consumer: copies up to `maxFrames` frames into `into` (starting at frame `offsetFrames`)
   * and returns how many it copied.
   */
  read(into: Float32Array, maxFrames: number, offsetFrames = 0): number {
    const readPos = Atomics.load(this.header, READ_POS) >>> 0;
    const count = this.copyOut(readPos, into, maxFrames, offsetFrames);
    if (count > 0) this.consume(readPos, count);
    return count;
  }

  /**
   * Consumer: copies up to `maxFrames` frames into `into` (at frame `offsetFrames`) without
   * consuming them, and returns how many it copied. A consumer that learns only later how
   * much it used (a plugin sink's `write` accepting part of a block) peeks, then skips.
   */
  peek(into: Float32Array, maxFrames: number, offsetFrames = 0): number {
    return this.copyOut(Atomics.load(this.header, READ_POS) >>> 0, into, maxFrames, offsetFrames);
  }

  /** Consumer: drops up to `maxFrames` frames unread (encoder delay); returns how many. */
  skip(maxFrames: number): number {
    const readPos = Atomics.load(this.header, READ_POS) >>> 0;
    const count = Math.min(maxFrames, ((Atomics.load(this.header, WRITE_POS) >>> 0) - readPos) >>> 0);
    if (count > 0) this.consume(readPos, count);
    return Math.max(0, count);
  }

  /** Producer: no more frames will come. */
  end(): void {
    Atomics.or(this.header, FLAGS, FLAG_ENDED);
  }

  isEnded(): boolean {
    return (Atomics.load(this.header, FLAGS) & FLAG_ENDED) !== 0;
  }

  /** Ended and everything written has been read. */
  isDrained(): boolean {
    // Flags first: once `ended` is seen, every frame written before it is counted.
    return this.isEnded() && this.availableFrames() === 0;
  }

  /** Consumer: it will read no more (skip, seek, stop); the producer should stop writing. */
  abandon(): void {
    Atomics.or(this.header, FLAGS, FLAG_ABANDONED);
    this.wakeWriter();
  }

  isAbandoned(): boolean {
    return (Atomics.load(this.header, FLAGS) & FLAG_ABANDONED) !== 0;
  }

  /**
   * Producer, off the main thread only: sleeps until `frames` frames are free (ask for few:
   * the reader holds back a track's encoder padding, so a ring may never free a whole chunk
   * when padding + chunk exceeds its capacity; write what fits), the ring is
   * abandoned, or `timeoutMs` passes. Returns whether the space is there.
   */
  waitForSpace(frames: number, timeoutMs: number): boolean {
    const wanted = Math.min(frames, this.capacityFrames);
    const deadline = performance.now() + timeoutMs;
    while (this.freeFrames() < wanted && !this.isAbandoned()) {
      const left = deadline - performance.now();
      if (left <= 0) return false;
      const readPos = Atomics.load(this.header, READ_POS);
      Atomics.store(this.header, WRITER_WAITING, 1);
      if (this.freeFrames() < wanted) Atomics.wait(this.header, READ_POS, readPos, left);
      Atomics.store(this.header, WRITER_WAITING, 0);
    }
    return this.freeFrames() >= wanted;
  }

  /** Frames ever written (exact beyond 2^32). */
  totalWritten(): number {
    return this.total(WRITE_POS, WRITE_WRAPS, WRITE_SEQ);
  }

  /** Frames ever read or skipped (exact beyond 2^32). */
  totalRead(): number {
    return this.total(READ_POS, READ_WRAPS, READ_SEQ);
  }

  private copyOut(readPos: number, into: Float32Array, maxFrames: number, offsetFrames: number): number {
    const count = Math.min(maxFrames, ((Atomics.load(this.header, WRITE_POS) >>> 0) - readPos) >>> 0);
    if (count <= 0) return 0;
    const channels = this.channels;
    const capacitySamples = this.capacityFrames * channels;
    let source = (readPos % this.capacityFrames) * channels;
    const end = (offsetFrames + count) * channels;
    for (let target = offsetFrames * channels; target < end; target++) {
      into[target] = this.data[source] as number;
      source++;
      if (source === capacitySamples) source = 0;
    }
    return count;
  }

  private consume(readPos: number, count: number): void {
    this.advance(READ_POS, READ_WRAPS, READ_SEQ, readPos, count);
    this.wakeWriter();
  }

  private wakeWriter(): void {
    if (Atomics.load(this.header, WRITER_WAITING) !== 0) Atomics.notify(this.header, READ_POS);
  }

  /** Publishes a new position; around a 2^32 wrap, the sequence lock makes the totals consistent. */
  private advance(pos: number, wraps: number, seq: number, current: number, count: number): void {
    if (current + count < TWO_POW_32) {
      Atomics.store(this.header, pos, (current + count) | 0);
      return;
    }
    Atomics.add(this.header, seq, 1);
    Atomics.add(this.header, wraps, 1);
    Atomics.store(this.header, pos, (current + count) | 0);
    Atomics.add(this.header, seq, 1);
  }

  private total(pos: number, wraps: number, seq: number): number {
    for (;;) {
      const before = Atomics.load(this.header, seq);
      const high = Atomics.load(this.header, wraps);
      const low = Atomics.load(this.header, pos) >>> 0;
      if ((before & 1) === 0 && Atomics.load(this.header, seq) === before) return high * TWO_POW_32 + low;
    }
  }
}
