// One FLAC frame: header, one subframe per channel, stereo decorrelation, CRC-16. The
// decoded block stays in per-channel i64 buffers that are reused for every frame.
import { BitReader } from "./bits";
import { crc16 } from "./crc";
import { ASSIGN_LEFT_SIDE, ASSIGN_MID_SIDE, ASSIGN_RIGHT_SIDE, FrameHeader, MAX_HEADER_BYTES, StreamParams } from "./header";
import { Source } from "./source";
import { decodeSubframe, subframeError } from "./subframe";

export const FRAME_OK: i32 = 0;
export const FRAME_END: i32 = 1;
export const FRAME_ERROR: i32 = -1;
/** The bytes at the read position are not a frame header of this stream. */
export const FRAME_NO_SYNC: i32 = -2;

/**
 * No valid frame comes near this (65535 samples × 8 channels × 33 bits is about 2.2 MB);
 * corrupt data (say, a long run of zero bits read as one Rice code) must not make the
 * decoder buffer the rest of the file.
 */
const MAX_FRAME_BYTES: u32 = 8 * 1024 * 1024;

export class FrameDecoder {
  readonly header: FrameHeader = new FrameHeader();
  private readonly bits: BitReader = new BitReader();
  /** Per-channel i64 samples of the last decoded frame (one buffer, channel-major). */
  private samples: StaticArray<i64> = new StaticArray<i64>(0);
  private capacity: u32 = 0;
  /** What went wrong when `decode` returned FRAME_ERROR. */
  message: string = "";

  constructor(private readonly stream: StreamParams) {}

  /** Address of channel `channel`'s samples of the last frame. */
  @inline channel(channel: u32): usize {
    return changetype<usize>(this.samples) + ((<usize>channel * <usize>this.capacity) << 3);
  }

  private reserve(blockSize: u32): void {
    if (blockSize <= this.capacity) return;
    this.capacity = max(blockSize, this.stream.maxBlockSize);
    this.samples = new StaticArray<i64>(<i32>(this.capacity * this.stream.channels));
  }

  /** Reads the next frame header at the source position, without consuming it. */
  readHeader(source: Source): i32 {
    source.ensure(MAX_HEADER_BYTES);
    if (source.available == 0) return source.failure !== null ? this.error("reading the file failed: " + source.failure!.message) : FRAME_END;
    if (!this.header.parse(source.data + source.pos, source.available, this.stream)) return FRAME_NO_SYNC;
    if (!this.header.matches(this.stream)) return FRAME_NO_SYNC;
    return FRAME_OK;
  }

  /** Decodes the frame at the source position and consumes it. */
  decode(source: Source): i32 {
    const status = this.readHeader(source);
    if (status != FRAME_OK) return status;
    this.reserve(this.header.blockSize);
    let want: u32 = this.stream.maxFrameSize > 0 ? min(this.stream.maxFrameSize + 2, <u32>(1024 * 1024)) : 32768;
    while (true) {
      if (want > MAX_FRAME_BYTES) return this.error("the frame at byte " + source.offset.toString() + " would be larger than 8 MiB (the file is corrupt)");
      source.ensure(want);
      const result = this.decodeBuffered(source);
      if (result != FRAME_NO_SYNC) return result;
      if (source.eof) return this.error("the file ends in the middle of a frame (it is truncated)");
      if (source.failure !== null) return this.error("reading the file failed: " + source.failure!.message);
      want = source.available * 2;
    }
  }

  /** Decodes from buffered bytes; FRAME_NO_SYNC here means "needs more bytes". */
  private decodeBuffered(source: Source): i32 {
    const header = this.header;
    const start = source.data + source.pos;
    const limit = source.data + source.end;
    const bits = this.bits;
    bits.reset(start + header.length, limit);
    for (let c: u32 = 0; c < header.channels; c++) {
      let bps = header.bitsPerSample;
      if ((header.assignment == ASSIGN_LEFT_SIDE || header.assignment == ASSIGN_MID_SIDE) && c == 1) bps++;
      if (header.assignment == ASSIGN_RIGHT_SIDE && c == 0) bps++;
      const ok = decodeSubframe(bits, this.channel(c), header.blockSize, bps);
      if (bits.overran) return FRAME_NO_SYNC;
      if (!ok) return this.error(this.at(source) + subframeError);
    }
    bits.alignToByte();
    const footer = bits.bytePosition();
    if (footer + 2 > limit) return FRAME_NO_SYNC;
    const expected = (<u32>load<u8>(footer) << 8) | <u32>load<u8>(footer, 1);
    if (crc16(start, <u32>(footer - start)) != expected) return this.error(this.at(source) + "its CRC-16 does not match (the data is corrupt)");
    this.decorrelate();
    source.pos += <u32>(footer + 2 - start);
    return FRAME_OK;
  }

  private at(source: Source): string {
    return "the frame at byte " + source.offset.toString() + " (sample " + this.header.firstSample.toString() + ") is corrupt: ";
  }

  private error(message: string): i32 {
    this.message = message;
    return FRAME_ERROR;
  }

  private decorrelate(): void {
    const assignment = this.header.assignment;
    if (assignment < ASSIGN_LEFT_SIDE) return;
    const a = this.channel(0);
    const b = this.channel(1);
    const end = <usize>this.header.blockSize << 3;
    if (assignment == ASSIGN_LEFT_SIDE) {
      for (let i: usize = 0; i < end; i += 8) store<i64>(b + i, load<i64>(a + i) - load<i64>(b + i));
    } else if (assignment == ASSIGN_RIGHT_SIDE) {
      for (let i: usize = 0; i < end; i += 8) store<i64>(a + i, load<i64>(a + i) + load<i64>(b + i));
    } else {
      for (let i: usize = 0; i < end; i += 8) {
        const side = load<i64>(b + i);
        const mid = (load<i64>(a + i) << 1) | (side & 1);
        store<i64>(a + i, (mid + side) >> 1);
        store<i64>(b + i, (mid - side) >> 1);
      }
    }
  }
}
