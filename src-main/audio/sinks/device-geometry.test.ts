import { describe, expect, it } from 'vitest';
import { Int16Staging, StreamGeometry } from './device-geometry.ts';

const FORMAT = { sampleRate: 48_000, channels: 2 };
const msOf = (frames: number): number => (frames * 1000) / FORMAT.sampleRate;

describe('StreamGeometry', () => {
  const targets = [20, 50, 80, 100, 150, 200, 300, 500, 750, 1000, 2000];

  it('keeps naudiodon within what works: periods of 256…4096 frames, at least two chunks queued', () => {
    for (const target of targets) {
      const geometry = new StreamGeometry(FORMAT, target);
      expect(geometry.framesPerBuffer).toBeGreaterThanOrEqual(256);
      // framesPerBuffer ≥ 8192 produced no output at all.
      expect(geometry.framesPerBuffer).toBeLessThanOrEqual(4096);
      expect(geometry.chunkFrames % 256).toBe(0);
      expect(geometry.maxQueue).toBeGreaterThanOrEqual(2);
    }
  });

  it('gives what the user asked for: the expected latency follows the target and never shrinks as it grows', () => {
    let previous = 0;
    for (const target of targets) {
      const expected = msOf(new StreamGeometry(FORMAT, target).expectedLatencyFrames);
      expect(expected).toBeGreaterThanOrEqual(previous);
      previous = expected;
      // Below ~64 ms the minimum period, chunk and queue set a floor.
      if (target >= 100) expect(Math.abs(expected - target) / target).toBeLessThan(0.1);
    }
  });

  it('scales the chunk with the rate: the same target in ms at 96 kHz queues as many milliseconds', () => {
    const at48 = new StreamGeometry(FORMAT, 300);
    const at96 = new StreamGeometry({ sampleRate: 96_000, channels: 2 }, 300);
    expect((at96.expectedLatencyFrames * 1000) / 96_000).toBeCloseTo(msOf(at48.expectedLatencyFrames), -1);
  });
});

describe('Int16Staging', () => {
  it('converts full scale to the ends of the 16-bit range and clips what exceeds it', () => {
    const staging = new Int16Staging(6);
    const bytes = staging.convert(new Float32Array([1, -1, 0, 0.5, 1.5, -2]));
    expect([...new Int16Array(bytes.buffer, bytes.byteOffset, 6)]).toEqual([32767, -32768, 0, 16384, 32767, -32768]);
  });
});
