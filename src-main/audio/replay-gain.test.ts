import { describe, expect, it } from 'vitest';
import { checkReplayGain, replayGainDb, replayGainFactor, REPLAY_GAIN_OFF } from './replay-gain.ts';

const both = { replayGainTrackDb: -7.25, replayGainAlbumDb: -5.5 };

describe('ReplayGain factors', () => {
  it('uses the track or the album gain by mode, each falling back to the other, plus the preamp', () => {
    expect(replayGainDb(both, { mode: 'track', preampDb: 0 })).toBe(-7.25);
    expect(replayGainDb(both, { mode: 'album', preampDb: 2 })).toBe(-3.5);
    expect(replayGainDb({ replayGainTrackDb: -3 }, { mode: 'album', preampDb: 0 })).toBe(-3);
    expect(replayGainDb({ replayGainAlbumDb: -4 }, { mode: 'track', preampDb: 1 })).toBe(-3);
    expect(replayGainFactor(both, { mode: 'track', preampDb: 0 })).toBeCloseTo(10 ** (-7.25 / 20), 12);
    expect(replayGainFactor({ replayGainTrackDb: -6.0206 }, { mode: 'track', preampDb: 0 })).toBeCloseTo(0.5, 4);
  });

  it('leaves tracks exactly as they are when off, untagged, or at 0 dB', () => {
    expect(replayGainFactor(both, REPLAY_GAIN_OFF)).toBe(1);
    expect(replayGainFactor({}, { mode: 'album', preampDb: 6 })).toBe(1);
    expect(replayGainFactor({ replayGainTrackDb: Number.NaN }, { mode: 'track', preampDb: 0 })).toBe(1);
    expect(replayGainFactor({ replayGainTrackDb: -3 }, { mode: 'track', preampDb: 3 })).toBe(1);
  });

  it('caps the raise at +24 dB, which the audio worker accepts', () => {
    expect(replayGainDb({ replayGainTrackDb: 20 }, { mode: 'track', preampDb: 15 })).toBe(24);
    expect(replayGainFactor({ replayGainTrackDb: 20 }, { mode: 'track', preampDb: 15 })).toBeLessThanOrEqual(16);
  });

  it('refuses settings it cannot use, saying what is wrong', () => {
    expect(() => checkReplayGain({ mode: 'loud' as 'off', preampDb: 0 })).toThrow('ReplayGain mode must be off, track or album, got loud');
    expect(() => checkReplayGain({ mode: 'track', preampDb: 20 })).toThrow('the ReplayGain preamp must be between -15 and 15 dB, got 20');
    expect(checkReplayGain({ mode: 'album', preampDb: -2 })).toEqual({ mode: 'album', preampDb: -2 });
  });
});
