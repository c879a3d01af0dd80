// Sample layouts of uncompressed audio and their conversion to f32. The scaling matches
// ffmpeg's (libswresample) bit for bit: integers become `sample / 2^(bits-1)` computed as
// `f32(sample) * 2^-(bits-1)`, unsigned 8-bit becomes `(u8 - 128) / 128`, and f64 is
// rounded to the nearest f32. Float input is passed through unclipped.
import { TrackMetadata } from "./generated/main/types";

export enum Encoding {
  /** 8-bit unsigned (WAV). */
  U8,
  /** Two's-complement integers, little-endian (WAV, AIFF-C `sowt`). */
  IntLE,
  /** Two's-complement integers, big-endian (AIFF; 8-bit AIFF is signed). */
  IntBE,
  /** IEEE floats, little-endian (WAV format 3). */
  FloatLE,
  /** IEEE floats, big-endian (AIFF-C `fl32` / `fl64`). */
  FloatBE,
}

/** Where the audio of a parsed file lies and how it is laid out. */
export class Layout {
  /** "WAV", "RF64", "AIFF" or "AIFF-C" (for messages and the codec name). */
  container: string = "WAV";
  sampleRate: u32 = 0;
  channels: u16 = 0;
  encoding: Encoding = Encoding.IntLE;
  /** Bytes per sample in the file (1–4, or 8 for f64). */
  bytesPerSample: i32 = 0;
  /** Meaningful bits (e.g. 20 for 20-bit audio in 24-bit containers). */
  validBits: u8 = 0;
  dataOffset: u64 = 0;
  /** Bytes of audio; `u64.MAX_VALUE` when the audio runs to the end of the stream. */
  dataBytes: u64 = u64.MAX_VALUE;
  /** Frame count a header declares (AIFF `COMM`, RF64 `ds64`); the smaller of it and the data wins. */
  declaredFrames: u64 = u64.MAX_VALUE;
  metadata: TrackMetadata = new TrackMetadata();

  @inline get blockAlign(): i32 {
    return this.bytesPerSample * <i32>this.channels;
  }

  get isFloat(): bool {
    return this.encoding == Encoding.FloatLE || this.encoding == Encoding.FloatBE;
  }

  /** Short codec name shown to users. */
  codecName(): string {
    const bits = (this.isFloat ? this.bytesPerSample * 8 : <i32>this.validBits).toString() + "-bit";
    if (this.container == "AIFF" || this.container == "AIFF-C") return this.container + (this.isFloat ? " float " : " ") + bits;
    return (this.isFloat ? "IEEE float " : "PCM ") + bits;
  }
}

const S8_SCALE: f32 = 1.0 / 128.0;
const S16_SCALE: f32 = 1.0 / 32768.0;
const S24_SCALE: f32 = 1.0 / 8388608.0;
const S32_SCALE: f32 = 1.0 / 2147483648.0;

/** Converts `count` samples at `src` (laid out as `layout` says) to f32 at `dst`. */
export function convert(layout: Layout, src: usize, dst: usize, count: i32): void {
  const width = layout.bytesPerSample;
  switch (layout.encoding) {
    case Encoding.U8:
      for (let i = 0; i < count; i++) store<f32>(dst + (<usize>i << 2), <f32>(<i32>load<u8>(src + <usize>i) - 128) * S8_SCALE);
      break;
    case Encoding.IntLE:
      convertIntLE(width, src, dst, count);
      break;
    case Encoding.IntBE:
      convertIntBE(width, src, dst, count);
      break;
    default:
      convertFloat(width, layout.encoding == Encoding.FloatBE, src, dst, count);
  }
}

function convertIntLE(width: i32, src: usize, dst: usize, count: i32): void {
  if (width == 1) {
    for (let i = 0; i < count; i++) store<f32>(dst + (<usize>i << 2), <f32>load<i8>(src + <usize>i) * S8_SCALE);
  } else if (width == 2) {
    for (let i = 0; i < count; i++) store<f32>(dst + (<usize>i << 2), <f32>load<i16>(src + (<usize>i << 1)) * S16_SCALE);
  } else if (width == 3) {
    for (let i = 0; i < count; i++) {
      const p = src + <usize>i * 3;
      const value = <i32>load<u8>(p) | (<i32>load<u8>(p, 1) << 8) | (<i32>load<i8>(p, 2) << 16);
      store<f32>(dst + (<usize>i << 2), <f32>value * S24_SCALE);
    }
  } else {
    for (let i = 0; i < count; i++) store<f32>(dst + (<usize>i << 2), <f32>load<i32>(src + (<usize>i << 2)) * S32_SCALE);
  }
}

function convertIntBE(width: i32, src: usize, dst: usize, count: i32): void {
  if (width == 1) {
    for (let i = 0; i < count; i++) store<f32>(dst + (<usize>i << 2), <f32>load<i8>(src + <usize>i) * S8_SCALE);
  } else if (width == 2) {
    for (let i = 0; i < count; i++) store<f32>(dst + (<usize>i << 2), <f32><i16>bswap<u16>(load<u16>(src + (<usize>i << 1))) * S16_SCALE);
  } else if (width == 3) {
    for (let i = 0; i < count; i++) {
      const p = src + <usize>i * 3;
      const value = (<i32>load<i8>(p) << 16) | (<i32>load<u8>(p, 1) << 8) | <i32>load<u8>(p, 2);
      store<f32>(dst + (<usize>i << 2), <f32>value * S24_SCALE);
    }
  } else {
    for (let i = 0; i < count; i++) store<f32>(dst + (<usize>i << 2), <f32><i32>bswap<u32>(load<u32>(src + (<usize>i << 2))) * S32_SCALE);
  }
}

function convertFloat(width: i32, bigEndian: bool, src: usize, dst: usize, count: i32): void {
  if (width == 4 && !bigEndian) {
    memory.copy(dst, src, <usize>count << 2);
  } else if (width == 4) {
    for (let i = 0; i < count; i++) store<u32>(dst + (<usize>i << 2), bswap<u32>(load<u32>(src + (<usize>i << 2))));
  } else if (!bigEndian) {
    for (let i = 0; i < count; i++) store<f32>(dst + (<usize>i << 2), <f32>load<f64>(src + (<usize>i << 3)));
  } else {
    for (let i = 0; i < count; i++) store<f32>(dst + (<usize>i << 2), <f32>reinterpret<f64>(bswap<u64>(load<u64>(src + (<usize>i << 3)))));
  }
}
