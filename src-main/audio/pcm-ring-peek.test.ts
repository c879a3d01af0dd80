// PcmRing.peek: a consumer that learns only after the fact how much it used (a plugin
// sink accepting part of a block) copies without consuming, then skips what was taken.
import { describe, expect, it } from 'vitest';
import { PcmRing } from './pcm-ring.ts';

const ramp = (from: number, count: number): Float32Array => Float32Array.from({ length: count }, (_, index) => from + index);

describe('PcmRing.peek', () => {
  it('copies without consuming, so a later read returns the same frames', () => {
    const ring = PcmRing.create(2, 8);
    ring.write(ramp(0, 10));
    const peeked = new Float32Array(10);
    expect(ring.peek(peeked, 8)).toBe(5);
    expect(Array.from(peeked)).toEqual(Array.from(ramp(0, 10)));
    expect(ring.availableFrames()).toBe(5);
    const read = new Float32Array(10);
    expect(ring.read(read, 8)).toBe(5);
    expect(read).toEqual(peeked);
  });

  it('peeks across the wrap and at an offset, then skip moves on by what was used', () => {
    const ring = PcmRing.create(1, 4);
    ring.write(ramp(0, 3));
    ring.skip(3);
    ring.write(ramp(3, 4)); // frames 3..6 wrap around the end of the buffer
    const into = new Float32Array(6).fill(-1);
    expect(ring.peek(into, 3, 2)).toBe(3);
    expect(Array.from(into)).toEqual([-1, -1, 3, 4, 5, -1]);
    expect(ring.skip(2)).toBe(2);
    expect(ring.peek(into, 10)).toBe(2);
    expect(Array.from(into.subarray(0, 2))).toEqual([5, 6]);
    expect(ring.totalRead()).toBe(5);
  });

  it('returns 0 from an empty ring and does not wake or change anything', () => {
    const ring = PcmRing.create(2, 4);
    expect(ring.peek(new Float32Array(8), 4)).toBe(0);
    expect(ring.freeFrames()).toBe(4);
  });
});
