// The metadata blocks before the first frame: STREAMINFO, SEEKTABLE, VORBIS_COMMENT and
// PICTURE (others are skipped), after an optional ID3v2 tag some taggers prepend.
import { Picture, PictureKind, TrackMetadata } from "./generated/main/types";
import { Some } from "./generated/main/rt";
import { StreamParams } from "./header";
import { applyComment } from "./tags";
import { Source } from "./source";

const STREAMINFO: u32 = 0;
const SEEKTABLE: u32 = 3;
const VORBIS_COMMENT: u32 = 4;
const PICTURE: u32 = 6;
/** "fLaC" read as a big-endian u32. */
export const FLAC_MAGIC: u32 = 0x664c6143;

/** Length of an ID3v2 tag starting at `at` (0 if there is none). */
export function id3v2Length(at: usize, available: u32): u32 {
  if (available < 10 || load<u8>(at) != 0x49 || load<u8>(at, 1) != 0x44 || load<u8>(at, 2) != 0x33) return 0;
  let size: u32 = 0;
  for (let i: u32 = 6; i < 10; i++) size = (size << 7) | (<u32>load<u8>(at + i) & 0x7f);
  const footer: u32 = (load<u8>(at, 5) & 0x10) != 0 ? 10 : 0;
  return 10 + size + footer;
}

export class SeekPoint {
  constructor(
    readonly sample: u64,
    readonly offset: u64,
  ) {}
}

export class StreamHeader {
  readonly params: StreamParams = new StreamParams();
  readonly seekPoints: Array<SeekPoint> = new Array<SeekPoint>();
  readonly metadata: TrackMetadata = new TrackMetadata();
  /** Stream offset of the first frame. */
  firstFrame: u64 = 0;
  sawStreamInfo: bool = false;
  /** Why parsing failed (empty when it did not). */
  error: string = "";

  /** Reads everything up to the first frame; false (with `error`) when this is not FLAC. */
  read(source: Source): bool {
    source.ensure(10);
    const id3 = id3v2Length(source.data + source.pos, source.available);
    if (id3 > 0 && !source.skip(id3)) return this.fail("the file ends inside its ID3v2 tag");
    if (!source.ensure(4) || bswap<u32>(load<u32>(source.data + source.pos)) != FLAC_MAGIC) return this.fail("not a FLAC stream (no fLaC signature)");
    source.pos += 4;
    while (true) {
      if (!source.ensure(4)) return this.fail("the file ends inside its metadata blocks");
      const head = source.uintAt(0, 4);
      const last = (head >> 31) != 0;
      const type = (head >> 24) & 0x7f;
      const length = head & 0xffffff;
      source.pos += 4;
      if (type == STREAMINFO || type == SEEKTABLE || type == VORBIS_COMMENT || type == PICTURE) {
        if (!source.ensure(length)) return this.fail("the file ends inside a metadata block");
        if (!this.parseBlock(source, type, length)) return false;
        source.pos += length;
      } else if (!source.skip(<u64>length)) {
        return this.fail("the file ends inside a metadata block");
      }
      if (last) break;
    }
    if (!this.sawStreamInfo) return this.fail("the FLAC stream has no STREAMINFO block");
    this.firstFrame = source.offset;
    const params = this.params;
    if (params.totalSamples > 0) this.metadata.durationMs = new Some<u64>((params.totalSamples * 1000) / <u64>params.sampleRate);
    return true;
  }

  private fail(message: string): bool {
    this.error = message;
    return false;
  }

  private parseBlock(source: Source, type: u32, length: u32): bool {
    if (type == STREAMINFO) return this.parseStreamInfo(source, length);
    if (type == SEEKTABLE) this.parseSeekTable(source, length);
    else if (type == VORBIS_COMMENT) parseComments(source, length, this.metadata);
    else this.parsePicture(source, length);
    return true;
  }

  private parseStreamInfo(source: Source, length: u32): bool {
    if (length < 34) return this.fail("the STREAMINFO block is too short");
    const p = this.params;
    p.minBlockSize = source.uintAt(0, 2);
    p.maxBlockSize = source.uintAt(2, 2);
    p.minFrameSize = source.uintAt(4, 3);
    p.maxFrameSize = source.uintAt(7, 3);
    const packed = source.uintAt(10, 4);
    p.sampleRate = packed >> 12;
    p.channels = ((packed >> 9) & 7) + 1;
    p.bitsPerSample = ((packed >> 4) & 31) + 1;
    p.totalSamples = (<u64>(packed & 15) << 32) | <u64>source.uintAt(14, 4);
    if (p.sampleRate == 0) return this.fail("STREAMINFO declares a sample rate of 0");
    if (p.bitsPerSample < 4) return this.fail("STREAMINFO declares " + p.bitsPerSample.toString() + "-bit samples (FLAC needs 4 to 32)");
    if (p.maxBlockSize > 0 && p.maxBlockSize < 16) p.maxBlockSize = 0;
    this.sawStreamInfo = true;
    return true;
  }

  private parseSeekTable(source: Source, length: u32): void {
    for (let at: u32 = 0; at + 18 <= length; at += 18) {
      const sample = (<u64>source.uintAt(at, 4) << 32) | <u64>source.uintAt(at + 4, 4);
      if (sample == 0xffffffffffffffff) continue; // placeholder
      const offset = (<u64>source.uintAt(at + 8, 4) << 32) | <u64>source.uintAt(at + 12, 4);
      this.seekPoints.push(new SeekPoint(sample, offset));
    }
  }

  private parsePicture(source: Source, length: u32): void {
    if (length < 32) return;
    let at: u32 = 0;
    const type = source.uintAt(at, 4);
    const mimeLength = source.uintAt(at + 4, 4);
    if (mimeLength > length) return;
    const mime = String.UTF8.decodeUnsafe(source.data + source.pos + 8, mimeLength);
    at = 8 + mimeLength;
    if (at + 4 > length) return;
    const descriptionLength = source.uintAt(at, 4);
    if (at + 4 + descriptionLength + 20 > length) return;
    const description = String.UTF8.decodeUnsafe(source.data + source.pos + at + 4, descriptionLength);
    at += 4 + descriptionLength + 16;
    const dataLength = source.uintAt(at, 4);
    if (at + 4 + dataLength > length) return;
    const picture = new Picture();
    picture.kind = type == 3 ? PictureKind.FrontCover : type == 4 ? PictureKind.BackCover : type == 7 || type == 8 ? PictureKind.Artist : PictureKind.Other;
    picture.mimeType = mime;
    picture.description = description;
    picture.data = new Uint8Array(<i32>dataLength);
    memory.copy(picture.data.dataStart, source.data + source.pos + at + 4, dataLength);
    this.metadata.pictures.push(picture);
  }
}

/** VORBIS_COMMENT: little-endian lengths, a vendor string, then `KEY=value` entries. */
function parseComments(source: Source, length: u32, metadata: TrackMetadata): void {
  if (length < 8) return;
  const vendor = source.u32LeAt(0);
  if (vendor > length - 8) return;
  let at: u32 = 4 + vendor;
  const count = source.u32LeAt(at);
  at += 4;
  for (let i: u32 = 0; i < count && at + 4 <= length; i++) {
    const entryLength = source.u32LeAt(at);
    at += 4;
    if (entryLength > length - at) return;
    const entry = String.UTF8.decodeUnsafe(source.data + source.pos + at, entryLength);
    at += entryLength;
    const split = entry.indexOf("=");
    if (split > 0) applyComment(metadata, entry.substring(0, split), entry.substring(split + 1));
  }
}
