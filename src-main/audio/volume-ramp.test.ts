import { describe, expect, it } from 'vitest';
import { LevelMeter } from './levels.ts';
import { applyGains, GainRamp } from './volume-ramp.ts';

describe('GainRamp', () => {
  it('gives each frame of a ramp its midpoint gain, so no frame of a fade is fully muted', () => {
    const ramp = new GainRamp(1);
    ramp.rampTo(0, 4);
    expect([ramp.next(), ramp.next(), ramp.next(), ramp.next()]).toEqual([0.875, 0.625, 0.375, 0.125]);
    expect(ramp.remainingFrames).toBe(0);
    expect(ramp.next()).toBe(0);
  });

  it('leaves samples untouched at unity gain and scales them otherwise', () => {
    const block = Float32Array.of(0.1, -0.2, 0.3, -0.4);
    const unity = new GainRamp(1);
    applyGains(block, 2, 2, unity, new GainRamp(1));
    expect(block).toEqual(Float32Array.of(0.1, -0.2, 0.3, -0.4));
    applyGains(block, 2, 2, new GainRamp(0.5), new GainRamp(1));
    expect(block).toEqual(Float32Array.of(0.05, -0.1, 0.15, -0.2));
  });
});

describe('LevelMeter', () => {
  it('reports peak and RMS per channel once a window is full', () => {
    const meter = new LevelMeter(2, 4);
    meter.measure(Float32Array.of(0.5, -1, -0.5, 0), 2);
    expect(meter.takeFresh()).toBe(false);
    meter.measure(Float32Array.of(0.5, 0, -0.5, 0), 2);
    expect(meter.takeFresh()).toBe(true);
    expect([...meter.peak]).toEqual([0.5, 1]);
    expect([...meter.rms]).toEqual([0.5, 0.5]);
  });
});
