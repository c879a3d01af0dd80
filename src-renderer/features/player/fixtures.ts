/**
 * Player fixtures for DOM tests: what plays (`NOW`) and player statuses. The tests mount
 * through the shared harness in `src-renderer/testing/`.
 */
import type { NowPlayingView, PlayerStatus } from '../../../src-shared/contract/index.ts';


export const NOW: NowPlayingView = {
  entryId: 1,
  track: { kind: 'file', path: '/music/Evening Tone.flac' },
  title: 'Evening Tone',
  artist: 'The Test Ensemble',
  album: 'Signals',
  durationMs: 15_000,
  codec: 'flac',
  sampleRate: 44_100,
  channels: 2,
  lossless: true,
  seekable: true,
  decoder: { pluginId: 'org.fugue.flac', typeId: 'flac' },
  hasCoverArt: false,
};

/** A player status: nothing queued, unless `patch` says otherwise. */
export function status(patch: Partial<PlayerStatus> = {}): PlayerStatus {
  return { state: 'stopped', positionMs: 0, volume: 1, repeat: 'off', shuffle: false, queue: [], effects: [], output: 'null', ...patch };
}

export function playing(patch: Partial<PlayerStatus> = {}): PlayerStatus {
  return status({ state: 'playing', queue: [{ entryId: 1, track: NOW.track }], nowPlaying: NOW, ...patch });
}
