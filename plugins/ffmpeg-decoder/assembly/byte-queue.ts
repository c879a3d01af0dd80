// A growable FIFO of bytes: what the sidecar sent that the decoder has not consumed yet.
export class ByteQueue {
  private bytes: Uint8Array = new Uint8Array(65536);
  private start: i32 = 0;
  private end: i32 = 0;

  get length(): i32 {
    return this.end - this.start;
  }

  push(chunk: Uint8Array): void {
    const needed = this.length + chunk.length;
    if (this.end + chunk.length > this.bytes.length) {
      if (needed > this.bytes.length) {
        let size = this.bytes.length;
        while (size < needed) size <<= 1;
        const grown = new Uint8Array(size);
        grown.set(this.bytes.subarray(this.start, this.end));
        this.bytes = grown;
      } else {
        this.bytes.copyWithin(0, this.start, this.end);
      }
      this.end = this.length;
      this.start = 0;
    }
    this.bytes.set(chunk, this.end);
    this.end += chunk.length;
  }

  at(index: i32): u8 {
    return this.bytes[this.start + index];
  }

  u16(index: i32): u32 {
    return <u32>this.at(index) | (<u32>this.at(index + 1) << 8);
  }

  u32(index: i32): u32 {
    return this.u16(index) | (this.u16(index + 2) << 16);
  }

  /** The first `count` bytes, without consuming them (valid until the next push). */
  peek(count: i32): Uint8Array {
    return this.bytes.subarray(this.start, this.start + count);
  }

  /** The address of the first byte (valid until the next push). */
  pointer(): usize {
    return this.bytes.dataStart + <usize>this.start;
  }

  consume(count: i32): void {
    this.start += count;
    if (this.start == this.end) {
      this.start = 0;
      this.end = 0;
    }
  }
}
