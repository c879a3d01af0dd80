// RIFF WAVE (and RF64 / BW64): `fmt ` (PCM, IEEE float, EXTENSIBLE), `ds64`, `data`,
// LIST/INFO and `id3 ` tags.
import { ErrorCode } from "./generated/main/types";
import { ChunkWalker, Step } from "./chunks";
import { readId3 } from "./id3";
import { Encoding, Layout } from "./pcm";
import { ByteReader } from "./reader";
import { chunkText, fourcc, setField } from "./text";

const RIFF = fourcc("RIFF");
const RF64 = fourcc("RF64");
const BW64 = fourcc("BW64");
const WAVE = fourcc("WAVE");
const FMT = fourcc("fmt ");
const DATA = fourcc("data");
const DS64 = fourcc("ds64");
const LIST = fourcc("LIST");
const INFO = fourcc("INFO");
const ID3_LOWER = fourcc("id3 ");
const ID3_UPPER = fourcc("ID3 ");

const FORMAT_PCM: u16 = 0x0001;
const FORMAT_FLOAT: u16 = 0x0003;
const FORMAT_EXTENSIBLE: u16 = 0xfffe;
/** Bytes 2–15 of every KSDATAFORMAT_SUBTYPE GUID derived from a format tag. */
const GUID_TAIL: StaticArray<u8> = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

/** Whether the first 12 bytes at `ptr` are a RIFF/RF64/BW64 WAVE header. */
export function isWav(ptr: usize, length: i32): bool {
  if (length < 12) return false;
  const magic = load<u32>(ptr);
  return (magic == RIFF || magic == RF64 || magic == BW64) && load<u32>(ptr, 8) == WAVE;
}

export function isRiffMagic(ptr: usize, length: i32): bool {
  if (length < 4) return false;
  const magic = load<u32>(ptr);
  return magic == RIFF || magic == RF64 || magic == BW64;
}

function formatName(tag: u16): string {
  if (tag == 0x0002) return "Microsoft ADPCM";
  if (tag == 0x0006) return "A-law";
  if (tag == 0x0007) return "µ-law";
  if (tag == 0x0011) return "IMA ADPCM";
  if (tag == 0x0031) return "GSM 6.10";
  if (tag == 0x0050) return "MPEG audio";
  if (tag == 0x0055) return "MP3";
  if (tag == 0x2000) return "AC-3";
  return "compressed audio";
}

function hex4(value: u16): string {
  const digits = value.toString(16);
  return "0x" + "0000".substring(digits.length) + digits;
}

export class WavWalker extends ChunkWalker {
  /** The 64-bit data size from `ds64` (RF64), used when `data` says 0xFFFFFFFF. */
  private dataSize64: u64 = u64.MAX_VALUE;

  constructor(reader: ByteReader, layout: Layout) {
    super(reader, layout, false);
  }

  handle(id: u32, size: u64, trailing: bool): Step {
    if (id == DATA) {
      if (trailing) return Step.Continue;
      const layout = this.layout;
      layout.dataOffset = this.reader.offset;
      layout.dataBytes = size == 0xffffffff ? this.dataSize64 : size == 0 ? u64.MAX_VALUE : size;
      return Step.Audio;
    }
    if (id == FMT && !trailing) return this.format(size);
    if (id == DS64 && !trailing) return this.ds64(size);
    if (id == LIST) return this.list(size);
    if (id == ID3_LOWER || id == ID3_UPPER) {
      if (this.tagBody(size)) {
        readId3(this.reader.pointer(), <i32>size, this.layout.metadata);
        return this.doneBody(size) ? Step.Continue : Step.Failed;
      }
      return this.error === null ? Step.Continue : Step.Failed;
    }
    return this.skipBody(size) ? Step.Continue : Step.Failed;
  }

  private ds64(size: u64): Step {
    if (size < 24 || !this.tagBody(size)) return this.fail(ErrorCode.CorruptData, "the ds64 chunk is cut short");
    this.dataSize64 = load<u64>(this.reader.pointer(), 8);
    return this.doneBody(size) ? Step.Continue : Step.Failed;
  }

  private format(size: u64): Step {
    if (size < 16 || !this.tagBody(size)) return this.fail(ErrorCode.CorruptData, "the fmt chunk is cut short; the file is damaged");
    const at = this.reader.pointer();
    let tag = load<u16>(at);
    const channels = load<u16>(at, 2);
    const rate = load<u32>(at, 4);
    const bits = load<u16>(at, 14);
    let validBits = bits;
    if (tag == FORMAT_EXTENSIBLE) {
      if (size < 40) return this.fail(ErrorCode.CorruptData, "the EXTENSIBLE fmt chunk is cut short");
      const declaredValid = load<u16>(at, 18);
      if (declaredValid > 0 && declaredValid <= bits) validBits = declaredValid;
      tag = load<u16>(at, 24);
      for (let i = 0; i < GUID_TAIL.length; i++) {
        if (load<u8>(at + 26 + <usize>i) != GUID_TAIL[i]) return this.fail(ErrorCode.Unsupported, "the EXTENSIBLE sub-format is not PCM or IEEE float and is not supported");
      }
    }
    const step = this.setLayout(tag, channels, rate, bits, validBits);
    if (step != Step.Continue) return step;
    this.formatKnown = true;
    return this.doneBody(size) ? Step.Continue : Step.Failed;
  }

  private setLayout(tag: u16, channels: u16, rate: u32, bits: u16, validBits: u16): Step {
    const layout = this.layout;
    if (tag != FORMAT_PCM && tag != FORMAT_FLOAT) {
      return this.fail(ErrorCode.Unsupported, formatName(tag) + " (format " + hex4(tag) + ") is not supported; convert the file to PCM WAV or FLAC");
    }
    if (channels == 0 || channels > 32) return this.fail(ErrorCode.Unsupported, channels.toString() + " channels are not supported (1 to 32 are)");
    if (rate == 0 || rate > 1536000) return this.fail(ErrorCode.CorruptData, "the sample rate " + rate.toString() + " Hz is not valid");
    if (tag == FORMAT_FLOAT) {
      if (bits != 32 && bits != 64) return this.fail(ErrorCode.Unsupported, bits.toString() + "-bit float samples are not supported (32 and 64 are)");
      layout.encoding = Encoding.FloatLE;
    } else {
      if (bits == 0 || bits > 32) return this.fail(ErrorCode.Unsupported, bits.toString() + "-bit PCM is not supported (1 to 32 bits are)");
      layout.encoding = bits <= 8 ? Encoding.U8 : Encoding.IntLE;
    }
    layout.channels = channels;
    layout.sampleRate = rate;
    layout.bytesPerSample = (<i32>bits + 7) >> 3;
    layout.validBits = <u8>validBits;
    return Step.Continue;
  }

  /** LIST/INFO: zero-terminated text entries. */
  private list(size: u64): Step {
    if (size < 4 || !this.tagBody(size)) return this.error === null ? Step.Continue : Step.Failed;
    const base = this.reader.pointer();
    if (load<u32>(base) == INFO) {
      let at: u64 = 4;
      while (at + 8 <= size) {
        const key = load<u32>(base + <usize>at);
        const length = <u64>load<u32>(base + <usize>at, 4);
        if (at + 8 + length > size) break;
        const field = infoField(key);
        if (field.length > 0) setField(this.layout.metadata, field, chunkText(base + <usize>at + 8, <i32>length));
        at += 8 + length + (length & 1);
      }
    }
    return this.doneBody(size) ? Step.Continue : Step.Failed;
  }
}

/** The normalised name of a RIFF INFO entry (as ffmpeg maps them), or "" to ignore it. */
function infoField(key: u32): string {
  if (key == fourcc("INAM")) return "title";
  if (key == fourcc("IART")) return "artist";
  if (key == fourcc("IPRD")) return "album";
  if (key == fourcc("IGNR")) return "genre";
  if (key == fourcc("ITRK") || key == fourcc("IPRT")) return "track";
  if (key == fourcc("ICRD")) return "date";
  if (key == fourcc("ICMT")) return "comment";
  if (key == fourcc("ICOP")) return "copyright";
  if (key == fourcc("ISFT")) return "encoder";
  if (key == fourcc("IENG")) return "engineer";
  return "";
}

/** Parses the WAV header; returns false with `walker.error` set when the file cannot be played. */
export function parseWav(reader: ByteReader, layout: Layout): WavWalker {
  const walker = new WavWalker(reader, layout);
  const at = reader.pointer();
  if (load<u32>(at) != RIFF) layout.container = "RF64";
  reader.consume(12);
  walker.walk();
  return walker;
}
