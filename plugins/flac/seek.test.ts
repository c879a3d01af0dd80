// Seeking lands on the exact sample, with a dense seektable, flac's default one, and none
// (bisection over frame sync codes), compared with ffmpeg's decode at that offset.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixture, MemoryInputStream, type LoadedFixture } from '../../sdk/build/testing/fake-host.ts';
import { encodeFlac, ffmpegF32, makeSignal, type FlacSession, type SignalSpec } from './test-media.ts';

interface Decoder {
  open(input: MemoryInputStream, hint: { extension?: string; typeId: string }): FlacSession;
}

const spec: SignalSpec = { channels: 2, bits: 16, rate: 44_100, frames: 132_300, seed: 7 };
const FRAME_BYTES = spec.channels * 4;
const variants = [
  { name: 'a dense seektable', args: ['-S', '0.25s'] },
  { name: "flac's default seektable", args: [] },
  { name: 'no seektable', args: ['--no-seektable'] },
  { name: 'no seektable, small frames', args: ['--no-seektable', '--blocksize=1152', '-0'] },
];

let fixture: LoadedFixture;
let decoder: Decoder;
let dir: string;
const files = new Map<string, { bytes: Uint8Array; reference: Buffer }>();

beforeAll(async () => {
  fixture = await loadFixture(import.meta.dirname);
  decoder = fixture.exported<Decoder>('decoder');
  dir = await mkdtemp(join(tmpdir(), 'fugue-flac-seek-'));
  const samples = makeSignal(spec);
  for (const variant of variants) {
    const path = join(dir, `${files.size}.flac`);
    await encodeFlac(path, samples, spec, variant.args);
    files.set(variant.name, { bytes: await readFile(path), reference: await ffmpegF32(path) });
  }
}, 120_000);
afterAll(async () => {
  await fixture?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function bytesOf(block: Float32Array): Buffer {
  return Buffer.from(new Uint8Array(block.buffer, block.byteOffset, block.byteLength));
}

const total = spec.frames;
const targets = [0, 1, 4095, 4096, 4097, 12_345, 50_000, 66_150, 99_999, total - 4096, total - 100, total - 1];

describe.each(variants)('seeking with $name', ({ name }) => {
  it('lands on the exact sample for targets across the file, in any order', () => {
    const { bytes, reference } = files.get(name)!;
    const session = decoder.open(new MemoryInputStream(bytes), { extension: 'flac', typeId: 'flac' });
    expect(session.info().features.seekable).toBe(true);
    for (const target of [...targets, ...[...targets].reverse()]) {
      expect(session.seek(BigInt(target))).toBe(BigInt(target));
      const block = session.read(700);
      const expected = reference.subarray(target * FRAME_BYTES, (target + 700) * FRAME_BYTES);
      expect(block.length * 4, `after seeking to ${target}`).toBe(expected.length);
      expect(bytesOf(block).equals(expected), `samples after seeking to ${target}`).toBe(true);
    }
    session[Symbol.dispose]();
  });

  it('clamps a seek past the end to the end, and reads nothing there', () => {
    const { bytes, reference } = files.get(name)!;
    const session = decoder.open(new MemoryInputStream(bytes), { extension: 'flac', typeId: 'flac' });
    session.read(3000);
    expect(session.seek(BigInt(total + 10_000))).toBe(BigInt(total));
    expect(session.read(100).length).toBe(0);
    expect(session.seek(BigInt(total))).toBe(BigInt(total));
    expect(session.read(100).length).toBe(0);
    expect(session.seek(0n)).toBe(0n);
    expect(bytesOf(session.read(100)).equals(reference.subarray(0, 100 * FRAME_BYTES))).toBe(true);
    session[Symbol.dispose]();
  });
});

/** A copy whose SEEKTABLE points `shift` bytes past every real frame start. */
function withWrongSeekPoints(bytes: Uint8Array, shift: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  const view = new DataView(copy.buffer);
  for (let at = 4, last = false; !last; ) {
    const type = copy[at]! & 0x7f;
    last = (copy[at]! & 0x80) !== 0;
    const length = view.getUint32(at) & 0xffffff;
    if (type === 3) {
      for (let point = at + 4; point + 18 <= at + 4 + length; point += 18) {
        if (view.getBigUint64(point) === 0xffffffffffffffffn) continue;
        view.setBigUint64(point + 8, view.getBigUint64(point + 8) + BigInt(shift));
      }
    }
    at += 4 + length;
  }
  return copy;
}

describe('seeking with a seektable that points into the middle of frames', () => {
  it('still lands on the exact sample', () => {
    const { bytes, reference } = files.get('a dense seektable')!;
    const session = decoder.open(new MemoryInputStream(withWrongSeekPoints(bytes, 7)), { extension: 'flac', typeId: 'flac' });
    for (const target of [100_000, 30_000, 11_111, 0, total - 1]) {
      expect(session.seek(BigInt(target))).toBe(BigInt(target));
      expect(bytesOf(session.read(200)).equals(reference.subarray(target * FRAME_BYTES, (target + 200) * FRAME_BYTES)), `samples after seeking to ${target}`).toBe(true);
    }
    session[Symbol.dispose]();
  });
});

describe('a fixed-block-size stream whose STREAMINFO minimum block size counts its short last frame', () => {
  it('decodes to the end and seeks into the last frame', () => {
    const { bytes, reference } = files.get('no seektable')!;
    const edited = Uint8Array.from(bytes);
    new DataView(edited.buffer).setUint16(8, (spec.frames % 4096) || 4096); // STREAMINFO min block size
    const session = decoder.open(new MemoryInputStream(edited), { extension: 'flac', typeId: 'flac' });
    const all: Buffer[] = [];
    for (let block = session.read(5000); block.length > 0; block = session.read(5000)) all.push(bytesOf(block));
    expect(Buffer.concat(all).equals(reference)).toBe(true);
    expect(session.seek(BigInt(total - 3))).toBe(BigInt(total - 3));
    expect(bytesOf(session.read(10)).equals(reference.subarray((total - 3) * FRAME_BYTES))).toBe(true);
    session[Symbol.dispose]();
  });
});

describe('seeking in a stream that cannot seek', () => {
  it('skips forward by decoding, and refuses to go back', () => {
    const { bytes, reference } = files.get('no seektable')!;
    const session = decoder.open(new MemoryInputStream(bytes, false), { extension: 'flac', typeId: 'flac' });
    expect(session.info().features.seekable).toBe(false);
    session.read(10);
    expect(session.seek(60_000n)).toBe(60_000n);
    expect(bytesOf(session.read(50)).equals(reference.subarray(60_000 * FRAME_BYTES, 60_050 * FRAME_BYTES))).toBe(true);
    expect(() => session.seek(100n)).toThrow(expect.objectContaining({ payload: expect.objectContaining({ code: 'unsupported' }) }));
    session[Symbol.dispose]();
  });
});
