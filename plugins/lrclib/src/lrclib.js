// Lyrics from an LRCLIB-compatible server: an exact `/api/get` by title, artist, album and
// duration first, then `/api/search` with the closest match. Found lyrics are kept in kv.
// One module (componentize-qjs builds a single file), so helpers live here.
import { fetch } from 'fugue:plugin/http-client@0.1.0';
import { get, set, delete as remove, listKeys } from 'fugue:plugin/kv@0.1.0';
import { write } from 'fugue:plugin/log@0.1.0';

const TYPE_ID = 'lrclib';
const DEFAULT_BASE_URL = 'https://lrclib.net';
// LRCLIB asks clients to name themselves.
const USER_AGENT = 'Fugue/0.1 org.fugue.lrclib/0.1.0 (music player lyrics plugin)';
const REQUEST_TIMEOUT_MS = 8000;
const DURATION_TOLERANCE_S = 2;
const CACHE_PREFIX = 'lyrics/';
const MISSES_KEPT = 256;

let baseUrl = DEFAULT_BASE_URL;
let cacheEnabled = true;
/** Lookups that found nothing this session: not persisted, so lyrics added later are found after a restart. */
const misses = new Set();

const fail = (code, message) => {
  throw { code, message };
};
const payloadOf = (error) => (error && typeof error === 'object' && 'payload' in error ? error.payload : error);

// ---- UTF-8 (QuickJS has no TextEncoder/TextDecoder) ----

function encodeUtf8(text) {
  const out = [];
  for (const char of text) {
    const cp = char.codePointAt(0);
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  return Uint8Array.from(out);
}

function decodeUtf8(bytes) {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const extra = b < 0x80 ? 0 : b < 0xe0 ? 1 : b < 0xf0 ? 2 : 3;
    let cp = extra === 0 ? b : b & (0x3f >> extra);
    for (let k = 1; k <= extra; k += 1) cp = (cp << 6) | ((bytes[i + k] ?? 0x80) & 0x3f);
    out += String.fromCodePoint(cp > 0x10ffff ? 0xfffd : cp);
    i += extra + 1;
  }
  return out;
}

// ---- HTTP ----

const hostOf = (url) => /^https?:\/\/(\[[^\]]+\]|[^/:?#]+)/i.exec(url)?.[1] ?? url;

function query(params) {
  return Object.entries(params)
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`)
    .join('&');
}

/** GETs `path` and parses JSON; `undefined` on 404. Failures become plugin errors naming the host. */
function getJson(path, params) {
  const url = `${baseUrl}${path}?${query(params)}`;
  const host = hostOf(baseUrl);
  let response;
  try {
    response = fetch({ method: 'get', url, headers: [{ name: 'User-Agent', value: USER_AGENT }, { name: 'Accept', value: 'application/json' }], body: undefined, timeoutMs: REQUEST_TIMEOUT_MS });
  } catch (error) {
    throw httpFailure(payloadOf(error), host);
  }
  if (response.status === 404) return undefined;
  if (response.status === 429) fail('busy', `${host} is limiting requests (HTTP 429); lyrics will be looked up again later`);
  if (response.status !== 200) fail('network', `${host} answered HTTP ${response.status} to a lyrics lookup`);
  try {
    return JSON.parse(decodeUtf8(response.body));
  } catch {
    return fail('corrupt-data', `${host} answered a lyrics lookup with something that is not JSON; is the server setting an LRCLIB-compatible server?`);
  }
}

function httpFailure(error, host) {
  switch (error?.tag) {
    case 'denied':
      return { code: 'denied', message: `this plugin may not reach ${error.val}: grant it that network host, or set the server back to ${DEFAULT_BASE_URL}` };
    case 'timeout':
      return { code: 'network', message: `${host} did not answer in time; check the connection` };
    case 'too-large':
      return { code: 'network', message: `${host} sent more than ${error.val} bytes for one lyrics lookup, so it was dropped` };
    case 'invalid-url':
      return { code: 'invalid-argument', message: `the server setting "${baseUrl}" is not an http(s) address` };
    case 'network':
      return { code: 'network', message: `could not reach ${host}: ${error.val}` };
    default:
      return { code: 'internal', message: `the request to ${host} failed: ${JSON.stringify(error)}` };
  }
}

// ---- matching ----

/** Lower case, no accents, no bracketed extras ("(Remastered 2011)"), words separated by one space. */
function normalise(text) {
  let value = String(text ?? '').toLowerCase();
  try {
    value = value.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  } catch {
    // QuickJS built without Unicode normalisation tables: compare as is.
  }
  return value.replace(/[([{][^)\]}]*[)\]}]/g, ' ').replace(/&/g, ' and ').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

const hasLyrics = (record) => record.instrumental === true || Boolean(record.syncedLyrics) || Boolean(record.plainLyrics);
const richness = (record) => (record.syncedLyrics ? 3 : record.plainLyrics ? 2 : record.instrumental ? 1 : 0);

function artistMatches(wanted, found) {
  if (wanted === '') return true;
  return found === wanted || found.startsWith(`${wanted} `) || wanted.startsWith(`${found} `);
}

/** The search result closest to the query, or undefined when none is close enough. */
function bestMatch(records, wanted) {
  const title = normalise(wanted.title);
  const artist = normalise(wanted.artist);
  const album = normalise(wanted.album);
  const candidates = records.filter(
    (record) =>
      hasLyrics(record) &&
      normalise(record.trackName) === title &&
      artistMatches(artist, normalise(record.artistName)) &&
      (wanted.seconds === undefined || Math.abs(Number(record.duration) - wanted.seconds) <= DURATION_TOLERANCE_S),
  );
  const score = (record) => richness(record) * 10 + (album !== '' && normalise(record.albumName) === album ? 5 : 0) - (wanted.seconds === undefined ? 0 : Math.abs(Number(record.duration) - wanted.seconds));
  return candidates.sort((a, b) => score(b) - score(a))[0];
}

// ---- lyrics ----

const STAMP = /^\[(\d{1,3}):(\d{1,2})(?:[.:](\d{1,3}))?\]/;
const WORD_STAMP = /<\d{1,3}:\d{1,2}(?:[.:]\d{1,3})?>/g;

/** LRCLIB's `syncedLyrics`: one `[mm:ss.xx] text` line per lyric line. */
function syncedLines(lrc) {
  const lines = [];
  for (const raw of lrc.split(/\r\n|\n|\r/)) {
    let rest = raw.trimStart();
    const stamps = [];
    for (let match = STAMP.exec(rest); match; match = STAMP.exec(rest)) {
      stamps.push(Number(match[1]) * 60_000 + Number(match[2]) * 1000 + Number(((match[3] ?? '') + '000').slice(0, 3)));
      rest = rest.slice(match[0].length).trimStart();
    }
    const text = rest.replace(WORD_STAMP, '').trim();
    for (const ms of stamps) lines.push({ startMs: ms, text, order: lines.length });
  }
  return lines.sort((a, b) => a.startMs - b.startMs || a.order - b.order).map(({ startMs, text }) => ({ startMs, text }));
}

function bodyOf(record) {
  if (record.instrumental === true) return { tag: 'instrumental' };
  const synced = record.syncedLyrics ? syncedLines(record.syncedLyrics) : [];
  if (synced.length > 0) return { tag: 'synced', val: synced };
  const plain = String(record.plainLyrics ?? '').trim();
  return plain === '' ? undefined : { tag: 'plain', val: plain };
}

function lookUp(wanted) {
  if (wanted.artist && wanted.seconds !== undefined) {
    const exact = getJson('/api/get', { track_name: wanted.title, artist_name: wanted.artist, album_name: wanted.album, duration: wanted.seconds });
    if (exact && hasLyrics(exact)) return exact;
  }
  const params = wanted.artist ? { track_name: wanted.title, artist_name: wanted.artist } : { q: wanted.title };
  const found = getJson('/api/search', params);
  if (!Array.isArray(found)) fail('corrupt-data', `${hostOf(baseUrl)} answered a search with something other than a list`);
  return bestMatch(found, wanted);
}

// ---- cache ----

/** FNV-1a over the lookup, twice with different seeds: a short kv key (the full lookup is kept in the value). */
function hashOf(text) {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

function cached(lookup) {
  if (!cacheEnabled) return undefined;
  try {
    const stored = get(CACHE_PREFIX + hashOf(lookup));
    if (stored === undefined || stored === null) return undefined;
    const entry = JSON.parse(decodeUtf8(stored));
    return entry.lookup === lookup ? entry.result : undefined;
  } catch {
    return undefined;
  }
}

/** Stores a result; when the quota is full, drops older entries until it fits (or gives up quietly). */
function remember(lookup, result) {
  if (!cacheEnabled) return;
  const key = CACHE_PREFIX + hashOf(lookup);
  const value = encodeUtf8(JSON.stringify({ lookup, result }));
  for (let attempt = 0; attempt < 8; attempt += 1) {
    try {
      set(key, value);
      return;
    } catch (error) {
      const evictable = safeKeys().filter((existing) => existing !== key);
      if (evictable.length === 0) {
        write('debug', `lyrics not cached: ${payloadOf(error)?.message ?? String(error)}`);
        return;
      }
      for (const old of evictable.slice(0, 4)) remove(old);
    }
  }
}

function safeKeys() {
  try {
    return listKeys(CACHE_PREFIX);
  } catch {
    return [];
  }
}

function resultOf(record) {
  const body = record === undefined ? undefined : bodyOf(record);
  if (body === undefined) return undefined;
  const provider = baseUrl === DEFAULT_BASE_URL ? 'LRCLIB' : `LRCLIB (${hostOf(baseUrl)})`;
  return { body, provider, language: undefined };
}

export const lifecycle = { onEnable() {}, onDisable() {} };

export const settings = {
  apply(typeId, values) {
    if (typeId !== TYPE_ID) fail('not-found', `this plugin has no lyrics ability "${typeId}" (it has "${TYPE_ID}")`);
    for (const { key, value } of values) {
      if (key === 'cache' && value.tag === 'boolean') cacheEnabled = value.val;
      if (key !== 'base_url' || value.tag !== 'text') continue;
      const url = value.val.trim().replace(/\/+$/, '') || DEFAULT_BASE_URL;
      if (!/^https?:\/\/[^/?#]+/i.test(url)) fail('invalid-argument', `the server "${value.val}" is not an http(s) address such as ${DEFAULT_BASE_URL}`);
      if (url !== baseUrl) misses.clear();
      baseUrl = url;
    }
    return 'applied';
  },
};

export const lyrics = {
  find(request) {
    const title = request.title.trim();
    if (title === '') return undefined;
    const durationMs = request.durationMs === undefined || request.durationMs === null ? undefined : Number(request.durationMs);
    const wanted = { title, artist: request.artist?.trim() || undefined, album: request.album?.trim() || undefined, seconds: durationMs === undefined ? undefined : Math.round(durationMs / 1000) };
    const lookup = JSON.stringify([baseUrl, normalise(wanted.title), normalise(wanted.artist), normalise(wanted.album), wanted.seconds ?? null]);
    const hit = cached(lookup);
    if (hit !== undefined) return hit;
    if (misses.has(lookup)) return undefined;
    const result = resultOf(lookUp(wanted));
    if (result === undefined) {
      if (misses.size >= MISSES_KEPT) misses.clear();
      misses.add(lookup);
      return undefined;
    }
    remember(lookup, result);
    return result;
  },
};
