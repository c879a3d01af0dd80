// MSB-first bit reader over a contiguous byte range, with a 64-bit cache refilled by one
// unaligned 8-byte load. The range must be followed by at least 8 readable bytes (the
// source keeps zeroed slack there); reading past its end is detected afterwards through
// `overran`, so the hot loops carry no bounds checks.

export class BitReader {
  /** Address of the next byte not yet in the cache. */
  next: usize = 0;
  /** Address one past the last valid byte. */
  limit: usize = 0;
  /** Unread bits, left-aligned; the bits below `count` are zero or the true next bits. */
  cache: u64 = 0;
  count: u32 = 0;

  reset(start: usize, limit: usize): void {
    this.next = start;
    this.limit = limit;
    this.cache = 0;
    this.count = 0;
  }

  /** Consumed bits went beyond the end of the range. */
  @inline get overran(): bool {
    return (<u64>this.next << 3) - <u64>this.count > (<u64>this.limit << 3);
  }

  /** Address of the byte holding the next unread bit (rounded up to whole bytes). */
  @inline bytePosition(): usize {
    return this.next - <usize>(this.count >> 3);
  }

  @inline refill(): void {
    // Past the limit (plus slack) only zeros would come: stop advancing so a corrupt unary
    // run cannot walk through memory; `overran` reports it.
    if (this.next > this.limit + 8) {
      this.count = 63;
      return;
    }
    const word = bswap<u64>(load<u64>(this.next));
    this.cache |= word >> this.count;
    this.next += <usize>((63 - this.count) >> 3);
    this.count |= 56;
  }

  /** Reads `n` (0–32) bits as an unsigned value. */
  @inline read(n: u32): u32 {
    if (this.count < n) this.refill();
    const value = <u32>((this.cache >> 1) >> (63 - n));
    this.cache <<= n;
    this.count -= n;
    return value;
  }

  /** Reads `n` (0–32) bits as a two's-complement signed value. */
  @inline readSigned(n: u32): i32 {
    if (n == 0) return 0;
    const value = this.read(n);
    return (<i32>(value << (32 - n))) >> (32 - n);
  }

  /** Reads `n` (0–33) bits as a signed 64-bit value. */
  readSigned64(n: u32): i64 {
    if (n <= 32) return <i64>this.readSigned(n);
    const high = <u64>this.read(n - 32);
    const value = (high << 32) | <u64>this.read(32);
    return (<i64>(value << (64 - n))) >> (64 - n);
  }

  /** Counts zero bits up to the next one bit, consuming them and the one. */
  readUnary(): u32 {
    let zeros: u32 = 0;
    while (true) {
      if (this.count == 0) this.refill();
      const lead = <u32>clz<u64>(this.cache);
      if (lead < this.count) {
        this.cache <<= <u64>(lead + 1);
        this.count -= lead + 1;
        return zeros + lead;
      }
      zeros += this.count;
      this.cache = 0;
      this.count = 0;
      if (this.next > this.limit + 8) return zeros;
    }
  }

  /** Drops bits up to the next byte boundary. */
  alignToByte(): void {
    const drop = this.count & 7;
    this.cache <<= <u64>drop;
    this.count -= drop;
  }

  /**
   * Decodes `n` Rice-coded residuals with parameter `k` into i64 slots at `out`. The state
   * lives in locals for the loop: this is the decoder's hottest code.
   */
  readRice(out: usize, n: u32, k: u32): void {
    let cache = this.cache;
    let count = this.count;
    let next = this.next;
    const stop = this.limit + 8;
    const end = out + (<usize>n << 3);
    const kShift = <u64>(63 - k);
    while (out < end) {
      if (count < 48) {
        if (next > stop) break;
        cache |= bswap<u64>(load<u64>(next)) >> count;
        next += <usize>((63 - count) >> 3);
        count |= 56;
      }
      const lead = <u32>clz<u64>(cache);
      if (lead + 1 + k > count) {
        // A long unary run (or a large k): take the slow path for this value.
        this.cache = cache;
        this.count = count;
        this.next = next;
        const q = this.readUnary();
        const value = (q << k) | this.read(k);
        store<i64>(out, <i64>(<i32>(value >>> 1) ^ -(<i32>(value & 1))));
        out += 8;
        cache = this.cache;
        count = this.count;
        next = this.next;
        continue;
      }
      // The one bit that ends the unary run and the k low bits, in one shift: 1xxxx.
      const tail = <u32>((cache << <u64>lead) >> kShift);
      const used = lead + 1 + k;
      cache <<= <u64>used;
      count -= used;
      const value = tail + ((lead - 1) << k);
      store<i64>(out, <i64>(<i32>(value >>> 1) ^ -(<i32>(value & 1))));
      out += 8;
    }
    this.cache = cache;
    this.count = count;
    this.next = next;
  }
}
