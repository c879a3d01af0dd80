// Cheap tag reading from file heads: FLAC (STREAMINFO, Vorbis comments, PICTURE), Ogg
// Vorbis/Opus comment headers, MP3 ID3v2, WAV (fmt/data, LIST INFO, `id3 `) and AIFF
// (COMM, NAME/AUTH, `ID3 `). Every length is bounds-checked: a damaged file yields fewer
// tags, never an exception that stops a scan.
import { decodeApic, pictureKind, readId3 } from './id3.js';
import { readMp4 } from './mp4.js';
import { ascii, clean, latin1, numberPair, text, u24be, u32be, u32le, yearOf } from './text.js';

const MAX_BLOCK = 1024 * 1024;

/** Reads what the file says about itself (`{ title, artist, …, durationMs, picture? }`), recognised by its magic bytes, not its name. */
export function readTags(reader) {
  const meta = {};
  const head = reader.bytes(0, 12);
  const magic = ascii(head, 0, 4);
  if (magic.startsWith('ID3')) {
    const tagBytes = readId3(reader, 0, meta);
    if (ascii(reader.bytes(tagBytes, 4), 0, 4) === 'fLaC') readFlac(reader, tagBytes + 4, meta);
  } else if (magic === 'fLaC') readFlac(reader, 4, meta);
  else if (magic === 'OggS') readOgg(reader, meta);
  else if (magic === 'RIFF' && ascii(head, 8, 4) === 'WAVE') readRiff(reader, meta);
  else if (magic === 'FORM' && /^AIF[FC]$/.test(ascii(head, 8, 4))) readAiff(reader, meta);
  else if (ascii(head, 4, 4) === 'ftyp') readMp4(reader, meta);
  if (meta.durationMs !== undefined && !(meta.durationMs > 0)) delete meta.durationMs;
  return meta;
}

function readFlac(reader, at, meta) {
  for (let blocks = 0; blocks < 256; blocks++) {
    const header = reader.bytes(at, 4);
    if (header.length < 4) return;
    const type = header[0] & 0x7f;
    const size = u24be(header, 1);
    const body = at + 4;
    if (type === 0) streamInfo(reader.bytes(body, 18), meta);
    else if (type === 4 && size <= MAX_BLOCK) vorbisComments(reader.bytes(body, size), 0, meta);
    else if (type === 6 && (meta.picture === undefined || u32be(reader.bytes(body, 4), 0) === 3)) meta.picture = { format: 'FLAC', offset: body, length: size };
    if (header[0] & 0x80) return;
    at = body + size;
  }
}

function streamInfo(bytes, meta) {
  if (bytes.length < 18) return;
  const rate = (bytes[10] << 12) | (bytes[11] << 4) | (bytes[12] >> 4);
  const frames = (bytes[13] & 0x0f) * 2 ** 32 + u32be(bytes, 14);
  if (rate > 0 && frames > 0) meta.durationMs = Math.round((frames * 1000) / rate);
}

const VORBIS_FIELDS = { TITLE: 'title', ARTIST: 'artist', ALBUM: 'album', ALBUMARTIST: 'albumArtist', 'ALBUM ARTIST': 'albumArtist', GENRE: 'genre' };

/** A Vorbis comment block at `at` (vendor, then `KEY=value` entries, all little-endian lengths). */
export function vorbisComments(bytes, at, meta) {
  const vendor = u32le(bytes, at);
  at += 4 + vendor;
  const count = u32le(bytes, at);
  at += 4;
  for (let index = 0; index < count && at + 4 <= bytes.length; index++) {
    const length = u32le(bytes, at);
    if (at + 4 + length > bytes.length) return;
    const entry = text(bytes, at + 4, at + 4 + length);
    at += 4 + length;
    const equals = entry.indexOf('=');
    if (equals > 0) vorbisField(meta, entry.slice(0, equals).toUpperCase(), clean(entry.slice(equals + 1)));
  }
}

function vorbisField(meta, key, value) {
  if (value === undefined) return;
  const field = VORBIS_FIELDS[key];
  if (field !== undefined) meta[field] ??= value;
  else if (key === 'TRACKNUMBER') {
    const pair = numberPair(value);
    meta.trackNumber = pair.number;
    meta.trackTotal ??= pair.total;
  }
  else if (key === 'TRACKTOTAL' || key === 'TOTALTRACKS') meta.trackTotal = numberPair(value).number;
  else if (key === 'DISCNUMBER') meta.discNumber = numberPair(value).number;
  else if (key === 'DATE' || key === 'YEAR') meta.year ??= yearOf(value);
  else if (key === 'REPLAYGAIN_TRACK_GAIN') meta.replayGainTrackDb = parseFloat(value);
  else if (key === 'REPLAYGAIN_ALBUM_GAIN') meta.replayGainAlbumDb = parseFloat(value);
}

/** The comment header is the second packet; small tags fit in the first pages read here. */
function readOgg(reader, meta) {
  const head = reader.bytes(0, 64 * 1024);
  for (const [marker, skip] of [['\x03vorbis', 7], ['OpusTags', 8]]) {
    const at = latin1(head).indexOf(marker);
    if (at >= 0) return vorbisComments(head, at + skip, meta);
  }
}

function readRiff(reader, meta) {
  let byteRate = 0;
  let dataBytes = 0;
  forEachChunk(reader, 12, true, (id, body, size) => {
    if (id === 'fmt ') byteRate = u32le(reader.bytes(body, 12), 8);
    else if (id === 'data') dataBytes = size;
    else if (id === 'LIST' && size <= MAX_BLOCK) riffInfo(reader.bytes(body, size), meta);
    else if (id === 'id3 ' || id === 'ID3 ') readId3(reader, body, meta);
  });
  if (byteRate > 0 && dataBytes > 0 && dataBytes !== 0xffffffff) meta.durationMs ??= Math.round((dataBytes * 1000) / byteRate);
}

const INFO_FIELDS = { INAM: 'title', IART: 'artist', IPRD: 'album', IGNR: 'genre' };

function riffInfo(bytes, meta) {
  if (ascii(bytes, 0, 4) !== 'INFO') return;
  for (let at = 4; at + 8 <= bytes.length; ) {
    const id = ascii(bytes, at, 4);
    const size = u32le(bytes, at + 4);
    const value = clean(text(bytes, at + 8, Math.min(at + 8 + size, bytes.length)));
    if (value !== undefined && INFO_FIELDS[id] !== undefined) meta[INFO_FIELDS[id]] ??= value;
    if (value !== undefined && (id === 'ITRK' || id === 'IPRT')) meta.trackNumber ??= numberPair(value).number;
    if (value !== undefined && id === 'ICRD') meta.year ??= yearOf(value);
    at += 8 + size + (size & 1);
  }
}

function readAiff(reader, meta) {
  forEachChunk(reader, 12, false, (id, body, size) => {
    if (id === 'COMM') aiffDuration(reader.bytes(body, 18), meta);
    else if (id === 'ID3 ') readId3(reader, body, meta);
    else if ((id === 'NAME' || id === 'AUTH') && size <= 4096) meta[id === 'NAME' ? 'title' : 'artist'] ??= clean(text(reader.bytes(body, size)));
  });
}

/** COMM: frames (u32 at 2) over an 80-bit extended sample rate (at 8). */
function aiffDuration(bytes, meta) {
  if (bytes.length < 18) return;
  const exponent = (((bytes[8] & 0x7f) << 8) | bytes[9]) - 16383;
  const rate = u32be(bytes, 10) * 2 ** (exponent - 31);
  const frames = u32be(bytes, 2);
  if (rate > 0) meta.durationMs = Math.round((frames * 1000) / rate);
}

/** Walks RIFF (little-endian) or IFF (big-endian) chunks, skipping bodies by offset. */
function forEachChunk(reader, at, littleEndian, visit) {
  for (let chunks = 0; chunks < 1024; chunks++) {
    const header = reader.bytes(at, 8);
    if (header.length < 8) return;
    const size = littleEndian ? u32le(header, 4) : u32be(header, 4);
    visit(ascii(header, 0, 4), at + 8, size);
    if (size === 0xffffffff) return;
    at += 8 + size + (size & 1);
  }
}

/** Reads the picture a scan located (`meta.picture`) as a WIT picture. */
export function readPicture(reader, location) {
  const bytes = reader.bytes(location.offset, location.length);
  if (location.format === 'MP4') return { kind: 'front-cover', mimeType: location.mimeType, description: '', data: bytes.slice() };
  if (location.format !== 'FLAC') return decodeApic(bytes, location.format);
  const type = u32be(bytes, 0);
  const mimeLength = u32be(bytes, 4);
  const mimeType = latin1(bytes, 8, 8 + mimeLength);
  let at = 8 + mimeLength;
  const descriptionLength = u32be(bytes, at);
  const description = text(bytes, at + 4, at + 4 + descriptionLength);
  at += 4 + descriptionLength + 16;
  const length = u32be(bytes, at);
  return { kind: pictureKind(type), mimeType: mimeType || 'image/jpeg', description, data: bytes.slice(at + 4, at + 4 + length) };
}
