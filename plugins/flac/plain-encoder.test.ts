// Streams no common encoder writes (variable blocking strategy, escape-coded partitions,
// Rice next to Rice2, wasted bits on every subframe type, hand-picked LPC, sample rates in
// every header coding) decode bit-exact against ffmpeg, and seek exactly.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixture, MemoryInputStream, type LoadedFixture } from '../../sdk/build/testing/fake-host.ts';
import { writePlainFlac, type PlainFlacSpec } from './test-encoder.ts';
import { expectedF32, ffmpegF32, flacAccepts, makeSignal, readAll, type FlacSession } from './test-media.ts';

interface Decoder {
  open(input: MemoryInputStream, hint: { extension?: string; typeId: string }): FlacSession;
}

/** Block sizes from 1 to 8192, changing every frame, until `frames` are covered. */
function variableSizes(frames: number): number[] {
  const pattern = [1, 2, 5, 16, 100, 256, 257, 576, 1152, 1000, 4096, 4608, 333, 8192, 192, 2047];
  const sizes: number[] = [];
  let left = frames;
  for (let i = 0; left > 0; i++) {
    const size = Math.min(left, pattern[i % pattern.length]!);
    sizes.push(size);
    left -= size;
  }
  return sizes;
}

const cases = [
  { name: '16-bit stereo, 44.1 kHz (rate in Hz)', channels: 2, bits: 16, rate: 44_100, frames: 30_000 },
  { name: '24-bit 3 channels, 96 kHz (rate in kHz)', channels: 3, bits: 24, rate: 96_000, frames: 20_000 },
  { name: '20-bit stereo, 88.2 kHz (rate in tens of Hz)', channels: 2, bits: 20, rate: 88_200, frames: 20_000 },
  { name: '12-bit mono, 700 kHz (rate only in STREAMINFO)', channels: 1, bits: 12, rate: 700_000, frames: 20_000 },
  { name: '4-bit mono (depth only in STREAMINFO)', channels: 1, bits: 4, rate: 8_000, frames: 10_000 },
];

let fixture: LoadedFixture;
let decoder: Decoder;
let dir: string;

beforeAll(async () => {
  fixture = await loadFixture(import.meta.dirname);
  decoder = fixture.exported<Decoder>('decoder');
  dir = await mkdtemp(join(tmpdir(), 'fugue-flac-plain-'));
}, 120_000);
afterAll(async () => {
  await fixture?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function write(name: string, spec: PlainFlacSpec & { frames: number }): Promise<{ bytes: Uint8Array; path: string; samples: Int32Array }> {
  const samples = makeSignal({ ...spec, seed: spec.frames });
  const bytes = writePlainFlac(samples, spec);
  const path = join(dir, `${name.replace(/[^a-z0-9]+/gi, '_')}.flac`);
  await writeFile(path, bytes);
  return { bytes, path, samples };
}

describe('hand-written streams with variable block sizes', () => {
  it.each(cases)('$name decodes bit-exact', async (testCase) => {
    const spec = { ...testCase, blockSizes: variableSizes(testCase.frames) };
    const { bytes, path, samples } = await write(testCase.name, spec);
    await flacAccepts(path);
    const session = decoder.open(new MemoryInputStream(bytes), { typeId: 'flac' });
    const pcm = readAll(session, 777);
    expect(pcm.equals(expectedF32(samples, spec.bits))).toBe(true);
    expect(pcm.equals(await ffmpegF32(path))).toBe(true);
    session[Symbol.dispose]();
  });

  it('seeks exactly in a variable-block-size stream without a seektable', async () => {
    const spec = { channels: 2, bits: 16, rate: 44_100, frames: 132_300, blockSizes: variableSizes(132_300) };
    const { bytes, samples } = await write('seek', spec);
    expect(bytes.length).toBeGreaterThan(300_000);
    const reference = expectedF32(samples, 16);
    const session = decoder.open(new MemoryInputStream(bytes), { typeId: 'flac' });
    for (const target of [131_000, 0, 1, 2, 3, 100_000, 65_000, 77_777, 8, 132_299]) {
      expect(session.seek(BigInt(target))).toBe(BigInt(target));
      const block = session.read(300);
      const got = Buffer.from(new Uint8Array(block.buffer, block.byteOffset, block.byteLength));
      expect(got.equals(reference.subarray(target * 8, (target + 300) * 8)), `samples after seeking to ${target}`).toBe(true);
    }
    session[Symbol.dispose]();
  });
});
