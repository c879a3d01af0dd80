// Text decoding for tags, and the mapping of tag names to track-metadata fields.
import { PluginError, Tag, TrackMetadata } from "./generated/main/types";
import { ErrorCode } from "./generated/main/types";
import { Some } from "./generated/main/rt";

export function pluginError(code: ErrorCode, message: string): PluginError {
  const result: PluginError = { code, message };
  return result;
}

/** Four ASCII characters as the little-endian u32 they read as from a file. */
export function fourcc(id: string): u32 {
  return <u32>id.charCodeAt(0) | (<u32>id.charCodeAt(1) << 8) | (<u32>id.charCodeAt(2) << 16) | (<u32>id.charCodeAt(3) << 24);
}

/** A chunk id for messages, e.g. `'LIST'`. */
export function fourccName(id: u32): string {
  let name = "";
  for (let shift = 0; shift < 32; shift += 8) {
    const code = (id >> shift) & 0xff;
    name += code >= 0x20 && code < 0x7f ? String.fromCharCode(code) : "?";
  }
  return name;
}

/** ISO-8859-1 bytes. */
export function latin1(ptr: usize, length: i32): string {
  const units = new Uint16Array(length);
  for (let i = 0; i < length; i++) units[i] = <u16>load<u8>(ptr + <usize>i);
  return String.UTF16.decodeUnsafe(units.dataStart, <usize>length << 1);
}

/** UTF-16 code units in either byte order. */
export function utf16(ptr: usize, length: i32, bigEndian: bool): string {
  const count = length >> 1;
  if (!bigEndian) return String.UTF16.decodeUnsafe(ptr, <usize>count << 1);
  const units = new Uint16Array(count);
  for (let i = 0; i < count; i++) units[i] = bswap<u16>(load<u16>(ptr + (<usize>i << 1)));
  return String.UTF16.decodeUnsafe(units.dataStart, <usize>count << 1);
}

/** UTF-8 bytes, cut at the first NUL. */
export function utf8(ptr: usize, length: i32): string {
  let end = 0;
  while (end < length && load<u8>(ptr + <usize>end) != 0) end++;
  return String.UTF8.decodeUnsafe(ptr, <usize>end);
}

/** Trims trailing NULs and surrounding spaces; tags padded by their writers carry both. */
export function clean(value: string): string {
  let end = value.length;
  while (end > 0 && value.charCodeAt(end - 1) == 0) end--;
  return value.substring(0, end).trim();
}

/** The leading decimal number of `text` ("3/12" → 3, "2021-05-01" → 2021), or -1. */
export function leadingNumber(text: string): i64 {
  let value: i64 = 0;
  let digits = 0;
  for (let i = 0; i < text.length && digits < 9; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) break;
    value = value * 10 + <i64>(code - 48);
    digits++;
  }
  return digits == 0 ? -1 : value;
}

/** The number after a slash ("3/12" → 12), or -1. */
function totalAfterSlash(text: string): i64 {
  const slash = text.indexOf("/");
  return slash < 0 ? -1 : leadingNumber(text.substring(slash + 1).trim());
}

/**
 * Records a tag under a normalised name (`title`, `artist`, `album`, `album-artist`, `genre`,
 * `track`, `disc`, `date`, or anything else as a raw tag). The first value of a field wins.
 */
export function setField(metadata: TrackMetadata, key: string, raw: string): void {
  const value = clean(raw);
  if (value.length == 0) return;
  if (key == "title") {
    if (metadata.title === null) metadata.title = value;
  } else if (key == "artist") {
    if (metadata.artist === null) metadata.artist = value;
  } else if (key == "album") {
    if (metadata.album === null) metadata.album = value;
  } else if (key == "album-artist") {
    if (metadata.albumArtist === null) metadata.albumArtist = value;
  } else if (key == "genre") {
    if (metadata.genre === null) metadata.genre = value;
  } else if (key == "track") {
    setNumbers(metadata, value, true);
  } else if (key == "disc") {
    setNumbers(metadata, value, false);
  } else {
    if (key == "date" && metadata.year === null) {
      const year = leadingNumber(value);
      if (year > 0) metadata.year = new Some<u32>(<u32>year);
    }
    addTag(metadata, key, value);
  }
}

function setNumbers(metadata: TrackMetadata, value: string, track: bool): void {
  const number = leadingNumber(value);
  const total = totalAfterSlash(value);
  if (track) {
    if (number > 0 && metadata.trackNumber === null) metadata.trackNumber = new Some<u32>(<u32>number);
    if (total > 0 && metadata.trackTotal === null) metadata.trackTotal = new Some<u32>(<u32>total);
  } else if (number > 0 && metadata.discNumber === null) {
    metadata.discNumber = new Some<u32>(<u32>number);
  }
}

export function addTag(metadata: TrackMetadata, key: string, value: string): void {
  const tag: Tag = { key, value };
  metadata.tags.push(tag);
}

/** Whether `length` bytes at `ptr` are well-formed UTF-8 (so they are not Latin-1). */
function isUtf8(ptr: usize, length: i32): bool {
  let i = 0;
  while (i < length) {
    const lead = load<u8>(ptr + <usize>i);
    const extra = lead < 0x80 ? 0 : lead >= 0xc2 && lead < 0xe0 ? 1 : lead >= 0xe0 && lead < 0xf0 ? 2 : lead >= 0xf0 && lead < 0xf5 ? 3 : -1;
    if (extra < 0 || i + extra >= length) return false;
    for (let k = 1; k <= extra; k++) {
      if ((load<u8>(ptr + <usize>(i + k)) & 0xc0) != 0x80) return false;
    }
    i += 1 + extra;
  }
  return true;
}

/** A text chunk of unspecified encoding (RIFF INFO, AIFF NAME…): UTF-8 when valid, else Latin-1. */
export function chunkText(ptr: usize, length: i32): string {
  let end = 0;
  while (end < length && load<u8>(ptr + <usize>end) != 0) end++;
  return isUtf8(ptr, end) ? String.UTF8.decodeUnsafe(ptr, <usize>end) : latin1(ptr, end);
}
