/**
 * ReplayGain as the host applies it. Effects never see track tags, so the Player turns the
 * decoder's `replay-gain-track-db` / `replay-gain-album-db` into one linear factor per
 * track ({@link QueuedTrack.gain}), which the audio worker applies to exactly that track's
 * frames (track-slot.ts). Tracks of one album share the album gain, so an album plays
 * gapless with no change at the joins.
 *
 * Clip prevention from `REPLAYGAIN_*_PEAK` is not done: decoders report peaks only as raw
 * tags, and a preamp above 0 dB can clip loud tracks.
 */
import type { QueuedTrack } from './audio-messages.ts';

export type ReplayGainMode = 'off' | 'track' | 'album';

export interface ReplayGainSettings {
  /** `track`: each track at the reference level; `album`: each album, keeping its dynamics. */
  mode: ReplayGainMode;
  /** Added to the tag's gain for tracks that have one (tracks without tags play unchanged). */
  preampDb: number;
}

export const REPLAY_GAIN_OFF: ReplayGainSettings = { mode: 'off', preampDb: 0 };

/** The preamp range offered (as most players do). */
export const MAX_PREAMP_DB = 15;
/** The most a track is raised: the audio worker refuses factors above 16 (+24 dB). */
const MAX_GAIN_DB = 24;

/** The decoder metadata fields this reads (WIT `track-metadata`, among others). */
export interface ReplayGainTags {
  readonly [field: string]: unknown;
  replayGainTrackDb?: unknown;
  replayGainAlbumDb?: unknown;
}

/** Checks settings from the user; throws a RangeError that says what is wrong. */
export function checkReplayGain(settings: ReplayGainSettings): ReplayGainSettings {
  if (!['off', 'track', 'album'].includes(settings.mode)) throw new RangeError(`ReplayGain mode must be off, track or album, got ${String(settings.mode)}`);
  if (!Number.isFinite(settings.preampDb) || Math.abs(settings.preampDb) > MAX_PREAMP_DB) {
    throw new RangeError(`the ReplayGain preamp must be between -${MAX_PREAMP_DB} and ${MAX_PREAMP_DB} dB, got ${settings.preampDb}`);
  }
  return { mode: settings.mode, preampDb: settings.preampDb };
}

/**
 * The gain in dB for a track: its album gain in album mode (the track gain when the file
 * has no album gain), its track gain in track mode (falling back to the album gain), plus
 * the preamp; undefined when off or the file has neither tag.
 */
export function replayGainDb(tags: ReplayGainTags, settings: ReplayGainSettings): number | undefined {
  if (settings.mode === 'off') return undefined;
  const track = finite(tags.replayGainTrackDb);
  const album = finite(tags.replayGainAlbumDb);
  const tagged = settings.mode === 'album' ? (album ?? track) : (track ?? album);
  return tagged === undefined ? undefined : Math.min(MAX_GAIN_DB, tagged + settings.preampDb);
}

/** {@link QueuedTrack.gain} for a track: a linear factor, exactly 1 when nothing applies. */
export function replayGainFactor(tags: ReplayGainTags, settings: ReplayGainSettings): NonNullable<QueuedTrack['gain']> {
  const db = replayGainDb(tags, settings);
  return db === undefined || db === 0 ? 1 : 10 ** (db / 20);
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
