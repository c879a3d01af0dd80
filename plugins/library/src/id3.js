// ID3v2.2/2.3/2.4 (MP3 heads, WAV `id3 ` and AIFF `ID3 ` chunks): text frames into the
// track's fields and the location of the best picture. Frames are walked by their headers,
// so a large APIC is skipped by offset and never read during a scan.
import { clean, latin1, numberPair, utf16, utf8, u24be, u32be, ascii, text, yearOf } from './text.js';

const MAX_TEXT_FRAME = 64 * 1024;
const FIELDS = {
  TIT2: 'title', TT2: 'title', TPE1: 'artist', TP1: 'artist', TALB: 'album', TAL: 'album',
  TPE2: 'albumArtist', TP2: 'albumArtist', TCON: 'genre', TCO: 'genre', TRCK: 'track', TRK: 'track',
  TPOS: 'disc', TPA: 'disc', TYER: 'year', TYE: 'year', TDRC: 'year', TLEN: 'length', TLE: 'length',
};

const syncsafe = (bytes, at) => ((bytes[at] & 0x7f) << 21) | ((bytes[at + 1] & 0x7f) << 14) | ((bytes[at + 2] & 0x7f) << 7) | (bytes[at + 3] & 0x7f);

/** An in-memory stand-in for FileReader (for tags stored unsynchronised). */
class MemoryReader {
  constructor(bytes, base) {
    this.data = bytes;
    this.base = base;
  }
  bytes(offset, length) {
    return this.data.subarray(offset - this.base, offset - this.base + length);
  }
}

/** Undoes ID3 unsynchronisation (0xFF 0x00 → 0xFF). */
function resync(bytes) {
  const out = [];
  for (let at = 0; at < bytes.length; at++) {
    out.push(bytes[at]);
    if (bytes[at] === 0xff && bytes[at + 1] === 0x00) at++;
  }
  return new Uint8Array(out);
}

/** Decodes an ID3 text payload with its leading encoding byte; the first of several values. */
export function frameText(bytes, start = 0, end = bytes.length) {
  const encoding = bytes[start];
  const body = start + 1;
  let value;
  if (encoding === 1 || encoding === 2) value = utf16(bytes, body, end, encoding === 2);
  else if (encoding === 3) value = utf8(bytes, body, end) ?? latin1(bytes, body, end);
  else value = text(bytes, body, end);
  return clean(value.split('\0')[0]);
}

/** Fills `meta` from an ID3v2 tag at `base`; returns the tag's byte length, or 0 when there is none. */
export function readId3(reader, base, meta) {
  const header = reader.bytes(base, 10);
  if (header.length < 10 || ascii(header, 0, 3) !== 'ID3') return 0;
  const major = header[3];
  const flags = header[5];
  const size = syncsafe(header, 6);
  if (major < 2 || major > 4) return size + 10;
  let source = reader;
  if (flags & 0x80 && major < 4) source = new MemoryReader(resync(reader.bytes(base + 10, size)), base + 10);
  let at = base + 10;
  if (flags & 0x40 && major >= 3) {
    const extended = source.bytes(at, 4);
    at += major === 4 ? syncsafe(extended, 0) : u32be(extended, 0) + 4;
  }
  walkFrames(source, at, base + 10 + size, major, meta);
  return size + 10;
}

function walkFrames(reader, at, end, major, meta) {
  const headerBytes = major === 2 ? 6 : 10;
  while (at + headerBytes <= end) {
    const header = reader.bytes(at, headerBytes);
    if (header.length < headerBytes || header[0] === 0) return;
    const id = ascii(header, 0, major === 2 ? 3 : 4);
    if (!/^[A-Z0-9]+$/.test(id)) return;
    const size = major === 2 ? u24be(header, 3) : major === 4 ? syncsafe(header, 4) : u32be(header, 4);
    const body = at + headerBytes;
    if (size === 0 || body + size > end) return;
    const formatFlags = major === 2 ? 0 : header[9];
    const unreadable = major === 4 ? formatFlags & 0x0c : major === 3 ? formatFlags & 0xc0 : 0;
    if (!unreadable) readFrame(reader, id, body, size, meta, major === 4 && formatFlags & 0x01 ? 4 : 0);
    at = body + size;
  }
}

function readFrame(reader, id, body, size, meta, skip) {
  if (id === 'APIC' || id === 'PIC') {
    if (meta.picture === undefined || pictureType(reader, id, body) === 3) meta.picture = { format: id, offset: body + skip, length: size - skip };
    return;
  }
  const field = FIELDS[id];
  if (field === undefined && id !== 'TXXX' && id !== 'TXX') return;
  if (size > MAX_TEXT_FRAME) return;
  const bytes = reader.bytes(body + skip, size - skip);
  if (field === undefined) return userText(bytes, meta);
  const value = frameText(bytes);
  if (value === undefined) return;
  applyField(meta, field, value);
}

function applyField(meta, field, value) {
  if (field === 'track') ({ number: meta.trackNumber, total: meta.trackTotal } = numberPair(value));
  else if (field === 'disc') meta.discNumber = numberPair(value).number;
  else if (field === 'year') meta.year = yearOf(value);
  else if (field === 'length') meta.durationMs = Number(value) || meta.durationMs;
  else if (field === 'genre') meta.genre = clean(value.replace(/^\((\d+)\)(?=.)/, '')) ?? value;
  else meta[field] = value;
}

/** TXXX "REPLAYGAIN_TRACK_GAIN" = "-6.5 dB" and friends. */
function userText(bytes, meta) {
  const full = decodeAll(bytes);
  const [description, value] = full.split('\0');
  if (value === undefined) return;
  const key = description.toUpperCase();
  if (key === 'REPLAYGAIN_TRACK_GAIN') meta.replayGainTrackDb = parseFloat(value);
  if (key === 'REPLAYGAIN_ALBUM_GAIN') meta.replayGainAlbumDb = parseFloat(value);
}

function decodeAll(bytes) {
  const encoding = bytes[0];
  if (encoding === 1 || encoding === 2) return utf16(bytes, 1, bytes.length, encoding === 2).replace(/\uFEFF/g, '');
  return (encoding === 3 ? utf8(bytes, 1) : undefined) ?? text(bytes, 1);
}

function pictureType(reader, id, body) {
  const head = reader.bytes(body, 256);
  if (id === 'PIC') return head[4];
  let at = 1;
  while (at < head.length && head[at] !== 0) at++;
  return head[at + 1];
}

/** Decodes a whole APIC/PIC frame body into a WIT picture. */
export function decodeApic(bytes, format) {
  const encoding = bytes[0];
  let at = 1;
  let mimeType;
  if (format === 'PIC') {
    const kind = ascii(bytes, 1, 3).toLowerCase();
    mimeType = kind === 'png' ? 'image/png' : 'image/jpeg';
    at = 4;
  } else {
    while (at < bytes.length && bytes[at] !== 0) at++;
    mimeType = latin1(bytes, 1, at) || 'image/jpeg';
    at++;
  }
  const type = bytes[at++];
  const wide = encoding === 1 || encoding === 2;
  const descStart = at;
  while (at < bytes.length && !(bytes[at] === 0 && (!wide || (bytes[at + 1] === 0 && (at - descStart) % 2 === 0)))) at += 1;
  const description = at > descStart ? frameText(Uint8Array.of(encoding, ...bytes.subarray(descStart, at))) ?? '' : '';
  at += wide ? 2 : 1;
  return { kind: pictureKind(type), mimeType: mimeType.includes('/') ? mimeType : `image/${mimeType.toLowerCase()}`, description, data: bytes.slice(at) };
}

/** ID3/FLAC picture types: 3 front cover, 4 back cover, 7–12 people. */
export function pictureKind(type) {
  if (type === 3) return 'front-cover';
  if (type === 4) return 'back-cover';
  if (type >= 7 && type <= 12) return 'artist';
  return 'other';
}
