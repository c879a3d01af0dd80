// Bytes to text for feed bodies (QuickJS has no TextDecoder): UTF-8 when valid, else
// Latin-1, which is what a feed without a usable charset most likely is. Code points are
// turned into strings in chunks: appending one character at a time is slow in QuickJS.

const CHUNK = 4096;

export function decodeBody(bytes) {
  const parts = [];
  let codes = [];
  for (let at = 0; at < bytes.length; ) {
    const first = bytes[at];
    const extra = first < 0x80 ? 0 : first >= 0xc2 && first < 0xe0 ? 1 : first >= 0xe0 && first < 0xf0 ? 2 : first >= 0xf0 && first < 0xf5 ? 3 : -1;
    if (extra < 0 || at + extra >= bytes.length) return latin1(bytes);
    let code = extra === 0 ? first : first & (0x3f >> extra);
    for (let index = 1; index <= extra; index++) {
      const next = bytes[at + index];
      if ((next & 0xc0) !== 0x80) return latin1(bytes);
      code = (code << 6) | (next & 0x3f);
    }
    codes.push(code);
    if (codes.length === CHUNK) [parts[parts.length], codes] = [String.fromCodePoint(...codes), []];
    at += extra + 1;
  }
  parts.push(String.fromCodePoint(...codes));
  return parts.join('');
}

function latin1(bytes) {
  const parts = [];
  for (let at = 0; at < bytes.length; at += CHUNK) parts.push(String.fromCharCode(...bytes.subarray(at, at + CHUNK)));
  return parts.join('');
}

/** UTF-8 bytes of `value`, written straight into a typed array. */
export function encodeUtf8(value) {
  const out = new Uint8Array(value.length * 3 + 4);
  let at = 0;
  for (const char of value) {
    const code = char.codePointAt(0);
    if (code < 0x80) out[at++] = code;
    else if (code < 0x800) [out[at++], out[at++]] = [0xc0 | (code >> 6), 0x80 | (code & 0x3f)];
    else if (code < 0x10000) [out[at++], out[at++], out[at++]] = [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
    else [out[at++], out[at++], out[at++], out[at++]] = [0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
  }
  return out.slice(0, at);
}
