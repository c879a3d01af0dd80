// A buffered view of the host's input-stream. Every host read is a round trip to the main
// thread, so bytes arrive in big chunks into one reusable buffer; frames are decoded from
// that buffer in place (a frame is always made contiguous before decoding starts).
import { InputStream, StreamCapabilities } from "./generated/main/host-stream";
import { PluginError } from "./generated/main/decoder";
import { ErrorCode } from "./generated/main/types";

/** Bytes asked of the host per read, at least and at most. */
const CHUNK: u32 = 64 * 1024;
const MAX_CHUNK: u32 = 256 * 1024;
/** Zero bytes kept after the data so the bit reader may load 8 bytes at any valid position. */
export const SLACK: u32 = 16;

export function pluginError(code: ErrorCode, message: string): PluginError {
  const result: PluginError = { code, message };
  return result;
}

export class Source {
  /** Buffered bytes are `buffer[pos..end)`; `buffer[0]` is at stream offset `base`. */
  buffer: Uint8Array = new Uint8Array(<i32>(CHUNK * 2 + SLACK));
  pos: u32 = 0;
  end: u32 = 0;
  base: u64 = 0;
  /** The host reported the end of the stream (nothing after `end`). */
  eof: bool = false;
  /** The last host error, kept for the caller to report. */
  failure: PluginError | null = null;
  readonly seekable: bool;
  readonly length: u64;

  constructor(readonly input: InputStream) {
    this.seekable = (input.capabilities() & StreamCapabilities.Seekable) != 0;
    const known = input.length();
    this.length = known !== null ? known.value : 0;
  }

  /** Stream offset of the next unread byte. */
  @inline get offset(): u64 {
    return this.base + <u64>this.pos;
  }

  @inline get available(): u32 {
    return this.end - this.pos;
  }

  @inline get data(): usize {
    return this.buffer.dataStart;
  }

  /**
   * Makes at least `count` bytes available from `pos` (fewer only at the end of the stream
   * or on a host error, which is left in `failure`). Returns whether `count` are there.
   */
  ensure(count: u32): bool {
    if (this.available >= count) return true;
    if (this.eof || this.failure !== null) return false;
    this.compact(count);
    while (this.available < count) {
      const room = <u32>this.buffer.length - SLACK - this.end;
      const chunk = this.input.read(min(max(room, CHUNK), MAX_CHUNK));
      if (!chunk.isOk) {
        this.failure = chunk.error;
        break;
      }
      const bytes = chunk.value;
      if (bytes.length == 0) {
        this.eof = true;
        break;
      }
      this.append(bytes);
    }
    memory.fill(this.data + this.end, 0, SLACK);
    return this.available >= count;
  }

  /** Moves unread bytes to the front and grows the buffer so `count` of them fit. */
  private compact(count: u32): void {
    const keep = this.available;
    const needed = max(count, keep) + CHUNK + SLACK;
    // Grow for a big frame or metadata block; shrink again after one (e.g. a large picture).
    const size = <u32>this.buffer.length;
    if (size < needed || (size > 4 * needed && size > 1024 * 1024)) {
      const resized = new Uint8Array(<i32>(size < needed ? max(needed, size * 2) : needed * 2));
      memory.copy(resized.dataStart, this.data + this.pos, keep);
      this.buffer = resized;
    } else if (this.pos > 0) {
      memory.copy(this.data, this.data + this.pos, keep);
    }
    this.base += <u64>this.pos;
    this.pos = 0;
    this.end = keep;
  }

  private append(bytes: Uint8Array): void {
    const length = <u32>bytes.length;
    if (this.end + length + SLACK > <u32>this.buffer.length) {
      const grown = new Uint8Array(<i32>((this.end + length + SLACK) * 2));
      memory.copy(grown.dataStart, this.data, this.end);
      this.buffer = grown;
    }
    memory.copy(this.data + this.end, bytes.dataStart, length);
    this.end += length;
  }

  /** Skips `count` bytes (seeking past them when they are not buffered and the stream allows). */
  skip(count: u64): bool {
    if (<u64>this.available >= count) {
      this.pos += <u32>count;
      return true;
    }
    if (this.seekable) return this.seekTo(this.offset + count);
    while (count > 0) {
      if (this.available == 0 && !this.ensure(1)) return false;
      const step = <u32>min(<u64>this.available, count);
      this.pos += step;
      count -= <u64>step;
    }
    return true;
  }

  /** Moves to a stream offset, reusing buffered bytes when the offset is inside them. */
  seekTo(offset: u64): bool {
    if (offset >= this.base && offset <= this.base + <u64>this.end) {
      this.pos = <u32>(offset - this.base);
      return true;
    }
    const failed = this.input.seek(offset);
    if (failed !== null) {
      this.failure = failed;
      return false;
    }
    this.base = offset;
    this.pos = 0;
    this.end = 0;
    this.eof = false;
    return true;
  }

  @inline byteAt(index: u32): u32 {
    return <u32>load<u8>(this.data + this.pos + index);
  }

  /** Big-endian unsigned integer of `bytes` (≤ 4) bytes at `pos + index`. */
  uintAt(index: u32, bytes: u32): u32 {
    let value: u32 = 0;
    for (let i: u32 = 0; i < bytes; i++) value = (value << 8) | this.byteAt(index + i);
    return value;
  }

  /** Little-endian u32 at `pos + index`. */
  @inline u32LeAt(index: u32): u32 {
    return load<u32>(this.data + this.pos + index);
  }
}
