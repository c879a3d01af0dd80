import { describe, expect, it } from 'vitest';
import { NOW, playing } from '../features/player/fixtures.ts';
import { applyEvent } from './bridge.ts';
import { LEVELS_INTERVAL_MS } from './playback-slice.ts';
import { createAppStore } from './store.ts';

const commands = { refreshDetails: async () => {} };

describe('playback slice', () => {
  it('follows the host: status answers, track changes, positions and the end of the queue', () => {
    const store = createAppStore();
    store.getState().applyStatus(playing({ positionMs: 4_000 }));
    expect(store.getState()).toMatchObject({ statusLoaded: true, playState: 'playing', positionMs: 4_000 });
    applyEvent({ event: 'player.trackChanged', payload: { ...NOW, entryId: 2, title: 'Morning Tone' } }, store, commands);
    expect(store.getState()).toMatchObject({ positionMs: 0, nowPlaying: { entryId: 2, title: 'Morning Tone' } });
    applyEvent({ event: 'player.position', payload: { entryId: 1, positionMs: 9_000 } }, store, commands);
    expect(store.getState().positionMs).toBe(0);
    applyEvent({ event: 'player.position', payload: { entryId: 2, positionMs: 1_500, durationMs: 20_000 } }, store, commands);
    expect(store.getState()).toMatchObject({ positionMs: 1_500, nowPlaying: { durationMs: 20_000 } });
    applyEvent({ event: 'player.state', payload: { state: 'paused' } }, store, commands);
    expect(store.getState().playState).toBe('paused');
    applyEvent({ event: 'player.queueEnded', payload: {} }, store, commands);
    expect(store.getState()).toMatchObject({ playState: 'stopped', nowPlaying: undefined, positionMs: 0 });
  });

  it('throttles the level meter and drops repeated readings', () => {
    const store = createAppStore();
    const levels = () => store.getState().levels;
    store.getState().setLevels([0.5, 0.25], [0.3, 0.1], 1_000);
    const first = levels();
    expect(first.peak).toEqual([0.5, 0.25]);
    store.getState().setLevels([0.9, 0.9], [0.5, 0.5], 1_000 + LEVELS_INTERVAL_MS / 2);
    expect(levels()).toBe(first);
    store.getState().setLevels([0.5, 0.25], [0.3, 0.1], 1_000 + LEVELS_INTERVAL_MS);
    expect(levels()).toBe(first);
    store.getState().setLevels([0.8], [0.4], 1_000 + 2 * LEVELS_INTERVAL_MS);
    expect(levels().peak).toEqual([0.8, 0.8]);
  });

  it('starts synced lyrics at the line of the current position when they arrive late', () => {
    const store = createAppStore();
    store.getState().applyStatus(playing({ positionMs: 6_000 }));
    const lines = [{ startMs: 0, text: 'a' }, { startMs: 5_000, text: 'b' }, { startMs: 9_000, text: 'c' }];
    store.getState().lyricsLoaded(1, { found: { body: { kind: 'synced', lines }, provider: 'p', pluginId: 'org.a.b', typeId: 'l' }, tried: [] });
    expect(store.getState().lyricLine).toBe(1);
    store.getState().lyricsLoaded(5, { tried: [] });
    expect(store.getState().lyrics?.entryId).toBe(1);
  });
});
