// FLAC frame headers: sync code, block size, sample rate, channel assignment, sample size
// and the coded frame/sample number, checked with CRC-8. Also used to find frames when
// seeking without a seektable, so it never reads outside the bytes it is given.
import { crc8 } from "./crc";

/** The properties of the stream a frame header may refer back to (from STREAMINFO). */
export class StreamParams {
  sampleRate: u32 = 0;
  channels: u32 = 0;
  bitsPerSample: u32 = 0;
  minBlockSize: u32 = 0;
  maxBlockSize: u32 = 0;
  minFrameSize: u32 = 0;
  maxFrameSize: u32 = 0;
  totalSamples: u64 = 0;
}

export const ASSIGN_LEFT_SIDE: u32 = 8;
export const ASSIGN_RIGHT_SIDE: u32 = 9;
export const ASSIGN_MID_SIDE: u32 = 10;

/** Longest possible header: sync+codes (4), 7-byte number, 2+2 extra codes, CRC-8. */
export const MAX_HEADER_BYTES: u32 = 16;

const RATES: StaticArray<u32> = [0, 88200, 176400, 192000, 8000, 16000, 22050, 24000, 32000, 44100, 48000, 96000, 0, 0, 0, 0];
const SIZES: StaticArray<u32> = [0, 8, 12, 0, 16, 20, 24, 32];

/** The big-endian 8- or 16-bit value that follows some block size and sample rate codes. */
function extraCode(at: usize, bytes: u32): u32 {
  if (bytes == 0) return 0;
  return bytes == 1 ? <u32>load<u8>(at) : (<u32>load<u8>(at) << 8) | <u32>load<u8>(at, 1);
}

export class FrameHeader {
  blockSize: u32 = 0;
  sampleRate: u32 = 0;
  channels: u32 = 0;
  assignment: u32 = 0;
  bitsPerSample: u32 = 0;
  variable: bool = false;
  /** Frame number (fixed blocking) or first sample number (variable blocking). */
  number: u64 = 0;
  firstSample: u64 = 0;
  /** Header bytes including the CRC-8. */
  length: u32 = 0;
  /** Why bytes starting with a sync code were not accepted (empty when there was no sync code). */
  rejected: string = "";

  private reject(reason: string): bool {
    this.rejected = reason;
    return false;
  }

  /**
   * Parses a header at `at` with `available` readable bytes. Returns false when the bytes
   * are not a valid header (wrong sync, reserved codes, CRC-8 mismatch, too few bytes).
   */
  parse(at: usize, available: u32, stream: StreamParams): bool {
    this.rejected = "";
    if (available < 2) return false;
    const b1 = <u32>load<u8>(at, 1);
    if (load<u8>(at) != 0xff || (b1 & 0xfe) != 0xf8) return false;
    if (available < 6) return this.reject("the file ends inside a frame header");
    const b2 = <u32>load<u8>(at, 2);
    const b3 = <u32>load<u8>(at, 3);
    const sizeCode = b2 >> 4;
    const rateCode = b2 & 15;
    const channelCode = b3 >> 4;
    const depthCode = (b3 >> 1) & 7;
    if (sizeCode == 0 || rateCode == 15 || channelCode > 10 || depthCode == 3 || (b3 & 1) != 0) return this.reject("its header uses reserved codes");
    this.variable = (b1 & 1) != 0;
    let length = this.parseNumber(at, available);
    if (length == 0) return this.reject("its frame number is malformed");
    const sizeBytes: u32 = sizeCode == 6 ? 1 : sizeCode == 7 ? 2 : 0;
    const rateBytes: u32 = rateCode == 12 ? 1 : rateCode >= 13 ? 2 : 0;
    if (length + sizeBytes + rateBytes >= available) return this.reject("the file ends inside a frame header");
    const sizeValue = extraCode(at + length, sizeBytes);
    this.blockSize = sizeBytes > 0 ? sizeValue + 1 : sizeCode == 1 ? 192 : sizeCode <= 5 ? 576 << (sizeCode - 2) : 256 << (sizeCode - 8);
    length += sizeBytes;
    const rateValue = extraCode(at + length, rateBytes);
    if (rateCode == 0) this.sampleRate = stream.sampleRate;
    else if (rateCode < 12) this.sampleRate = unchecked(RATES[rateCode]);
    else this.sampleRate = rateCode == 12 ? rateValue * 1000 : rateCode == 13 ? rateValue : rateValue * 10;
    length += rateBytes;
    if (crc8(at, length) != <u32>load<u8>(at + length)) return this.reject("its header CRC-8 does not match");
    this.length = length + 1;
    this.assignment = channelCode;
    this.channels = channelCode < 8 ? channelCode + 1 : 2;
    this.bitsPerSample = depthCode == 0 ? stream.bitsPerSample : unchecked(SIZES[depthCode]);
    // Fixed blocking numbers frames; every frame but the last has the maximum block size.
    const fixedSize = stream.maxBlockSize >= 16 ? stream.maxBlockSize : this.blockSize;
    this.firstSample = this.variable ? this.number : this.number * <u64>fixedSize;
    return true;
  }

  /** The UTF-8-like coded number after the fixed header bytes; returns the header length so far (0 if invalid). */
  private parseNumber(at: usize, available: u32): u32 {
    const first = <u32>load<u8>(at, 4);
    let extra: u32 = 0;
    let value: u64 = 0;
    if (first < 0x80) {
      value = first;
    } else {
      // The count of leading one bits gives the length; the rest of the byte is the top of the value.
      const ones = <u32>clz<u32>(~(first << 24));
      if (ones < 2 || ones > 7) return 0;
      extra = ones - 1;
      value = ones == 7 ? 0 : <u64>(first & (0x7f >> ones));
    }
    if (<u32>5 + extra >= available) return 0;
    for (let i: u32 = 0; i < extra; i++) {
      const byte = <u32>load<u8>(at + 5 + i);
      if ((byte & 0xc0) != 0x80) return 0;
      value = (value << 6) | <u64>(byte & 0x3f);
    }
    this.number = value;
    return 5 + extra;
  }

  /** Whether the header agrees with the stream (a frame of another stream, or a false sync, does not). */
  matches(stream: StreamParams): bool {
    if (this.channels == stream.channels && this.bitsPerSample == stream.bitsPerSample && this.sampleRate != 0) return true;
    return this.reject(
      "it declares " + this.channels.toString() + " channels of " + this.bitsPerSample.toString() + " bits where the stream has " + stream.channels.toString() + " of " + stream.bitsPerSample.toString(),
    );
  }
}
