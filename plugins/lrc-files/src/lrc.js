// Lyrics from `.lrc` files next to a track. The host opens the track's folder to this
// plugin for the duration of one `find` call; everything is read through host-stream.
// One module (componentize-qjs builds a single file), so the LRC parser lives here too.
import { open, listDirectory } from 'fugue:plugin/host-stream@0.1.0';
import { write } from 'fugue:plugin/log@0.1.0';

const TYPE_ID = 'lrc-files';
const DEFAULT_FILE_NAME = '{name}.lrc';
/** A lyrics file is a few KiB; anything past this is not one, and is refused instead of read. */
const MAX_FILE_BYTES = 2 * 1024 * 1024;

let fileNamePattern = DEFAULT_FILE_NAME;

const fail = (code, message) => {
  throw { code, message };
};
const errorOf = (error) => (error && typeof error === 'object' && 'payload' in error ? error.payload : error);

// ---- text decoding (QuickJS has no TextDecoder) ----

function utf8(bytes, start) {
  let out = '';
  for (let i = start; i < bytes.length; ) {
    const b = bytes[i];
    let cp;
    let extra;
    if (b < 0x80) [cp, extra] = [b, 0];
    else if (b >= 0xc2 && b < 0xe0) [cp, extra] = [b & 0x1f, 1];
    else if (b >= 0xe0 && b < 0xf0) [cp, extra] = [b & 0x0f, 2];
    else if (b >= 0xf0 && b < 0xf5) [cp, extra] = [b & 0x07, 3];
    else return undefined;
    for (let k = 1; k <= extra; k += 1) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return undefined;
      cp = (cp << 6) | (next & 0x3f);
    }
    if ((extra === 2 && (cp < 0x800 || (cp >= 0xd800 && cp < 0xe000))) || (extra === 3 && (cp < 0x10000 || cp > 0x10ffff))) return undefined;
    out += String.fromCodePoint(cp);
    i += extra + 1;
  }
  return out;
}

function utf16(bytes, start, littleEndian) {
  let out = '';
  for (let i = start; i + 1 < bytes.length; i += 2) {
    out += String.fromCharCode(littleEndian ? bytes[i] | (bytes[i + 1] << 8) : (bytes[i] << 8) | bytes[i + 1]);
  }
  return out;
}

/** UTF-8 (with or without BOM), UTF-16 with a BOM, else Latin-1 (old players wrote that). */
function decodeText(bytes) {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return utf8(bytes, 3) ?? latin1(bytes, 3);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(bytes, 2, true);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(bytes, 2, false);
  return utf8(bytes, 0) ?? latin1(bytes, 0);
}

function latin1(bytes, start) {
  let out = '';
  for (let i = start; i < bytes.length; i += 1) out += String.fromCharCode(bytes[i]);
  return out;
}

// ---- LRC ----

const STAMP = /^\[(\d{1,3}):(\d{1,2})(?:[.:](\d{1,3}))?\]/;
const TAG = /^\[([A-Za-z#]+):([^\]]*)\]/;
const WORD_STAMP = /<\d{1,3}:\d{1,2}(?:[.:]\d{1,3})?>/g;

const stampMs = (match) => Number(match[1]) * 60_000 + Number(match[2]) * 1000 + Number(((match[3] ?? '') + '000').slice(0, 3));

/** Reads the leading `[..]` tags of one line: its time stamps, and metadata into `meta`. */
function leadingTags(line, meta) {
  const stamps = [];
  let rest = line;
  for (;;) {
    rest = rest.trimStart();
    const stamp = STAMP.exec(rest);
    if (stamp) {
      stamps.push(stampMs(stamp));
      rest = rest.slice(stamp[0].length);
      continue;
    }
    const tag = stamps.length === 0 ? TAG.exec(rest) : null;
    if (!tag) return { stamps, rest, tagged: rest !== line.trimStart() };
    meta[tag[1].toLowerCase()] = tag[2].trim();
    rest = rest.slice(tag[0].length);
  }
}

/** Parses LRC text into timed lines (sorted, offset applied) or plain lines, and metadata. */
function parseLrc(text) {
  const meta = {};
  const timed = [];
  const plain = [];
  for (const line of text.split(/\r\n|\n|\r/)) {
    const { stamps, rest, tagged } = leadingTags(line, meta);
    const words = rest.replace(WORD_STAMP, '').trim();
    if (stamps.length > 0) for (const ms of stamps) timed.push({ ms, text: words, order: timed.length });
    else if (!tagged) plain.push(words);
  }
  const offset = Number.parseInt(meta.offset ?? '0', 10) || 0;
  // A positive offset makes the lyrics come sooner (the LRC convention).
  const lines = timed
    .sort((a, b) => a.ms - b.ms || a.order - b.order)
    .map((line) => ({ startMs: Math.max(0, line.ms - offset), text: line.text }));
  return { lines, plain: plain.join('\n').trim(), meta };
}

function bodyOf(parsed) {
  if (parsed.lines.length > 0) {
    if (parsed.lines.every((line) => line.text === '')) return { tag: 'instrumental' };
    return { tag: 'synced', val: parsed.lines };
  }
  if (parsed.plain !== '') return { tag: 'plain', val: parsed.plain };
  return undefined;
}

// ---- files ----

/** `file://` URI of an absolute path (POSIX or Windows), each segment percent-encoded. */
function fileUri(path) {
  const segments = path.split(/[\\/]/).map((segment, index) => (index === 0 && /^[A-Za-z]:$/.test(segment) ? segment : encodeURIComponent(segment)));
  const joined = segments.join('/');
  return joined.startsWith('/') ? `file://${joined}` : `file:///${joined}`;
}

function splitPath(path) {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const dir = path.slice(0, cut + 1);
  const base = path.slice(cut + 1);
  const dot = base.lastIndexOf('.');
  return { dir, stem: dot > 0 ? base.slice(0, dot) : base };
}

function readAll(stream) {
  const chunks = [];
  let total = 0;
  for (;;) {
    const chunk = stream.read(65536);
    if (chunk.length === 0) break;
    total += chunk.length;
    if (total > MAX_FILE_BYTES) fail('unsupported', `the lyrics file is larger than ${MAX_FILE_BYTES / 1048576} MiB, so it is not read (a lyrics file is a few KiB)`);
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

/** Opens `name` in `dir`, matching its letter case loosely; undefined when there is none. */
function openLyricsFile(dir, name) {
  try {
    return { stream: open(fileUri(dir + name)), name };
  } catch (error) {
    const payload = errorOf(error);
    if (payload?.code !== 'not-found') throw error;
  }
  const wanted = name.toLowerCase();
  let entries;
  try {
    entries = listDirectory(fileUri(dir));
  } catch (error) {
    // The track's folder itself is gone (a moved album): no lyrics, not a failure.
    if (errorOf(error)?.code === 'not-found') return undefined;
    throw error;
  }
  const match = entries.find((entry) => !entry.isDirectory && entry.name.toLowerCase() === wanted);
  return match === undefined ? undefined : { stream: open(fileUri(dir + match.name)), name: match.name };
}

function findLyrics(filePath) {
  const { dir, stem } = splitPath(filePath);
  const found = openLyricsFile(dir, fileNamePattern.split('{name}').join(stem));
  if (found === undefined) return undefined;
  let bytes;
  try {
    bytes = readAll(found.stream);
  } finally {
    found.stream[Symbol.dispose]?.();
  }
  const parsed = parseLrc(decodeText(bytes));
  const body = bodyOf(parsed);
  if (body === undefined) return undefined;
  return { body, provider: found.name, language: parsed.meta.la || undefined };
}

export const lifecycle = { onEnable() {}, onDisable() {} };

export const settings = {
  apply(typeId, values) {
    if (typeId !== TYPE_ID) fail('not-found', `this plugin has no lyrics ability "${typeId}" (it has "${TYPE_ID}")`);
    for (const { key, value } of values) {
      if (key !== 'file_name' || value.tag !== 'text') continue;
      const pattern = value.val.trim() || DEFAULT_FILE_NAME;
      if (/[\\/]/.test(pattern) || !pattern.includes('{name}')) {
        fail('invalid-argument', `the lyrics file name "${value.val}" must contain {name} and no folder separators, e.g. "{name}.lrc"`);
      }
      fileNamePattern = pattern;
    }
    return 'applied';
  },
};

export const lyrics = {
  find(query) {
    if (!query.filePath) return undefined;
    try {
      return findLyrics(query.filePath);
    } catch (error) {
      const payload = errorOf(error);
      if (payload && typeof payload.code === 'string') {
        if (payload.code === 'denied') write('warn', `cannot read lyrics beside ${query.filePath}: ${payload.message}`);
        throw payload;
      }
      throw { code: 'internal', message: `reading the lyrics beside ${query.filePath} failed: ${String(error)}` };
    }
  },
};
