// Local music-folder library (org.fugue.library): the folders chosen in the `folders`
// setting are scanned through host-stream (the host grants exactly those folders, so
// nothing else is readable), indexed by artist / album / track, searched, resolved to
// files, and asked for artwork (embedded pictures or cover.jpg beside the tracks).
import { write as log } from 'fugue:plugin/log@0.1.0';
import { delete as kvDelete, get as kvGet, listKeys, set as kvSet } from 'fugue:plugin/kv@0.1.0';
import { Catalog, fail, page } from './catalog.js';
import { withFile } from './reader.js';
import { fileUri, scanFolders, TRACK_FIELDS, trackFromRow } from './scan.js';
import { readPicture } from './tags.js';
import { encodeUtf8, text } from './text.js';

const TYPE_ID = 'library';
const INDEX_KEY = 'index';
const CHUNK_PREFIX = 'index/';
/** Tracks per saved chunk: small chunks keep the transient JSON (and so peak memory) small. */
const CHUNK_TRACKS = 256;
/** Bumped when the saved shape changes; an index of another version is rebuilt by a scan. */
const INDEX_VERSION = 2;
const MAX_COVER_BYTES = 16 * 1024 * 1024;
const IMAGE_TYPES = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png' };

const state = { folders: [], rescanMinutes: 30, index: undefined, catalog: undefined };

export const lifecycle = {
  onEnable() {
    state.index = loadIndex();
  },
  onDisable() {},
};

export const settings = {
  apply(typeId, values) {
    if (typeId !== TYPE_ID) throw fail('not-found', `this plugin has no ability "${typeId}" (it has "${TYPE_ID}")`);
    for (const { key, value } of values) {
      if (key === 'folders' && value.tag === 'text-list') state.folders = normaliseFolders(value.val);
      if (key === 'rescan_minutes' && value.tag === 'integer') state.rescanMinutes = Number(value.val);
    }
    return 'applied';
  },
};

function normaliseFolders(list) {
  const folders = list.map((folder) => folder.trim().replace(/\\/g, '/').replace(/(.)\/+$/, '$1')).filter((folder) => folder !== '');
  const relative = folders.find((folder) => !folder.startsWith('/') && !/^[A-Za-z]:\//.test(folder));
  if (relative !== undefined) throw fail('invalid-argument', `"${relative}" is not an absolute folder path; choose the folder with the folder picker`);
  return [...new Set(folders)];
}

const chunkKey = (index) => `${CHUNK_PREFIX}${String(index).padStart(5, '0')}`;
const readJson = (key) => {
  const bytes = kvGet(key);
  return bytes === undefined || bytes === null ? undefined : JSON.parse(text(bytes));
};

function loadIndex() {
  try {
    const saved = readJson(INDEX_KEY);
    if (saved === undefined || saved.version !== INDEX_VERSION || saved.fields.join() !== TRACK_FIELDS.join()) return undefined;
    const tracks = [];
    for (let chunk = 0; chunk < saved.chunks; chunk++) {
      const rows = readJson(chunkKey(chunk));
      if (rows === undefined) return undefined;
      for (const row of rows) tracks.push(trackFromRow(row));
    }
    return { folders: saved.folders, scannedAt: saved.scannedAt, covers: saved.covers, tracks };
  } catch (error) {
    log('warn', `the saved library index could not be read (${error?.payload?.message ?? String(error)}); the folders will be scanned again`);
    return undefined;
  }
}

/**
 * Saves the index as a header plus chunks of rows (values without repeated field names).
 * The header goes last, and is removed first, so a failed save never leaves a mixed index.
 */
function saveIndex(index) {
  try {
    kvDelete(INDEX_KEY);
    const chunks = Math.ceil(index.tracks.length / CHUNK_TRACKS);
    for (let chunk = 0; chunk < chunks; chunk++) {
      const rows = index.tracks.slice(chunk * CHUNK_TRACKS, (chunk + 1) * CHUNK_TRACKS).map((track) => TRACK_FIELDS.map((field) => track[field] ?? null));
      kvSet(chunkKey(chunk), encodeUtf8(JSON.stringify(rows)));
    }
    for (const key of listKeys(CHUNK_PREFIX)) if (key >= chunkKey(chunks)) kvDelete(key);
    const header = { version: INDEX_VERSION, folders: index.folders, scannedAt: index.scannedAt, covers: index.covers, fields: TRACK_FIELDS, chunks };
    kvSet(INDEX_KEY, encodeUtf8(JSON.stringify(header)));
  } catch (error) {
    log('warn', `the library index is kept in memory only and will be rebuilt after a restart: ${error?.payload?.message ?? String(error)}`);
  }
}

const foldersChanged = (index) => JSON.stringify(index.folders) !== JSON.stringify(state.folders);

function isStale(index) {
  if (index === undefined || foldersChanged(index)) return true;
  return state.rescanMinutes > 0 && Date.now() - index.scannedAt > state.rescanMinutes * 60_000;
}

/** The catalog, rescanned first when stale: any age counts at the root (what the user opens to see fresh contents), elsewhere only a folder change. */
function catalog(atRoot) {
  if (state.folders.length === 0) throw fail('not-found', 'no music folders are chosen yet; add your music folders in the library settings');
  if (state.index === undefined || (atRoot ? isStale(state.index) : foldersChanged(state.index))) rescan();
  if (state.catalog?.index !== state.index) state.catalog = new Catalog(state.index);
  return state.catalog;
}

function rescan() {
  // Entries are reused by path, size and time, so adding a folder does not reread the others.
  const result = scanFolders(state.folders, state.index);
  for (const problem of result.problems) log('warn', `${problem.folder}: ${problem.message}`);
  const unreadable = result.problems.filter((problem) => state.folders.includes(problem.folder));
  if (unreadable.length === state.folders.length) {
    throw fail('denied', `none of the music folders can be read (${unreadable.map((problem) => `${problem.folder}: ${problem.message}`).join('; ')}); check that they exist and that Fugue may read them`);
  }
  state.index = { folders: state.folders, scannedAt: Date.now(), tracks: result.tracks, covers: result.covers };
  log('info', `scanned ${state.folders.length} folder(s): ${result.tracks.length} tracks, ${result.opened} read`);
  saveIndex(state.index);
}

export const source = {
  browse(target, cursor) {
    if (target.tag === 'root') return page(catalog(true).rootItems(), cursor);
    const children = catalog(false).children(target.val);
    if (children === undefined) throw fail('not-found', `nothing called "${target.val}" is in the library; it may have been removed since the last scan`);
    return page(children, cursor);
  },
  search(query, cursor) {
    if (query.trim() === '') throw fail('invalid-argument', 'type something to search for');
    return page(catalog(false).search(query), cursor);
  },
  resolve(itemId) {
    const track = catalog(false).track(itemId);
    if (track === undefined) throw fail('not-found', `no playable track "${itemId}" in the library; it may have been removed since the last scan`);
    return { location: { tag: 'file', val: track.path }, metadata: metadataOf(track), extensionHint: track.extension };
  },
  artwork(itemId) {
    const library = catalog(false);
    const track = library.track(itemId);
    if (track !== undefined) return embedded(track) ?? folderCover(track);
    const album = library.album(itemId);
    if (album !== undefined) return firstOf(album.tracks, folderCover) ?? firstOf(album.tracks, embedded);
    return undefined;
  },
};

function firstOf(tracks, find) {
  for (const track of tracks) {
    const found = find(track);
    if (found !== undefined) return found;
  }
  return undefined;
}

function metadataOf(track) {
  const fields = ['title', 'artist', 'album', 'albumArtist', 'genre', 'trackNumber', 'trackTotal', 'discNumber', 'year', 'durationMs', 'replayGainTrackDb', 'replayGainAlbumDb'];
  return { ...Object.fromEntries(fields.map((field) => [field, track[field]])), tags: [], pictures: [] };
}

function embedded(track) {
  if (track.picture === undefined) return undefined;
  return withFile(fileUri(track.path), (reader) => readPicture(reader, track.picture));
}

function folderCover(track) {
  const dir = track.path.slice(0, track.path.lastIndexOf('/'));
  const name = state.index.covers[dir];
  if (name === undefined) return undefined;
  const mimeType = IMAGE_TYPES[name.slice(name.lastIndexOf('.') + 1).toLowerCase()] ?? 'image/jpeg';
  const data = withFile(fileUri(`${dir}/${name}`), (reader) => reader.bytes(0, MAX_COVER_BYTES).slice());
  return { kind: 'front-cover', mimeType, description: name, data };
}
