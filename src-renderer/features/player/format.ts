/** How the Player writes times and names queue entries. */
import type { TrackRefParam } from '../../../src-shared/contract/index.ts';

/** `m:ss`, or `h:mm:ss` past an hour; a dash when unknown. */
export function clockTime(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '–:––';
  const total = Math.floor(ms / 1000);
  const [hours, minutes, seconds] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`;
}

/** A track's name when it has no title tag: the source's title, or the file's name. */
export function trackLabel(track: TrackRefParam): string {
  if (track.kind === 'source') return track.title ?? track.itemId;
  return track.path.split(/[\\/]/).at(-1) ?? track.path;
}
