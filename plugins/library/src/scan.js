// Scans the chosen folders through host-stream: a recursive listing (only folders the host
// granted can be listed), tags read from each new or changed audio file, and names taken
// from the folders (`Artist/Album/NN Title.ext`) where tags are missing. Files whose size
// and modification time did not change keep their previous entry without being opened.
import { listDirectory } from 'fugue:plugin/host-stream@0.1.0';
import { withFile } from './reader.js';
import { readTags } from './tags.js';

export const AUDIO_EXTENSIONS = new Set(['flac', 'wav', 'wave', 'aiff', 'aif', 'aifc', 'mp3', 'ogg', 'oga', 'opus', 'm4a', 'mp4', 'aac', 'wma', 'wv', 'ape', 'mka']);
/** Folder images used as album art, best first. */
const COVER_NAMES = ['cover.jpg', 'cover.jpeg', 'cover.png', 'folder.jpg', 'folder.jpeg', 'folder.png', 'front.jpg', 'front.png', 'album.jpg', 'albumart.jpg'];
/** Deeper than this is a link loop or not a music library. */
const MAX_DEPTH = 24;

/** `file://` URI of an absolute POSIX or Windows path, each segment percent-encoded. */
export function fileUri(path) {
  const normal = path.replace(/\\/g, '/');
  const segments = normal.split('/').map((segment, index) => (index === 0 && /^[A-Za-z]:$/.test(segment) ? segment : encodeURIComponent(segment)));
  return `file://${normal.startsWith('/') ? '' : '/'}${segments.join('/')}`;
}

export const extensionOf = (name) => {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
};

const errorMessage = (error) => {
  const payload = error && typeof error === 'object' && 'payload' in error ? error.payload : error;
  return payload && typeof payload === 'object' && 'message' in payload ? `${payload.code}: ${payload.message}` : String(payload);
};

/**
 * Scans `folders`; returns `{ tracks, covers, problems }`. `previous` (an earlier index)
 * lets unchanged files skip reading. A folder that cannot be listed becomes a problem.
 */
export function scanFolders(folders, previous) {
  const known = new Map((previous?.tracks ?? []).map((track) => [track.path, track]));
  const state = { tracks: [], covers: {}, problems: [], known, opened: 0 };
  for (const root of folders) walk(state, root, root, 0);
  return state;
}

function walk(state, root, dir, depth) {
  let entries;
  try {
    entries = listDirectory(fileUri(dir));
  } catch (error) {
    state.problems.push({ folder: dir, message: errorMessage(error) });
    return;
  }
  const names = new Set();
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = `${dir.replace(/\/+$/, '')}/${entry.name}`;
    names.add(entry.name.toLowerCase());
    if (entry.isDirectory) {
      if (depth < MAX_DEPTH) walk(state, root, path, depth + 1);
    } else if (AUDIO_EXTENSIONS.has(extensionOf(entry.name))) {
      state.tracks.push(trackEntry(state, root, path, entry));
    }
  }
  const cover = COVER_NAMES.find((name) => names.has(name));
  if (cover !== undefined) state.covers[dir] = entries.find((entry) => entry.name.toLowerCase() === cover).name;
}

function trackEntry(state, root, path, entry) {
  const size = Number(entry.size);
  const mtime = Number(entry.modifiedMs);
  const before = state.known.get(path);
  if (before !== undefined && before.size === size && before.mtime === mtime) return before;
  const extension = extensionOf(entry.name);
  let tags = {};
  try {
    state.opened++;
    tags = withFile(fileUri(path), readTags);
  } catch (error) {
    state.problems.push({ folder: path, message: errorMessage(error) });
  }
  return makeTrack({ ...fromPath(root, path), ...definedOnly(tags), path, size, mtime, extension });
}

const definedOnly = (object) => Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined && !Number.isNaN(value)));

/** Every field of an index entry, in one order. */
export const TRACK_FIELDS = ['path', 'size', 'mtime', 'extension', 'title', 'artist', 'album', 'albumArtist', 'genre', 'trackNumber', 'trackTotal', 'discNumber', 'year', 'durationMs', 'replayGainTrackDb', 'replayGainAlbumDb', 'picture'];

/**
 * An index entry with every field present in the same order, so QuickJS shares one shape
 * among all entries (objects with varying keys each cost a shape: ~1 KB a track more).
 */
export function makeTrack(fields) {
  const track = {};
  for (const field of TRACK_FIELDS) track[field] = fields[field] ?? undefined;
  return track;
}

/** An index entry from a saved row (values in `TRACK_FIELDS` order). */
export function trackFromRow(row) {
  const track = {};
  for (let index = 0; index < TRACK_FIELDS.length; index++) track[TRACK_FIELDS[index]] = row[index] ?? undefined;
  return track;
}

/** Names from `Artist/Album/[CD n/]NN Title.ext` under the chosen folder. */
export function fromPath(root, path) {
  const relative = path.slice(root.replace(/\/+$/, '').length + 1).split('/');
  const file = relative.pop();
  const stem = file.slice(0, file.length - extensionOf(file).length - 1) || file;
  const result = {};
  const disc = /^(?:cd|disc|disk)\s*(\d+)$/i.exec(relative[relative.length - 1] ?? '');
  if (disc && relative.length > 1) {
    result.discNumber = Number(disc[1]);
    relative.pop();
  }
  const numbered = /^(?:(\d)[-.](?=\d))?(\d{1,3})(?:\s*[-._)]\s*|\s+)(.+)$/.exec(stem);
  result.title = numbered ? numbered[3].trim() : stem;
  if (numbered) {
    result.trackNumber = Number(numbered[2]);
    if (numbered[1] !== undefined) result.discNumber ??= Number(numbered[1]);
  }
  if (relative.length >= 1) result.album = relative[relative.length - 1];
  if (relative.length >= 2) result.artist = relative[relative.length - 2];
  return result;
}
