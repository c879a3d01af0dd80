// AIFF and AIFF-C: `COMM` (80-bit extended sample rate, AIFF-C compression type), `SSND`,
// NAME/AUTH/(c)/ANNO text chunks and `ID3 ` tags. Big-endian throughout.
import { ErrorCode } from "./generated/main/types";
import { ChunkWalker, Step } from "./chunks";
import { readId3 } from "./id3";
import { Encoding, Layout } from "./pcm";
import { ByteReader } from "./reader";
import { chunkText, fourcc, fourccName, setField } from "./text";

const FORM = fourcc("FORM");
const AIFF = fourcc("AIFF");
const AIFC = fourcc("AIFC");
const COMM = fourcc("COMM");
const SSND = fourcc("SSND");
const NAME = fourcc("NAME");
const AUTH = fourcc("AUTH");
const COPYRIGHT = fourcc("(c) ");
const ANNO = fourcc("ANNO");
const ID3 = fourcc("ID3 ");

export function isAiff(ptr: usize, length: i32): bool {
  if (length < 12 || load<u32>(ptr) != FORM) return false;
  const kind = load<u32>(ptr, 8);
  return kind == AIFF || kind == AIFC;
}

export function isFormMagic(ptr: usize, length: i32): bool {
  return length >= 4 && load<u32>(ptr) == FORM;
}

/** An IEEE 754 80-bit extended float (big-endian), as AIFF stores the sample rate. */
function extended(ptr: usize): f64 {
  const exponent = <i32>(bswap<u16>(load<u16>(ptr)) & 0x7fff);
  const mantissa = bswap<u64>(load<u64>(ptr, 2));
  if (exponent == 0 && mantissa == 0) return 0;
  return <f64>mantissa * Math.pow(2, <f64>(exponent - 16383 - 63));
}

export class AiffWalker extends ChunkWalker {
  constructor(
    reader: ByteReader,
    layout: Layout,
    readonly compressed: bool,
  ) {
    super(reader, layout, true);
  }

  handle(id: u32, size: u64, trailing: bool): Step {
    if (id == SSND) return trailing ? Step.Continue : this.sound(size);
    if (id == COMM && !trailing) return this.common(size);
    if (id == NAME || id == AUTH || id == COPYRIGHT || id == ANNO || id == ID3) {
      if (!this.tagBody(size)) return this.error === null ? Step.Continue : Step.Failed;
      const at = this.reader.pointer();
      const metadata = this.layout.metadata;
      if (id == ID3) readId3(at, <i32>size, metadata);
      else setField(metadata, id == NAME ? "title" : id == AUTH ? "artist" : id == ANNO ? "comment" : "copyright", chunkText(at, <i32>size));
      return this.doneBody(size) ? Step.Continue : Step.Failed;
    }
    return this.skipBody(size) ? Step.Continue : Step.Failed;
  }

  private sound(size: u64): Step {
    if (!this.checked(this.reader.fill(8))) return Step.Failed;
    if (this.reader.available() < 8) return this.fail(ErrorCode.CorruptData, "the SSND chunk is cut short");
    const offset = <u64>bswap<u32>(load<u32>(this.reader.pointer()));
    this.reader.consume(8);
    if (!this.checked(this.reader.skip(offset))) return Step.Failed;
    const layout = this.layout;
    layout.dataOffset = this.reader.offset;
    // Streaming writers leave the size 0 (or too small for the header): the audio runs to the end.
    layout.dataBytes = size == 0 || size == 0xffffffff || size < 8 + offset ? u64.MAX_VALUE : size - 8 - offset;
    return Step.Audio;
  }

  private common(size: u64): Step {
    if (size < 18 || !this.tagBody(size)) return this.fail(ErrorCode.CorruptData, "the COMM chunk is cut short; the file is damaged");
    const at = this.reader.pointer();
    const layout = this.layout;
    const channels = bswap<u16>(load<u16>(at));
    const frames = bswap<u32>(load<u32>(at, 2));
    const bits = bswap<u16>(load<u16>(at, 6));
    const rate = Math.round(extended(at + 8));
    let compression = fourcc("NONE");
    if (this.compressed) {
      if (size < 22) return this.fail(ErrorCode.CorruptData, "the COMM chunk has no compression type");
      compression = load<u32>(at, 18);
    }
    if (channels == 0 || channels > 32) return this.fail(ErrorCode.Unsupported, channels.toString() + " channels are not supported (1 to 32 are)");
    if (!(rate >= 1 && rate <= 1536000)) return this.fail(ErrorCode.CorruptData, "the sample rate " + rate.toString() + " Hz is not valid");
    const step = this.setEncoding(compression, bits);
    if (step != Step.Continue) return step;
    layout.channels = channels;
    layout.sampleRate = <u32>rate;
    layout.declaredFrames = <u64>frames;
    this.formatKnown = true;
    return this.doneBody(size) ? Step.Continue : Step.Failed;
  }

  private setEncoding(compression: u32, bits: u16): Step {
    const layout = this.layout;
    if (compression == fourcc("fl32") || compression == fourcc("FL32") || compression == fourcc("fl64") || compression == fourcc("FL64")) {
      layout.encoding = Encoding.FloatBE;
      layout.bytesPerSample = compression == fourcc("fl32") || compression == fourcc("FL32") ? 4 : 8;
      layout.validBits = <u8>(layout.bytesPerSample * 8);
      return Step.Continue;
    }
    if (compression == fourcc("NONE") || compression == fourcc("twos")) layout.encoding = Encoding.IntBE;
    else if (compression == fourcc("sowt")) layout.encoding = Encoding.IntLE;
    else if (compression == fourcc("raw ") && bits == 8) layout.encoding = Encoding.U8;
    else return this.fail(ErrorCode.Unsupported, "compression '" + fourccName(compression) + "' is not supported (NONE, twos, sowt, fl32 and fl64 are); convert the file to PCM");
    if (bits == 0 || bits > 32) return this.fail(ErrorCode.Unsupported, bits.toString() + "-bit samples are not supported (1 to 32 bits are)");
    layout.bytesPerSample = (<i32>bits + 7) >> 3;
    layout.validBits = <u8>bits;
    return Step.Continue;
  }
}

/** Parses the AIFF header into `layout`; check the walker's `error`. */
export function parseAiff(reader: ByteReader, layout: Layout): AiffWalker {
  const compressed = load<u32>(reader.pointer(), 8) == AIFC;
  layout.container = compressed ? "AIFF-C" : "AIFF";
  const walker = new AiffWalker(reader, layout, compressed);
  reader.consume(12);
  walker.walk();
  return walker;
}
