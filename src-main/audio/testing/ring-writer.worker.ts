/**
 * Test helper thread: writes a known signal into a PCM ring in chunks, waiting for space
 * like a decoder session does, optionally framed by junk frames (encoder delay/padding)
 * and stalling once on purpose (to starve the reader), then ends the ring and posts
 * `{ written }` (frames, junk included).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PcmRing, type PcmRingShared } from '../pcm-ring.ts';
import { testSignal, type TestSignal } from './signals.ts';

export interface RingWriterJob {
  ring: PcmRingShared;
  signal: TestSignal;
  /** Frames of the signal to skip first (a ring cut from the middle of a longer signal). */
  fromFrame: number;
  frames: number;
  chunkFrames: number;
  /** Junk frames (value {@link JUNK}) before and after the signal: encoder delay and padding. */
  leadingJunk?: number;
  trailingJunk?: number;
  /** After this many frames (junk included), sleep `stallMs` once before writing the rest. */
  stallAfterFrames?: number;
  stallMs?: number;
}

/** The value of junk frames: loud, so a trim that lets one through is obvious. */
export const JUNK = 0.875;

const job = (workerData as { data: RingWriterJob }).data;
const ring = PcmRing.attach(job.ring);
const lead = job.leadingJunk ?? 0;
const total = lead + job.frames + (job.trailingJunk ?? 0);
const chunk = new Float32Array(job.chunkFrames * ring.channels);

function fillChunk(position: number, count: number): void {
  testSignal(job.signal, ring.channels, job.fromFrame + position - lead, count, chunk);
  for (let frame = 0; frame < count; frame++) {
    const index = position + frame;
    if (index >= lead && index < lead + job.frames) continue;
    chunk.fill(JUNK, frame * ring.channels, (frame + 1) * ring.channels);
  }
}

let written = 0;
let stalled = job.stallAfterFrames === undefined;
while (written < total && !ring.isAbandoned()) {
  if (!stalled && written >= (job.stallAfterFrames as number)) {
    stalled = true;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, job.stallMs ?? 100);
  }
  const limit = stalled ? total : (job.stallAfterFrames as number);
  const count = Math.min(job.chunkFrames, limit - written);
  fillChunk(written, count);
  let done = 0;
  while (done < count && !ring.isAbandoned()) {
    // Wait for any space, not for the whole chunk: the reader holds back the encoder
    // padding, so a writer insisting on a whole chunk could wait forever.
    ring.waitForSpace(1, 1_000);
    done += ring.write(chunk, count - done, done);
  }
  written += done;
}
ring.end();
parentPort?.postMessage({ written });
