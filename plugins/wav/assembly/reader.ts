// Buffered reading over the host's input-stream. Every `InputStream.read` is a round trip
// to another thread, so bytes are fetched in large chunks into one reused buffer and parsed
// from there; seeks inside the buffered window cost nothing.
import { InputStream, PluginError, StreamCapabilities } from "./generated/main/host-stream";

/** The host never returns more than this per read. */
const HOST_READ_LIMIT: i32 = 1 << 20;
/** What a read asks for while parsing headers (keeps the first answer quick on slow streams). */
export const HEADER_READ_BYTES: i32 = 64 << 10;
/** What a read asks for while decoding audio. */
export const AUDIO_READ_BYTES: i32 = 512 << 10;

export class ByteReader {
  buffer: Uint8Array = new Uint8Array(HEADER_READ_BYTES);
  /** Parse position inside `buffer`. */
  start: i32 = 0;
  /** End of valid bytes inside `buffer`. */
  end: i32 = 0;
  /** Stream offset of `buffer[start]`. */
  offset: u64 = 0;
  /** The stream returned an empty read. */
  ended: bool = false;
  /** How much one host read asks for. */
  readSize: i32 = HEADER_READ_BYTES;
  readonly seekable: bool;
  readonly length: u64;
  readonly lengthKnown: bool;

  constructor(readonly input: InputStream) {
    const capabilities = input.capabilities();
    this.seekable = (capabilities & StreamCapabilities.Seekable) != 0;
    const length = (capabilities & StreamCapabilities.KnownLength) != 0 ? input.length() : null;
    this.lengthKnown = length !== null;
    this.length = length !== null ? length.value : 0;
    this.offset = input.position();
  }

  @inline available(): i32 {
    return this.end - this.start;
  }

  /** Address of the next unparsed byte (valid until the next `fill`). */
  @inline pointer(): usize {
    return this.buffer.dataStart + <usize>this.start;
  }

  @inline consume(count: i32): void {
    this.start += count;
    this.offset += <u64>count;
  }

  /** Makes at least `count` bytes available, fewer only at end of stream. */
  fill(count: i32): PluginError | null {
    if (this.available() >= count) return null;
    this.makeRoom(count);
    while (this.available() < count && !this.ended) {
      const want = min(min(max(count - this.available(), this.readSize), this.buffer.length - this.end), HOST_READ_LIMIT);
      const chunk = this.input.read(<u32>want);
      if (!chunk.isOk) return chunk.error;
      const bytes = chunk.value;
      if (bytes.length == 0) {
        this.ended = true;
        break;
      }
      const taken = min(bytes.length, this.buffer.length - this.end);
      memory.copy(this.buffer.dataStart + <usize>this.end, bytes.dataStart, <usize>taken);
      this.end += taken;
      // Each host read arrives as a new array of up to 1 MiB. Collecting now (few live
      // objects, so cheap) returns it at once instead of letting memory grow with the file.
      if (bytes.length >= HEADER_READ_BYTES) __collect();
    }
    return null;
  }

  /** Moves unparsed bytes to the front, growing the buffer when `count` would not fit. */
  private makeRoom(count: i32): void {
    const kept = this.available();
    const capacity = max(this.buffer.length, max(count, this.readSize));
    if (capacity > this.buffer.length) {
      const grown = new Uint8Array(capacity);
      memory.copy(grown.dataStart, this.pointer(), <usize>kept);
      this.buffer = grown;
    } else if (this.start > 0) {
      memory.copy(this.buffer.dataStart, this.pointer(), <usize>kept);
    }
    this.start = 0;
    this.end = kept;
  }

  /** Skips `count` bytes, by seeking when the stream allows it. */
  skip(count: u64): PluginError | null {
    if (count <= <u64>this.available()) {
      this.consume(<i32>count);
      return null;
    }
    if (this.seekable) return this.seekTo(this.offset + count);
    let left = count;
    while (left > 0) {
      if (this.available() == 0) {
        const failed = this.fill(<i32>min(left, <u64>this.readSize));
        if (failed !== null) return failed;
        if (this.available() == 0) return null;
      }
      const step = <i32>min(left, <u64>this.available());
      this.consume(step);
      left -= <u64>step;
    }
    return null;
  }

  /** Moves to an absolute stream offset (inside the buffered window without a host call). */
  seekTo(target: u64): PluginError | null {
    const windowStart = this.offset - <u64>this.start;
    if (target >= windowStart && target <= this.offset + <u64>this.available()) {
      this.start = <i32>(target - windowStart);
      this.offset = target;
      return null;
    }
    const failed = this.input.seek(target);
    if (failed !== null) return failed;
    this.start = 0;
    this.end = 0;
    this.offset = target;
    this.ended = false;
    return null;
  }

  /** Switches to audio-sized reads and drops a buffer grown for a large tag. */
  startAudio(): void {
    this.readSize = AUDIO_READ_BYTES;
    if (this.buffer.length > AUDIO_READ_BYTES * 2 && this.available() <= AUDIO_READ_BYTES) {
      const smaller = new Uint8Array(AUDIO_READ_BYTES);
      const kept = this.available();
      memory.copy(smaller.dataStart, this.pointer(), <usize>kept);
      this.buffer = smaller;
      this.start = 0;
      this.end = kept;
    }
  }
}
