/**
 * The last N bytes of a stream. A sidecar that floods stdout costs at most N bytes of
 * host memory; readers learn how much was dropped.
 */
export class BoundedTail {
  private chunks: Buffer[] = [];
  private size = 0;
  /** Bytes discarded because nobody read them before the limit was reached. */
  dropped = 0;
  /** Every byte ever received. */
  total = 0;

  private waiters: (() => void)[] = [];

  constructor(readonly limit: number) {}

  /** Resolves at the next chunk received. */
  nextChunk(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  get bufferedBytes(): number {
    return this.size;
  }

  push(chunk: Buffer): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
    this.total += chunk.length;
    this.chunks.push(chunk);
    this.size += chunk.length;
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
    return new Uint8Array(taken);
  }
}
