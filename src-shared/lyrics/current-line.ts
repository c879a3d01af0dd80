/** Which synced line is being sung, for the player's synced lyrics view (host and renderer). */

/** A synced line, `startMs` from the start of the track. */
export interface TimedLine {
  readonly startMs: number;
}

/**
 * The index of the line playing at `positionMs`: the last line starting at or before it,
 * or -1 before the first line. `lines` must be sorted by `startMs` (the lyrics service
 * sorts what providers return). O(log n), so it can run on every position tick.
 */
export function currentLine(lines: readonly TimedLine[], positionMs: number): number {
  let low = 0;
  let high = lines.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    if ((lines[middle] as TimedLine).startMs <= positionMs) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}
