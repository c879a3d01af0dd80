// MP4/M4A tags: `moov/mvhd` for the duration and the iTunes-style `moov/udta/meta/ilst`
// items. Top-level boxes are walked by offset, so `moov` is found after a large `mdat`
// without reading the audio.
import { ascii, clean, text, u32be, yearOf } from './text.js';

/** A `moov` larger than this is not a music file's (chapters, video tables): left unread. */
const MAX_MOOV = 16 * 1024 * 1024;
const ITEMS = { '\xa9nam': 'title', '\xa9ART': 'artist', '\xa9alb': 'album', aART: 'albumArtist', '\xa9gen': 'genre', '\xa9day': 'year' };

/** Boxes inside `[start, end)` of `bytes`: `{ type, body, end }`. */
function boxes(bytes, start, end) {
  const found = [];
  for (let at = start; at + 8 <= end; ) {
    let size = u32be(bytes, at);
    let header = 8;
    if (size === 1) [size, header] = [u32be(bytes, at + 8) * 2 ** 32 + u32be(bytes, at + 12), 16];
    else if (size === 0) size = end - at;
    if (size < header || at + size > end) break;
    found.push({ type: ascii(bytes, at + 4, 4), body: at + header, end: at + size });
    at += size;
  }
  return found;
}

const inside = (bytes, box, type) => boxes(bytes, box.body, box.end).find((entry) => entry.type === type);

/** Reads `moov` (found by walking top-level boxes) and fills `meta`. */
export function readMp4(reader, meta) {
  for (let at = 0, count = 0; count < 64; count++) {
    const header = reader.bytes(at, 16);
    if (header.length < 8) return;
    let size = u32be(header, 0);
    if (size === 1) size = u32be(header, 8) * 2 ** 32 + u32be(header, 12);
    const type = ascii(header, 4, 4);
    if (type === 'moov' && size <= MAX_MOOV) return readMoov(reader.bytes(at, size), at, meta);
    if (size < 8) return;
    at += size;
  }
}

function readMoov(bytes, base, meta) {
  const [moov] = boxes(bytes, 0, bytes.length);
  if (moov === undefined) return;
  const mvhd = inside(bytes, moov, 'mvhd');
  if (mvhd !== undefined) {
    const version = bytes[mvhd.body];
    const [scale, length] = version === 1 ? [u32be(bytes, mvhd.body + 20), u32be(bytes, mvhd.body + 24) * 2 ** 32 + u32be(bytes, mvhd.body + 28)] : [u32be(bytes, mvhd.body + 12), u32be(bytes, mvhd.body + 16)];
    if (scale > 0) meta.durationMs = Math.round((length * 1000) / scale);
  }
  const udta = inside(bytes, moov, 'udta');
  const metaBox = udta && inside(bytes, udta, 'meta');
  // `meta` is a full box: four bytes of version and flags before its children.
  const ilst = metaBox && boxes(bytes, metaBox.body + 4, metaBox.end).find((entry) => entry.type === 'ilst');
  if (ilst !== undefined) for (const item of boxes(bytes, ilst.body, ilst.end)) readItem(bytes, base, item, meta);
}

function readItem(bytes, base, item, meta) {
  const data = inside(bytes, item, 'data');
  if (data === undefined) return;
  const payload = data.body + 8;
  if (item.type === 'trkn' || item.type === 'disk') {
    const number = (bytes[payload + 2] << 8) | bytes[payload + 3];
    const total = (bytes[payload + 4] << 8) | bytes[payload + 5];
    if (item.type === 'trkn') [meta.trackNumber, meta.trackTotal] = [number || undefined, total || undefined];
    else meta.discNumber = number || undefined;
  } else if (item.type === 'covr') {
    const kind = u32be(bytes, data.body) & 0xffffff;
    meta.picture ??= { format: 'MP4', offset: base + payload, length: data.end - payload, mimeType: kind === 14 ? 'image/png' : 'image/jpeg' };
  } else if (ITEMS[item.type] !== undefined) {
    const value = clean(text(bytes, payload, data.end));
    if (value !== undefined) meta[ITEMS[item.type]] = item.type === '\xa9day' ? yearOf(value) : value;
  }
}
