// A catalog source (world source-plugin) over a fixed two-level catalog: albums at the
// root, tracks inside them, two items per page.
import { BrowseTarget, BrowseTargetTag, CatalogItem, ItemKind, Location, Page, Picture, PluginError, ResolvedTrack, TrackMetadata } from "./generated/main/source";
import { DisableReason } from "./generated/main/lifecycle";
import { ApplyOutcome, Setting } from "./generated/main/settings";
import { ErrorCode, PictureKind } from "./generated/main/types";
import * as log from "./generated/main/log";
import { Result, Some } from "./generated/main/rt";

const PAGE_SIZE = 2;

class Track {
  constructor(readonly id: string, readonly title: string, readonly durationMs: u64, readonly number: u32) {}
}

class Album {
  constructor(readonly id: string, readonly title: string, readonly artist: string, readonly tracks: Array<Track>) {}
}

const CATALOG: Array<Album> = [
  new Album("album-1", "Fïrst Album", "The Fixtures", [new Track("track-1-1", "Opening", 61000, 1), new Track("track-1-2", "Middle 🎵", 125500, 2), new Track("track-1-3", "Closing", 200000, 3)]),
  new Album("album-2", "Second Album", "The Fixtures", [new Track("track-2-1", "Reprise", 90000, 1)]),
];

function error(code: ErrorCode, message: string): PluginError {
  const result: PluginError = { code, message };
  return result;
}

function albumItem(album: Album): CatalogItem {
  const item: CatalogItem = { id: album.id, kind: ItemKind.Album, title: album.title, subtitle: album.artist, durationMs: null, playable: false, hasChildren: true };
  return item;
}

function trackItem(album: Album, track: Track): CatalogItem {
  const item: CatalogItem = { id: track.id, kind: ItemKind.Track, title: track.title, subtitle: album.title, durationMs: new Some<u64>(track.durationMs), playable: true, hasChildren: false };
  return item;
}

/** One page of `items` starting at the offset in `cursor`. */
function page(items: Array<CatalogItem>, cursor: string | null): Result<Page, PluginError> {
  const start = cursor === null ? 0 : I32.parseInt(cursor);
  if (start < 0 || start > items.length) return Result.err<Page, PluginError>(error(ErrorCode.InvalidArgument, "bad cursor"));
  const end = min(start + PAGE_SIZE, items.length);
  const result: Page = { items: items.slice(start, end), nextCursor: end < items.length ? end.toString() : null };
  return Result.ok<Page, PluginError>(result);
}

function findAlbum(id: string): Album | null {
  for (let i = 0; i < CATALOG.length; i++) if (CATALOG[i].id == id) return CATALOG[i];
  return null;
}

export function onEnable(): PluginError | null {
  log.write(log.Level.Info, "fixed catalog enabled with " + CATALOG.length.toString() + " albums");
  return null;
}

export function onDisable(reason: DisableReason): PluginError | null {
  return null;
}

export function apply(typeId: string, values: Array<Setting>): Result<ApplyOutcome, PluginError> {
  return Result.ok<ApplyOutcome, PluginError>(ApplyOutcome.Applied);
}

export function browse(target: BrowseTarget, cursor: string | null): Result<Page, PluginError> {
  const items = new Array<CatalogItem>();
  if (target.tag == BrowseTargetTag.Root) {
    for (let i = 0; i < CATALOG.length; i++) items.push(albumItem(CATALOG[i]));
    return page(items, cursor);
  }
  const album = findAlbum(target.item);
  if (album === null) return Result.err<Page, PluginError>(error(ErrorCode.NotFound, "no catalog item " + target.item));
  for (let i = 0; i < album.tracks.length; i++) items.push(trackItem(album, album.tracks[i]));
  return page(items, cursor);
}

export function search(query: string, cursor: string | null): Result<Page, PluginError> {
  const needle = query.toLowerCase();
  const items = new Array<CatalogItem>();
  for (let a = 0; a < CATALOG.length; a++) {
    const album = CATALOG[a];
    for (let t = 0; t < album.tracks.length; t++) {
      if (album.tracks[t].title.toLowerCase().includes(needle)) items.push(trackItem(album, album.tracks[t]));
    }
  }
  return page(items, cursor);
}

export function resolve(itemId: string): Result<ResolvedTrack, PluginError> {
  for (let a = 0; a < CATALOG.length; a++) {
    const album = CATALOG[a];
    for (let t = 0; t < album.tracks.length; t++) {
      const track = album.tracks[t];
      if (track.id != itemId) continue;
      const metadata = new TrackMetadata();
      metadata.title = track.title;
      metadata.artist = album.artist;
      metadata.album = album.title;
      metadata.trackNumber = new Some<u32>(track.number);
      metadata.trackTotal = new Some<u32>(<u32>album.tracks.length);
      metadata.durationMs = new Some<u64>(track.durationMs);
      const resolved: ResolvedTrack = { location: Location.file("/music/fixtures/" + album.id + "/" + track.id + ".fraw"), metadata, extensionHint: "fraw" };
      return Result.ok<ResolvedTrack, PluginError>(resolved);
    }
  }
  return Result.err<ResolvedTrack, PluginError>(error(ErrorCode.NotFound, "no playable item " + itemId));
}

export function artwork(itemId: string): Result<Picture | null, PluginError> {
  const album = findAlbum(itemId);
  if (album === null) return Result.ok<Picture | null, PluginError>(null);
  // A stand-in image: the PNG signature followed by the album id.
  const idBytes = Uint8Array.wrap(String.UTF8.encode(album.id));
  const data = new Uint8Array(8 + idBytes.length);
  data.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  data.set(idBytes, 8);
  const picture: Picture = { kind: PictureKind.FrontCover, mimeType: "image/png", description: album.title, data };
  return Result.ok<Picture | null, PluginError>(picture);
}
