// The RingSink as the pump sees it: it takes blocks while another fits, says wait when the
// ring is full and wakes the pump when the plugin's side made room; it never drops a frame
// (even a block larger than the free space), reports what is queued on both sides, and
// drains when the feeder says the plugin has played everything.
import { describe, expect, it } from 'vitest';
import { PcmRing } from '../pcm-ring.ts';
import { RingSink, RingSinkStatus } from './ring-sink.ts';

const FORMAT = { sampleRate: 48_000, channels: 2 };
const block = (from: number, frames: number): Float32Array => Float32Array.from({ length: frames * 2 }, (_, index) => from * 2 + index);

function sinkOver(capacityFrames: number) {
  const ring = PcmRing.create(2, capacityFrames);
  const status = new RingSinkStatus();
  const sink = new RingSink({ name: 'plugin:test/sink', ring: ring.shared, status: status.buffer, realtime: false }, FORMAT);
  return { ring, status, sink };
}

const readyOnce = (sink: RingSink): Promise<void> => new Promise((resolve) => sink.onReady(resolve));

describe('RingSink', () => {
  it('takes blocks while another fits, then waits until the consumer makes room', async () => {
    const { ring, sink } = sinkOver(1000);
    expect(sink.write(block(0, 300))).toBe(true);
    expect(sink.write(block(300, 300))).toBe(true);
    expect(sink.write(block(600, 300))).toBe(false); // 100 frames free: not room for another block
    const ready = readyOnce(sink);
    const out = new Float32Array(900 * 2);
    expect(ring.read(out, 250)).toBe(250);
    await ready;
    expect(ring.read(out, 900, 250)).toBe(650);
    expect(out).toEqual(block(0, 900));
    sink.dispose();
  });

  it('keeps the part of a block that did not fit and writes it before waking the pump', async () => {
    const { ring, sink } = sinkOver(256);
    expect(sink.write(block(0, 400))).toBe(false);
    expect(sink.queuedFrames()).toBe(400);
    const ready = readyOnce(sink);
    const out = new Float32Array(400 * 2);
    let read = 0;
    while (read < 400) {
      read += ring.read(out, 400 - read, read);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await ready;
    expect(out).toEqual(block(0, 400));
    sink.dispose();
  });

  it('counts what the plugin holds in its queue, drains when the feeder answers, and stops taking blocks once failed', async () => {
    const { ring, status, sink } = sinkOver(1024);
    sink.write(block(0, 100));
    status.setPluginQueued(500);
    expect(sink.queuedFrames()).toBe(600);
    let drained = false;
    const drain = sink.drain().then(() => (drained = true));
    const request = status.pendingDrain();
    expect(request).toBe(1);
    ring.skip(100);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(drained).toBe(false);
    status.setPluginQueued(0);
    status.drained(request as number);
    await drain;
    expect(status.pendingDrain()).toBeUndefined();
    status.fail();
    expect(sink.write(block(100, 10))).toBe(false);
    expect(ring.availableFrames()).toBe(0);
    await sink.drain(); // resolves at once: nobody feeds a failed sink
    sink.dispose();
    expect(status.isClosed()).toBe(true);
  });
});
