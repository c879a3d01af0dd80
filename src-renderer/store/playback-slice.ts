/**
 * What the Player screen knows about playback: the player's status as the host last
 * reported it (answers of transport commands and `player.*` events), the outputs to pick
 * from, the cover art of the track playing, the level meter, and the synced lyrics of
 * the track playing with the line now sung. The host owns the truth; this slice mirrors it.
 */
import type { StateCreator } from 'zustand';
import type { EffectRef, LyricsLookupView, NowPlayingView, OutputChoice, PlayerStatus } from '../../src-shared/contract/index.ts';
import { currentLine } from '../../src-shared/lyrics/current-line.ts';

type QueueEntry = PlayerStatus['queue'][number];

/** Peak and RMS per channel, rounded to what a meter can show. */
export interface Levels {
  peak: number[];
  rms: number[];
}

/** The lyrics looked up for one queue entry. */
export interface LyricsState {
  entryId: number;
  lookup: LyricsLookupView;
}

export interface PlaybackSlice {
  /** Whether the first `playback.status` answer arrived. */
  statusLoaded: boolean;
  playState: PlayerStatus['state'];
  positionMs: number;
  volume: number;
  repeat: PlayerStatus['repeat'];
  shuffle: boolean;
  queue: QueueEntry[];
  nowPlaying: NowPlayingView | undefined;
  effects: EffectRef[];
  output: string;
  outputs: OutputChoice[];
  coverArt: { entryId: number; dataUrl: string } | undefined;
  levels: Levels;
  /** When the shown levels were taken (ms, any monotonic clock): the meter is throttled. */
  levelsAt: number;
  lyrics: LyricsState | undefined;
  /** The synced line now sung (-1: before the first line). */
  lyricLine: number;
  /** Replaces everything the status carries (an answer of `playback.*`). */
  applyStatus(status: PlayerStatus): void;
  setPlayState(state: PlayerStatus['state']): void;
  trackChanged(now: NowPlayingView): void;
  setPosition(entryId: number, positionMs: number, durationMs: number | undefined): void;
  queueEnded(): void;
  /** Takes a `player.levels` reading unless the last one shown is younger than {@link LEVELS_INTERVAL_MS}. */
  setLevels(peak: number[], rms: number[], atMs: number): void;
  setOutputs(current: string, choices: OutputChoice[]): void;
  setCoverArt(entryId: number, dataUrl: string | undefined): void;
  lyricsLoaded(entryId: number, lookup: LyricsLookupView): void;
  setLyricLine(entryId: number, index: number): void;
}

/** The meter redraws at most this often (the host reports levels every ~50 ms). */
export const LEVELS_INTERVAL_MS = 100;
const LEVEL_STEPS = 200;
const SILENT: Levels = { peak: [0, 0], rms: [0, 0] };

export const createPlaybackSlice: StateCreator<PlaybackSlice, [], [], PlaybackSlice> = (set) => ({
  statusLoaded: false,
  playState: 'stopped',
  positionMs: 0,
  volume: 1,
  repeat: 'off',
  shuffle: false,
  queue: [],
  nowPlaying: undefined,
  effects: [],
  output: 'default',
  outputs: [],
  coverArt: undefined,
  levels: SILENT,
  levelsAt: Number.NEGATIVE_INFINITY,
  lyrics: undefined,
  lyricLine: -1,
  applyStatus: (status) =>
    set((state) => ({
      statusLoaded: true,
      playState: status.state,
      positionMs: status.positionMs,
      volume: status.volume,
      repeat: status.repeat,
      shuffle: status.shuffle,
      queue: status.queue,
      nowPlaying: status.nowPlaying,
      effects: status.effects,
      output: status.output,
      ...(status.state === 'playing' ? {} : { levels: SILENT }),
      ...(status.nowPlaying?.entryId === state.nowPlaying?.entryId ? {} : { lyrics: undefined, lyricLine: -1 }),
    })),
  setPlayState: (playState) => set(playState === 'playing' ? { playState } : { playState, levels: SILENT }),
  trackChanged: (now) =>
    set((state) => (state.nowPlaying?.entryId === now.entryId ? { nowPlaying: now } : { nowPlaying: now, positionMs: 0, lyrics: undefined, lyricLine: -1 })),
  setPosition: (entryId, positionMs, durationMs) =>
    set((state) => {
      const now = state.nowPlaying;
      if (now !== undefined && now.entryId !== entryId) return {};
      const durationChanged = now !== undefined && durationMs !== undefined && now.durationMs !== durationMs;
      return { positionMs, ...(durationChanged ? { nowPlaying: { ...now, durationMs } } : {}) };
    }),
  queueEnded: () => set({ playState: 'stopped', nowPlaying: undefined, positionMs: 0, levels: SILENT, lyrics: undefined, lyricLine: -1 }),
  setLevels: (peak, rms, atMs) =>
    set((state) => {
      if (atMs - state.levelsAt < LEVELS_INTERVAL_MS) return {};
      const levels = { peak: stereo(peak), rms: stereo(rms) };
      return sameLevels(levels, state.levels) ? { levelsAt: atMs } : { levels, levelsAt: atMs };
    }),
  setOutputs: (current, choices) => set({ output: current, outputs: choices }),
  setCoverArt: (entryId, dataUrl) => set({ coverArt: dataUrl === undefined ? undefined : { entryId, dataUrl } }),
  lyricsLoaded: (entryId, lookup) =>
    set((state) => {
      if (state.nowPlaying !== undefined && state.nowPlaying.entryId !== entryId) return {};
      const body = lookup.found?.body;
      const lyricLine = body?.kind === 'synced' ? currentLine(body.lines, state.positionMs) : -1;
      return { lyrics: { entryId, lookup }, lyricLine };
    }),
  setLyricLine: (entryId, index) => set((state) => (state.lyrics?.entryId === entryId ? { lyricLine: index } : {})),
});

/** Two channels (a mono stream shows on both), each clamped to 0–1 and rounded to a meter step. */
function stereo(values: number[]): number[] {
  const left = values[0] ?? 0;
  const right = values[1] ?? left;
  return [left, right].map((value) => Math.round(Math.min(1, Math.max(0, value)) * LEVEL_STEPS) / LEVEL_STEPS);
}

function sameLevels(a: Levels, b: Levels): boolean {
  return a.peak.every((value, index) => value === b.peak[index]) && a.rms.every((value, index) => value === b.rms[index]);
}
