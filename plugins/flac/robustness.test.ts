// Damaged input never traps the component: hundreds of mutated files (flipped bytes in the
// metadata and the frames, truncations, inserted junk) end in data or a plugin-error, and
// the same instance decodes a good file correctly afterwards.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixture, MemoryInputStream, type LoadedFixture } from '../../sdk/build/testing/fake-host.ts';
import { encodeFlac, ffmpegF32, makeSignal, readAll, type FlacSession, type SignalSpec } from './test-media.ts';

interface Decoder {
  open(input: MemoryInputStream, hint: { extension?: string; typeId: string }): FlacSession;
}

const spec: SignalSpec = { channels: 2, bits: 16, rate: 44_100, frames: 20_000 };
const hint = { extension: 'flac', typeId: 'flac' };

let fixture: LoadedFixture;
let decoder: Decoder;
let dir: string;
let good: Uint8Array;
let reference: Buffer;

beforeAll(async () => {
  fixture = await loadFixture(import.meta.dirname);
  decoder = fixture.exported<Decoder>('decoder');
  dir = await mkdtemp(join(tmpdir(), 'fugue-flac-fuzz-'));
  const path = join(dir, 'good.flac');
  await encodeFlac(path, makeSignal(spec), spec, ['--blocksize=1024', '-T', 'TITLE=fuzz', '-S', '0.1s']);
  good = await readFile(path);
  reference = await ffmpegF32(path);
}, 120_000);
afterAll(async () => {
  await fixture?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function mutate(source: Uint8Array, round: number, next: () => number): Uint8Array {
  const at = Math.floor(next() * source.length);
  switch (round % 4) {
    case 0: {
      const copy = Uint8Array.from(source);
      copy[at] = copy[at]! ^ (1 + Math.floor(next() * 255));
      return copy;
    }
    case 1: {
      // Damage inside the metadata blocks, where lengths and counts live.
      const copy = Uint8Array.from(source);
      const inHeader = 4 + Math.floor(next() * 600);
      copy[inHeader] = Math.floor(next() * 256);
      return copy;
    }
    case 2:
      return source.subarray(0, at);
    default: {
      const junk = Uint8Array.from({ length: 1 + Math.floor(next() * 64) }, () => (next() < 0.3 ? 0xff : Math.floor(next() * 256)));
      return Uint8Array.from([...source.subarray(0, at), ...junk, ...source.subarray(at)]);
    }
  }
}

/** Runs a step; a thrown value must be a plugin-error (jco puts it in `payload`), not a trap. */
function guarded(step: () => void): string | undefined {
  try {
    step();
    return undefined;
  } catch (error) {
    const payload = (error as { payload?: { code?: string } }).payload;
    if (payload?.code === undefined) throw error;
    return payload.code;
  }
}

/** Where the first frame starts: after `fLaC` and every metadata block. */
function firstFrameOffset(bytes: Uint8Array): number {
  let at = 4;
  for (let last = false; !last; ) {
    last = (bytes[at]! & 0x80) !== 0;
    at += 4 + ((bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!);
  }
  return at;
}

/** Bytes of the frame header at `at` (codes, coded number, optional size and rate, CRC-8). */
function frameHeaderBytes(bytes: Uint8Array, at: number): number {
  const sizeCode = bytes[at + 2]! >> 4;
  const rateCode = bytes[at + 2]! & 15;
  const lead = bytes[at + 4]!;
  const numberBytes = lead < 0x80 ? 1 : Math.clz32(~(lead << 24));
  return 4 + numberBytes + (sizeCode === 6 ? 1 : sizeCode === 7 ? 2 : 0) + (rateCode === 12 ? 1 : rateCode >= 13 ? 2 : 0) + 1;
}

describe('damaged FLAC files', () => {
  it('stop at a Rice code that never ends instead of buffering the rest of the file', () => {
    const first = firstFrameOffset(good);
    const subframe = first + frameHeaderBytes(good, first);
    // A valid first frame header, then a FIXED order-0 subframe (Rice parameter 1) whose
    // residual is 12 MB of zero bits: one unary code that never ends.
    const bomb = new Uint8Array(subframe + 12 * 1024 * 1024);
    bomb.set(good.subarray(0, subframe));
    bomb.set([0x10, 0x00, 0x40], subframe);
    const session = decoder.open(new MemoryInputStream(bomb), hint);
    expect(() => session.read(100)).toThrow(expect.objectContaining({ payload: { code: 'corrupt-data', message: expect.stringContaining('larger than 8 MiB') } }));
    session[Symbol.dispose]();
  });

  it('end in samples or a plugin-error, never a trap, and leave the instance healthy', () => {
    let seed = 99;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const codes = new Set<string>();
    for (let round = 0; round < 400; round++) {
      const bytes = mutate(good, round, next);
      let session: FlacSession | undefined;
      const openCode = guarded(() => (session = decoder.open(new MemoryInputStream(bytes), hint)));
      if (openCode !== undefined) codes.add(openCode);
      if (session === undefined) continue;
      const opened = session;
      const readCode = guarded(() => readAll(opened, 3000));
      if (readCode !== undefined) codes.add(readCode);
      guarded(() => opened.seek(BigInt(Math.floor(next() * spec.frames))));
      guarded(() => opened.read(500));
      opened[Symbol.dispose]();
    }
    expect(codes).toContain('corrupt-data');
    for (const code of codes) expect(['corrupt-data', 'unsupported']).toContain(code);
    const session = decoder.open(new MemoryInputStream(good), hint);
    expect(readAll(session).equals(reference)).toBe(true);
    session[Symbol.dispose]();
  });
});
