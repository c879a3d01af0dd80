// The browsable views of a scanned index: artists, albums (tracks grouped by album artist,
// or by folder when there is none, so compilations stay whole) and tracks, each sorted
// the way a listener expects, and paged with numeric cursors.

export const PAGE_SIZE = 100;
const UNKNOWN_ARTIST = 'Unknown artist';
const UNKNOWN_ALBUM = 'Unknown album';

const lower = (value) => value.toLowerCase();
const compareText = (a, b) => (lower(a) < lower(b) ? -1 : lower(a) > lower(b) ? 1 : 0);
const dirOf = (path) => path.slice(0, path.lastIndexOf('/'));
export const fail = (code, message) => ({ code, message });

export const trackId = (track) => `track:${track.path}`;
const artistOf = (track) => track.artist ?? track.albumArtist ?? UNKNOWN_ARTIST;
const albumOf = (track) => track.album ?? UNKNOWN_ALBUM;
const artistId = (name) => `artist:${encodeURIComponent(lower(name))}`;

function compareTracks(a, b) {
  return (a.discNumber ?? 1) - (b.discNumber ?? 1) || (a.trackNumber ?? 1e9) - (b.trackNumber ?? 1e9) || compareText(a.title, b.title) || compareText(a.path, b.path);
}

export class Catalog {
  constructor(index) {
    this.index = index;
    this.byPath = new Map(index.tracks.map((track) => [track.path, track]));
    this.albums = groupAlbums(index.tracks);
    this.albumById = new Map(this.albums.map((album) => [album.id, album]));
    this.artists = collectArtists(this.albums);
    this.artistById = new Map(this.artists.map((artist) => [artist.id, artist]));
    this.tracks = this.albums.flatMap((album) => album.tracks);
  }

  rootItems() {
    const folder = (id, title, count, noun) => ({ id, kind: 'folder', title, subtitle: `${count} ${noun}${count === 1 ? '' : 's'}`, durationMs: undefined, playable: false, hasChildren: true });
    return [folder('artists', 'Artists', this.artists.length, 'artist'), folder('albums', 'Albums', this.albums.length, 'album'), folder('tracks', 'Tracks', this.tracks.length, 'track')];
  }

  /** The children of an item id, or undefined when the id is unknown. */
  children(id) {
    if (id === 'artists') return this.artists.map(artistItem);
    if (id === 'albums') return this.albums.map(albumItem);
    if (id === 'tracks') return this.tracks.map(trackItem);
    if (id.startsWith('artist:')) return this.artistById.get(id)?.albums.map(albumItem);
    if (id.startsWith('album:')) return this.albumById.get(id)?.tracks.map(trackItem);
    return undefined;
  }

  search(query) {
    const needle = lower(query.trim());
    const has = (value) => value !== undefined && lower(value).includes(needle);
    return [
      ...this.artists.filter((artist) => has(artist.name)).map(artistItem),
      ...this.albums.filter((album) => has(album.title) || has(album.artist)).map(albumItem),
      ...this.tracks.filter((track) => has(track.title) || has(track.artist) || has(track.albumArtist) || has(track.album)).map(trackItem),
    ];
  }

  track(id) {
    return id.startsWith('track:') ? this.byPath.get(id.slice('track:'.length)) : undefined;
  }

  album(id) {
    return this.albumById.get(id);
  }
}

function groupAlbums(tracks) {
  const groups = new Map();
  for (const track of tracks) {
    const owner = track.albumArtist ?? dirOf(track.path);
    const id = `album:${encodeURIComponent(lower(owner))}/${encodeURIComponent(lower(albumOf(track)))}`;
    if (!groups.has(id)) groups.set(id, { id, title: albumOf(track), albumArtist: track.albumArtist, tracks: [] });
    groups.get(id).tracks.push(track);
  }
  const albums = [...groups.values()];
  for (const album of albums) {
    album.tracks.sort(compareTracks);
    const artists = new Set(album.tracks.map(artistOf));
    album.artist = album.albumArtist ?? (artists.size === 1 ? artistOf(album.tracks[0]) : 'Various Artists');
    album.year = album.tracks.find((track) => track.year !== undefined)?.year;
    album.trackArtists = artists;
  }
  return albums.sort((a, b) => compareText(a.artist, b.artist) || (a.year ?? 0) - (b.year ?? 0) || compareText(a.title, b.title));
}

/** Every album artist and track artist, each with the albums they appear on (by year). */
function collectArtists(albums) {
  const artists = new Map();
  const add = (name, album) => {
    const id = artistId(name);
    if (!artists.has(id)) artists.set(id, { id, name, albums: [] });
    const entry = artists.get(id);
    if (!entry.albums.includes(album)) entry.albums.push(album);
  };
  for (const album of albums) {
    if (album.artist !== 'Various Artists') add(album.artist, album);
    for (const name of album.trackArtists) add(name, album);
  }
  const sorted = [...artists.values()].sort((a, b) => compareText(a.name, b.name));
  for (const artist of sorted) artist.albums.sort((a, b) => (a.year ?? 0) - (b.year ?? 0) || compareText(a.title, b.title));
  return sorted;
}

function artistItem(artist) {
  const count = artist.albums.length;
  return { id: artist.id, kind: 'artist', title: artist.name, subtitle: `${count} album${count === 1 ? '' : 's'}`, durationMs: undefined, playable: false, hasChildren: true };
}

function albumItem(album) {
  const subtitle = album.year === undefined ? album.artist : `${album.artist} · ${album.year}`;
  const durationMs = album.tracks.every((track) => track.durationMs !== undefined) ? album.tracks.reduce((sum, track) => sum + track.durationMs, 0) : undefined;
  return { id: album.id, kind: 'album', title: album.title, subtitle, durationMs, playable: false, hasChildren: true };
}

function trackItem(track) {
  return { id: trackId(track), kind: 'track', title: track.title, subtitle: `${artistOf(track)} — ${albumOf(track)}`, durationMs: track.durationMs, playable: true, hasChildren: false };
}

/** One page of `items` from `cursor` (an offset this source gave out). */
export function page(items, cursor) {
  let start = 0;
  if (cursor !== undefined && cursor !== null) {
    if (!/^\d+$/.test(cursor) || Number(cursor) > items.length) throw fail('invalid-argument', `cursor "${cursor}" is not one this library gave out; browse again from the start`);
    start = Number(cursor);
  }
  const end = start + PAGE_SIZE;
  return { items: items.slice(start, end), nextCursor: end < items.length ? String(end) : undefined };
}
