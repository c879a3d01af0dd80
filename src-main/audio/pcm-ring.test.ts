import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { PcmRing } from './pcm-ring.ts';
import { signalFrames } from './testing/signals.ts';
import type { RingWriterJob } from './testing/ring-writer.worker.ts';
import { startTsWorker } from './ts-worker.ts';

const WRITER = new URL('./testing/ring-writer.worker.ts', import.meta.url);

describe('PcmRing', () => {
  it('keeps sample order across wraparound and writes partially when full', () => {
    const ring = PcmRing.create(2, 5);
    const input = signalFrames({ kind: 'counter' }, 2, 0, 8);
    expect(ring.write(input, 8)).toBe(5);
    expect(ring.freeFrames()).toBe(0);
    const out = new Float32Array(16);
    expect(ring.read(out, 3)).toBe(3);
    expect(ring.write(input, 3, 5)).toBe(3);
    expect(ring.read(out, 10, 3)).toBe(5);
    expect([...out]).toEqual([...input]);
    expect(ring.totalWritten()).toBe(8);
    expect(ring.totalRead()).toBe(8);
  });

  it('reports ended, drained, skipped and abandoned rings', () => {
    const ring = PcmRing.create(1, 4);
    ring.write(Float32Array.of(1, 2, 3));
    ring.end();
    expect(ring.isEnded()).toBe(true);
    expect(ring.isDrained()).toBe(false);
    expect(ring.skip(2)).toBe(2);
    const out = new Float32Array(4);
    expect(ring.read(out, 4)).toBe(1);
    expect(out[0]).toBe(3);
    expect(ring.isDrained()).toBe(true);
    const full = PcmRing.create(1, 1);
    full.write(Float32Array.of(1));
    PcmRing.attach(full.shared).abandon();
    expect(full.isAbandoned()).toBe(true);
    expect(full.write(Float32Array.of(2))).toBe(0);
    // A writer waiting for space is not left waiting on a ring nobody will read.
    expect(full.waitForSpace(1, 60_000)).toBe(false);
  });

  it('keeps exact totals past 2^32 frames', () => {
    const ring = PcmRing.create(1, 64);
    // Start both positions 10 frames before the 32-bit wrap (white box: header ints 0 and 1).
    const header = new Int32Array(ring.shared.buffer, 0, 2);
    header[0] = -10;
    header[1] = -10;
    const input = signalFrames({ kind: 'counter' }, 1, 0, 20);
    expect(ring.write(input)).toBe(20);
    expect(ring.availableFrames()).toBe(20);
    const out = new Float32Array(20);
    expect(ring.read(out, 20)).toBe(20);
    expect([...out]).toEqual([...input]);
    expect(ring.totalWritten()).toBe(2 ** 32 + 10);
    expect(ring.totalRead()).toBe(2 ** 32 + 10);
  });

  it('carries every sample in order from a writer thread to a reader thread', async () => {
    const ring = PcmRing.create(2, 1_000);
    const frames = 200_000;
    const job: RingWriterJob = { ring: ring.shared, signal: { kind: 'counter' }, fromFrame: 0, frames, chunkFrames: 333 };
    const worker = startTsWorker(WRITER, job, 'ring-writer');
    const exited = once(worker, 'exit');
    const received = new Float32Array(frames * 2);
    let got = 0;
    while (!ring.isDrained()) {
      const count = ring.read(received, Math.min(257, frames - got), got);
      got += count;
      if (count === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await exited;
    expect(got).toBe(frames);
    expect(received).toEqual(signalFrames({ kind: 'counter' }, 2, 0, frames));
    expect(ring.totalWritten()).toBe(frames);
  });
});
