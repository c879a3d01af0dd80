// Text and number helpers for tag parsing. QuickJS has no TextDecoder, so UTF-8, UTF-16
// and Latin-1 are decoded here; malformed input never throws (it becomes U+FFFD).

const CHUNK = 4096;

/** Decodes UTF-8; returns undefined when the bytes are not valid UTF-8 (callers fall back to Latin-1). */
export function utf8(bytes, start = 0, end = bytes.length) {
  const parts = [];
  let codes = [];
  for (let at = start; at < end; ) {
    const first = bytes[at];
    const extra = first < 0x80 ? 0 : first >= 0xc2 && first < 0xe0 ? 1 : first >= 0xe0 && first < 0xf0 ? 2 : first >= 0xf0 && first < 0xf5 ? 3 : -1;
    if (extra < 0 || at + extra >= end) return undefined;
    let code = extra === 0 ? first : first & (0x3f >> extra);
    for (let index = 1; index <= extra; index++) {
      const next = bytes[at + index];
      if ((next & 0xc0) !== 0x80) return undefined;
      code = (code << 6) | (next & 0x3f);
    }
    codes.push(code);
    // Strings are built in chunks: appending one character at a time is slow in QuickJS.
    if (codes.length === CHUNK) [parts[parts.length], codes] = [String.fromCodePoint(...codes), []];
    at += extra + 1;
  }
  parts.push(String.fromCodePoint(...codes));
  return parts.join('');
}

export function latin1(bytes, start = 0, end = bytes.length) {
  const parts = [];
  for (let at = start; at < end; at += CHUNK) parts.push(String.fromCharCode(...bytes.subarray(at, Math.min(at + CHUNK, end))));
  return parts.join('');
}

/** UTF-8 when valid, else Latin-1 (what most taggers mean by "unspecified"). */
export function text(bytes, start = 0, end = bytes.length) {
  return utf8(bytes, start, end) ?? latin1(bytes, start, end);
}

/** UTF-16 with an optional BOM (`bigEndian` when there is none). */
export function utf16(bytes, start, end, bigEndian) {
  let at = start;
  if (end - at >= 2 && bytes[at] === 0xff && bytes[at + 1] === 0xfe) [bigEndian, at] = [false, at + 2];
  else if (end - at >= 2 && bytes[at] === 0xfe && bytes[at + 1] === 0xff) [bigEndian, at] = [true, at + 2];
  let out = '';
  for (; at + 1 < end; at += 2) out += String.fromCharCode(bigEndian ? (bytes[at] << 8) | bytes[at + 1] : bytes[at] | (bytes[at + 1] << 8));
  return out;
}

/** UTF-8 bytes of `value`, written straight into a typed array (a JS array of numbers costs 16 bytes a byte). */
export function encodeUtf8(value) {
  let length = 0;
  for (let index = 0; index < value.length; index++) {
    const unit = value.charCodeAt(index);
    length += unit < 0x80 ? 1 : unit < 0x800 ? 2 : unit >= 0xd800 && unit < 0xdc00 ? 4 : unit >= 0xdc00 && unit < 0xe000 ? 0 : 3;
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const char of value) {
    const code = char.codePointAt(0);
    if (code < 0x80) out[at++] = code;
    else if (code < 0x800) [out[at++], out[at++]] = [0xc0 | (code >> 6), 0x80 | (code & 0x3f)];
    else if (code < 0x10000) [out[at++], out[at++], out[at++]] = [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
    else [out[at++], out[at++], out[at++], out[at++]] = [0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
  }
  return out.subarray(0, at);
}

export const u32be = (bytes, at) => ((bytes[at] << 24) >>> 0) + ((bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]);
export const u32le = (bytes, at) => ((bytes[at + 3] << 24) >>> 0) + ((bytes[at + 2] << 16) | (bytes[at + 1] << 8) | bytes[at]);
export const u24be = (bytes, at) => (bytes[at] << 16) | (bytes[at + 1] << 8) | bytes[at + 2];
export const ascii = (bytes, at, length) => latin1(bytes, at, Math.min(at + length, bytes.length));

/** "3", "3/12", "03 of 12" → { number: 3, total: 12 }; non-numbers become undefined. */
export function numberPair(value) {
  const match = /^\s*(\d+)(?:\s*(?:\/|of)\s*(\d+))?/.exec(value ?? '');
  if (!match) return { number: undefined, total: undefined };
  return { number: Number(match[1]) || undefined, total: match[2] === undefined ? undefined : Number(match[2]) || undefined };
}

/** The first four-digit year in a date such as "2019", "2019-04-01" or "01/04/2019". */
export function yearOf(value) {
  const match = /(\d{4})/.exec(value ?? '');
  return match ? Number(match[1]) : undefined;
}

/** A non-empty trimmed string, or undefined (absent tags are never empty strings). */
export function clean(value) {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.replace(/\0+$/, '').trim();
  return trimmed === '' ? undefined : trimmed;
}
