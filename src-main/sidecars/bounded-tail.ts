/**
 * A sidecar's output, bounded two ways:
 * - `drop-oldest` (stderr, and stdout when the data channel is a socket): the last N bytes
 *   of a log-like stream. A sidecar that floods it costs at most N bytes of host memory;
 *   readers learn how much was dropped.
 * - `flow-control` (stdout when it IS the data channel, under stdio): nothing is dropped,
 *   because a plugin reading PCM or a protocol must see every byte. Past half the limit the
 *   source (the child's stdout pipe) is paused, so the sidecar blocks in its own write; the
 *   plugin's reads drain the buffer and resume it. One chunk may arrive after the pause
 *   (a pipe read is at most 64 KiB), which is why the threshold is half the limit.
 */
export type OverflowMode = 'drop-oldest' | 'flow-control';

/** What a flow-controlled tail pauses and resumes: a Readable, in practice. */
export interface PausableSource {
  pause(): unknown;
  resume(): unknown;
}

export class BoundedTail {
  private chunks: Buffer[] = [];
  private size = 0;
  /** Bytes discarded because nobody read them before the limit was reached (always 0 under flow control). */
  dropped = 0;
  /** Every byte ever received. */
  total = 0;
  private source: PausableSource | undefined;
  private sourcePaused = false;

  private waiters: (() => void)[] = [];

  constructor(readonly limit: number, readonly mode: OverflowMode = 'drop-oldest') {}

  /** Resolves at the next chunk received. */
  nextChunk(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  get bufferedBytes(): number {
    return this.size;
  }

  /** The source is paused because nobody has read the buffered half-limit yet. */
  get paused(): boolean {
    return this.sourcePaused;
  }

  /**
   * The stream that feeds `push` (flow-control mode pauses it). Undefined detaches and
   * resumes the previous one: once the process has exited, what is left in its pipe is at
   * most the pipe's capacity and must drain so the stream can end.
   */
  setSource(source: PausableSource | undefined): void {
    if (this.sourcePaused) this.source?.resume();
    this.sourcePaused = false;
    this.source = source;
    this.applyBackpressure();
  }

  /** Detaches `source` if it still feeds this tail (a restarted run may have replaced it). */
  releaseSource(source: PausableSource): void {
    if (this.source === source) this.setSource(undefined);
  }

  push(chunk: Buffer): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
    this.total += chunk.length;
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.mode === 'flow-control') this.applyBackpressure();
    else this.dropOldest();
  }

  /** The buffered bytes as text, without consuming them. */
  peekText(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }

  /** Takes up to `max` buffered bytes (oldest first). */
  read(max = this.limit): Uint8Array {
    const all = Buffer.concat(this.chunks);
    const taken = all.subarray(0, max);
    const rest = all.subarray(taken.length);
    this.chunks = rest.length > 0 ? [Buffer.from(rest)] : [];
    this.size = rest.length;
    this.applyBackpressure();
    return new Uint8Array(taken);
  }

  private applyBackpressure(): void {
    if (this.mode !== 'flow-control' || !this.source) return;
    const high = this.size > this.limit / 2;
    if (high === this.sourcePaused) return;
    this.sourcePaused = high;
    if (high) this.source.pause();
    else this.source.resume();
  }

  private dropOldest(): void {
    while (this.size > this.limit) {
      const first = this.chunks[0]!;
      const excess = this.size - this.limit;
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
        this.dropped += first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.size -= excess;
        this.dropped += excess;
      }
    }
  }
}
