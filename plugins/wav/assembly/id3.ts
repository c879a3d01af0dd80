// ID3v2.3 / v2.4 tags as found in WAV `id3 ` and AIFF `ID3 ` chunks: text frames, TXXX
// and APIC pictures. Compressed or encrypted frames are skipped; a malformed tag is ignored
// from the first frame that does not fit (tags never stop playback).
import { Picture, PictureKind, TrackMetadata } from "./generated/main/types";
import { Some } from "./generated/main/rt";
import { addTag, clean, latin1, setField, utf16, utf8 } from "./text";

const HEADER_BYTES: i32 = 10;

/** A syncsafe 28-bit integer (7 bits per byte). */
function syncsafe(ptr: usize): u32 {
  return (<u32>(load<u8>(ptr) & 0x7f) << 21) | (<u32>(load<u8>(ptr, 1) & 0x7f) << 14) | (<u32>(load<u8>(ptr, 2) & 0x7f) << 7) | <u32>(load<u8>(ptr, 3) & 0x7f);
}

function bigEndian32(ptr: usize): u32 {
  return bswap<u32>(load<u32>(ptr));
}

/** Undoes unsynchronisation (FF 00 → FF) in place; returns the new length. */
function resync(ptr: usize, length: i32): i32 {
  let out = 0;
  for (let i = 0; i < length; i++) {
    const byte = load<u8>(ptr + <usize>i);
    store<u8>(ptr + <usize>out, byte);
    out++;
    if (byte == 0xff && i + 1 < length && load<u8>(ptr + <usize>i + 1) == 0) i++;
  }
  return out;
}

/** Reads an ID3v2 tag of `length` bytes at `ptr` (the bytes may be modified) into `metadata`. */
export function readId3(ptr: usize, length: i32, metadata: TrackMetadata): void {
  if (length < HEADER_BYTES || load<u8>(ptr) != 0x49 || load<u8>(ptr, 1) != 0x44 || load<u8>(ptr, 2) != 0x33) return;
  const version = load<u8>(ptr, 3);
  if (version != 3 && version != 4) return;
  const flags = load<u8>(ptr, 5);
  let end = min(length, HEADER_BYTES + <i32>syncsafe(ptr + 6));
  let at = HEADER_BYTES;
  if ((flags & 0x80) != 0 && version == 3) end = HEADER_BYTES + resync(ptr + HEADER_BYTES, end - HEADER_BYTES);
  if ((flags & 0x40) != 0 && at + 4 <= end) {
    const extended = version == 4 ? syncsafe(ptr + <usize>at) : bigEndian32(ptr + <usize>at) + 4;
    if (extended > <u32>(end - at)) return;
    at += <i32>extended;
  }
  while (at + HEADER_BYTES <= end && load<u8>(ptr + <usize>at) != 0) {
    const id = String.UTF8.decodeUnsafe(ptr + <usize>at, 4);
    const declared = version == 4 ? syncsafe(ptr + <usize>at + 4) : bigEndian32(ptr + <usize>at + 4);
    const format = load<u8>(ptr + <usize>at + 9);
    const body = at + HEADER_BYTES;
    if (declared > <u32>(end - body)) return;
    const size = <i32>declared;
    readFrame(id, ptr + <usize>body, size, version, format, metadata);
    at = body + size;
  }
}

function readFrame(id: string, ptr: usize, size: i32, version: u8, format: u8, metadata: TrackMetadata): void {
  let start = 0;
  let length = size;
  if (version == 4) {
    if ((format & 0x0c) != 0) return; // compressed or encrypted
    if ((format & 0x40) != 0) start += 1; // group id
    if ((format & 0x01) != 0) start += 4; // data length indicator
    if ((format & 0x02) != 0) length = start + resync(ptr + <usize>start, length - start);
  } else if ((format & 0xc0) != 0) {
    return; // compressed or encrypted
  } else if ((format & 0x20) != 0) {
    start += 1;
  }
  if (start >= length) return;
  const data = ptr + <usize>start;
  const bytes = length - start;
  if (id == "APIC") readPicture(data, bytes, metadata);
  else if (id == "TXXX") readUserText(data, bytes, metadata);
  else if (id.charCodeAt(0) == 0x54) setField(metadata, fieldOf(id), decodeText(load<u8>(data), data + 1, bytes - 1));
}

/** The track-metadata field of a text frame, or the frame id itself for a raw tag. */
function fieldOf(id: string): string {
  if (id == "TIT2") return "title";
  if (id == "TPE1") return "artist";
  if (id == "TALB") return "album";
  if (id == "TPE2") return "album-artist";
  if (id == "TCON") return "genre";
  if (id == "TRCK") return "track";
  if (id == "TPOS") return "disc";
  if (id == "TYER" || id == "TDRC") return "date";
  return id;
}

/** Text in one of ID3's four encodings; multiple values (NUL-separated) are joined by "; ". */
function decodeText(encoding: u8, ptr: usize, length: i32): string {
  if (length <= 0) return "";
  let text: string;
  if (encoding == 0) text = latin1(ptr, length);
  else if (encoding == 3) text = String.UTF8.decodeUnsafe(ptr, <usize>length);
  else if (encoding == 2) text = utf16(ptr, length, true);
  else text = decodeUtf16WithBom(ptr, length);
  return clean(text).replaceAll("\0", "; ");
}

function decodeUtf16WithBom(ptr: usize, length: i32): string {
  if (length < 2) return "";
  const first = load<u8>(ptr);
  const second = load<u8>(ptr, 1);
  if (first == 0xfe && second == 0xff) return utf16(ptr + 2, length - 2, true);
  if (first == 0xff && second == 0xfe) return utf16(ptr + 2, length - 2, false);
  return utf16(ptr, length, false);
}

/** Length of a NUL-terminated string in `encoding` (terminator excluded), or `length` if none. */
function terminated(encoding: u8, ptr: usize, length: i32): i32 {
  const wide = encoding == 1 || encoding == 2;
  const step = wide ? 2 : 1;
  for (let i = 0; i + step <= length; i += step) {
    if (load<u8>(ptr + <usize>i) == 0 && (!wide || load<u8>(ptr + <usize>i + 1) == 0)) return i;
  }
  return length;
}

function readUserText(ptr: usize, length: i32, metadata: TrackMetadata): void {
  if (length < 2) return;
  const encoding = load<u8>(ptr);
  const wide = encoding == 1 || encoding == 2;
  const descriptionBytes = terminated(encoding, ptr + 1, length - 1);
  const description = decodeText(encoding, ptr + 1, descriptionBytes);
  const valueStart = 1 + descriptionBytes + (wide ? 2 : 1);
  if (description.length == 0 || valueStart > length) return;
  const value = decodeText(encoding, ptr + <usize>valueStart, length - valueStart);
  const key = description.toLowerCase();
  if (key == "replaygain_track_gain" || key == "replaygain_album_gain") {
    const decibels = <f32>parseFloat(value);
    if (!isFinite(decibels)) return;
    if (key == "replaygain_track_gain") metadata.replayGainTrackDb = new Some<f32>(decibels);
    else metadata.replayGainAlbumDb = new Some<f32>(decibels);
  }
  addTag(metadata, description, value);
}

function pictureKind(type: u8): PictureKind {
  if (type == 3) return PictureKind.FrontCover;
  if (type == 4) return PictureKind.BackCover;
  if (type == 7 || type == 8) return PictureKind.Artist;
  return PictureKind.Other;
}

function readPicture(ptr: usize, length: i32, metadata: TrackMetadata): void {
  if (length < 4) return;
  const encoding = load<u8>(ptr);
  const mimeBytes = terminated(0, ptr + 1, length - 1);
  let at = 1 + mimeBytes + 1;
  if (at + 1 > length) return;
  const type = load<u8>(ptr + <usize>at);
  at += 1;
  const descriptionBytes = terminated(encoding, ptr + <usize>at, length - at);
  const description = decodeText(encoding, ptr + <usize>at, descriptionBytes);
  at += descriptionBytes + (encoding == 1 || encoding == 2 ? 2 : 1);
  if (at >= length) return;
  const data = new Uint8Array(length - at);
  memory.copy(data.dataStart, ptr + <usize>at, <usize>data.length);
  let mime = utf8(ptr + 1, mimeBytes).toLowerCase();
  if (mime.length == 0 || mime.indexOf("/") < 0) mime = mime == "png" ? "image/png" : "image/jpeg";
  const picture: Picture = { kind: pictureKind(type), mimeType: mime, description, data };
  metadata.pictures.push(picture);
}
