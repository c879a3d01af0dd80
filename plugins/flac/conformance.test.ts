// FLAC conformance: files of every shape `flac` and ffmpeg's encoder produce, generated
// here, must decode to exactly the bytes ffmpeg's decoder produces (f32le).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixture, MemoryInputStream, type LoadedFixture } from '../../sdk/build/testing/fake-host.ts';
import { encodeFlac, encodeWithFfmpeg, expectedF32, ffmpegF32, makeSignal, readAll, type FlacSession, type SignalSpec } from './test-media.ts';

interface Decoder {
  open(input: MemoryInputStream, hint: { extension?: string; typeId: string }): FlacSession;
}

interface Case {
  name: string;
  spec: SignalSpec;
  /** `flac` arguments, or `ffmpeg:` + ffmpeg encoder arguments. */
  args: string[];
  encoder?: 'flac' | 'ffmpeg';
}

const second = (rate: number) => Math.round(rate * 0.5);
const stereo16 = (args: string[], frames = 22_050): Case => ({ name: `16-bit stereo ${args.join(' ')}`, spec: { channels: 2, bits: 16, rate: 44_100, frames }, args });

const cases: Case[] = [
  stereo16(['-0']),
  stereo16(['-5']),
  stereo16(['-8']),
  stereo16(['-8', '--no-seektable', '-r', '0,8']),
  stereo16(['--lax', '--blocksize=16', '-l', '4'], 3_000),
  stereo16(['--blocksize=1000']),
  { name: '16-bit stereo --blocksize=65535', spec: { channels: 2, bits: 16, rate: 44_100, frames: 70_000, noNoise: true }, args: ['--lax', '--blocksize=65535'] },
  stereo16(['--lax', '-l', '32', '-b', '4096', '-q', '15']),
  stereo16(['-8', '-p', '-e', '-A', 'tukey(0.5);partial_tukey(2);punchout_tukey(3)']),
  { name: '8-bit mono', spec: { channels: 1, bits: 8, rate: 22_050, frames: 11_025 }, args: ['-5'] },
  { name: '4-bit mono', spec: { channels: 1, bits: 4, rate: 8_000, frames: 4_000 }, args: ['--lax', '-5'] },
  { name: '12-bit 3 channels', spec: { channels: 3, bits: 12, rate: 32_000, frames: second(32_000) }, args: ['-5'] },
  { name: '20-bit 6 channels 48 kHz', spec: { channels: 6, bits: 20, rate: 48_000, frames: second(48_000) }, args: ['-6'] },
  { name: '24-bit stereo 96 kHz', spec: { channels: 2, bits: 24, rate: 96_000, frames: second(96_000) }, args: ['-8'] },
  { name: '24-bit 5 channels, small blocks', spec: { channels: 5, bits: 24, rate: 44_100, frames: 20_000 }, args: ['--blocksize=576', '-l', '12'] },
  { name: '16-bit 8 channels', spec: { channels: 8, bits: 16, rate: 44_100, frames: 15_000 }, args: ['-5'] },
  { name: '16-bit 7 channels, fixed predictors only', spec: { channels: 7, bits: 16, rate: 44_100, frames: 12_000 }, args: ['-1'] },
  { name: '11025 Hz (rate coded in the frame header)', spec: { channels: 1, bits: 16, rate: 11_025, frames: 6_000 }, args: ['-5'] },
  { name: '37800 Hz', spec: { channels: 2, bits: 16, rate: 37_800, frames: 9_000 }, args: ['-5'] },
  { name: '192 kHz', spec: { channels: 2, bits: 24, rate: 192_000, frames: 40_000 }, args: ['-5'] },
  { name: '700 kHz (rate only in STREAMINFO)', spec: { channels: 1, bits: 16, rate: 700_000, frames: 20_000 }, args: ['--lax', '-5'] },
  ...(['indep', 'left_side', 'right_side', 'mid_side'] as const).map(
    (mode): Case => ({ name: `ffmpeg encoder, ${mode}`, spec: { channels: 2, bits: 16, rate: 44_100, frames: 20_000 }, args: ['-ch_mode', mode], encoder: 'ffmpeg' }),
  ),
  { name: 'ffmpeg encoder, 24-bit order-32 LPC', spec: { channels: 2, bits: 24, rate: 48_000, frames: 20_000 }, args: ['-compression_level', '12', '-max_prediction_order', '32', '-lpc_type', 'cholesky'], encoder: 'ffmpeg' },
];

let fixture: LoadedFixture;
let decoder: Decoder;
let dir: string;

beforeAll(async () => {
  fixture = await loadFixture(import.meta.dirname);
  decoder = fixture.exported<Decoder>('decoder');
  dir = await mkdtemp(join(tmpdir(), 'fugue-flac-'));
}, 120_000);
afterAll(async () => {
  await fixture?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function decodeFile(path: string): Promise<{ pcm: Buffer; session: FlacSession }> {
  const session = decoder.open(new MemoryInputStream(await readFile(path)), { extension: 'flac', typeId: 'flac' });
  return { pcm: readAll(session, 1000), session };
}

describe('FLAC conformance against ffmpeg', () => {
  it.each(cases)('$name decodes bit-exact', async ({ name, spec, args, encoder }) => {
    const path = join(dir, `${name.replace(/[^a-z0-9]+/gi, '_')}.flac`);
    const samples = makeSignal(spec);
    if (encoder === 'ffmpeg') await encodeWithFfmpeg(path, samples, spec, args);
    else await encodeFlac(path, samples, spec, args);
    const { pcm, session } = await decodeFile(path);
    const info = session.info();
    expect(info).toMatchObject({ sampleRate: spec.rate, channels: spec.channels, bitsPerSample: spec.bits, totalFrames: BigInt(spec.frames), codec: 'FLAC' });
    const reference = await ffmpegF32(path);
    expect(pcm.length).toBe(reference.length);
    expect(pcm.equals(reference)).toBe(true);
    // The reference itself is the lossless source.
    expect(pcm.equals(expectedF32(samples, spec.bits))).toBe(true);
    session[Symbol.dispose]();
  });

  it('decodes 32-bit FLAC (which this ffmpeg cannot) exactly to the source samples', async () => {
    const spec: SignalSpec = { channels: 2, bits: 32, rate: 48_000, frames: 20_000 };
    const samples = makeSignal(spec);
    const path = join(dir, 'thirty-two.flac');
    await encodeFlac(path, samples, spec, ['-8']);
    const { pcm, session } = await decodeFile(path);
    expect(session.info().bitsPerSample).toBe(32);
    expect(pcm.equals(expectedF32(samples, 32))).toBe(true);
    session[Symbol.dispose]();
  });
});
