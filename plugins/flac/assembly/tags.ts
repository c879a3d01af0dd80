// Vorbis comment fields → track-metadata. The first value of a modelled field fills it;
// everything else (unknown keys, repeated values) is kept as a raw tag.
import { Tag, TrackMetadata } from "./generated/main/types";
import { Some } from "./generated/main/rt";

/** Leading decimal digits of `text` (after spaces), or -1 when there are none. */
function leadingNumber(text: string): i64 {
  let value: i64 = -1;
  let i = 0;
  while (i < text.length && text.charCodeAt(i) == 32) i++;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    value = (value < 0 ? 0 : value * 10) + <i64>(c - 48);
    if (value > 0xffffffff) return -1;
  }
  return value;
}

/** The number after a "/" ("3/12" → 12), or -1. */
function afterSlash(text: string): i64 {
  const slash = text.indexOf("/");
  return slash < 0 ? -1 : leadingNumber(text.substring(slash + 1));
}

function setNumber(current: Some<u32> | null, value: i64): Some<u32> | null {
  return current === null && value >= 0 ? new Some<u32>(<u32>value) : current;
}

/** "-6.5 dB" → -6.5, or null when it does not start with a number. */
function gain(text: string): Some<f32> | null {
  const value = parseFloat(text.trim());
  return isNaN(value) ? null : new Some<f32>(<f32>value);
}

function keep(metadata: TrackMetadata, key: string, value: string): void {
  const tag = new Tag();
  tag.key = key;
  tag.value = value;
  metadata.tags.push(tag);
}

/** Applies one `KEY=value` comment (keys are case-insensitive). */
export function applyComment(metadata: TrackMetadata, rawKey: string, value: string): void {
  const key = rawKey.toUpperCase();
  if (value.length == 0) return;
  if (key == "TITLE" && metadata.title === null) metadata.title = value;
  else if (key == "ARTIST" && metadata.artist === null) metadata.artist = value;
  else if (key == "ALBUM" && metadata.album === null) metadata.album = value;
  else if ((key == "ALBUMARTIST" || key == "ALBUM ARTIST") && metadata.albumArtist === null) metadata.albumArtist = value;
  else if (key == "GENRE" && metadata.genre === null) metadata.genre = value;
  else if (key == "TRACKNUMBER" && metadata.trackNumber === null) {
    metadata.trackNumber = setNumber(null, leadingNumber(value));
    metadata.trackTotal = setNumber(metadata.trackTotal, afterSlash(value));
  } else if ((key == "TRACKTOTAL" || key == "TOTALTRACKS") && metadata.trackTotal === null) {
    metadata.trackTotal = setNumber(null, leadingNumber(value));
  } else if (key == "DISCNUMBER" && metadata.discNumber === null) metadata.discNumber = setNumber(null, leadingNumber(value));
  else if ((key == "DATE" || key == "YEAR") && metadata.year === null) metadata.year = setNumber(null, leadingNumber(value.substring(0, 4)));
  else if (key == "REPLAYGAIN_TRACK_GAIN" && metadata.replayGainTrackDb === null) metadata.replayGainTrackDb = gain(value);
  else if (key == "REPLAYGAIN_ALBUM_GAIN" && metadata.replayGainAlbumDb === null) metadata.replayGainAlbumDb = gain(value);
  else keep(metadata, rawKey, value);
}
