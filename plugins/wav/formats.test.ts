// The WAV/AIFF decoder against ffmpeg: files written by ffmpeg and sox in every sample format
// the plugin supports decode to exactly ffmpeg's f32 samples, report the right stream info,
// and seek to the exact frame.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixture, MemoryInputStream, type LoadedFixture } from '../../sdk/build/testing/fake-host.ts';
import { chunksOf, decodeAll, ffmpegReference, firstDifference, MediaDir, readBytes, type Hint, type Session } from './testing/media.ts';

interface Decoder {
  probe(head: Uint8Array, hint: Hint): number;
  open(input: MemoryInputStream, hint: Hint): Session;
}

let fixture: LoadedFixture;
let decoder: Decoder;
let media: MediaDir;

beforeAll(async () => {
  fixture = await loadFixture(import.meta.dirname);
  decoder = fixture.exported<Decoder>('decoder');
  media = await MediaDir.create();
});
afterAll(async () => {
  await fixture?.dispose();
  await media?.dispose();
});

const wav: Hint = { extension: 'wav', typeId: 'wav' };
const aiff: Hint = { extension: 'aiff', typeId: 'aiff' };

interface Case {
  name: string;
  codec: string;
  bits: number;
  channels: number;
  args: string[];
  hint: Hint;
  rate?: number;
}

const ffmpegCases: Case[] = [
  { name: 'u8-mono.wav', codec: 'PCM 8-bit', bits: 8, channels: 1, args: ['-c:a', 'pcm_u8'], hint: wav },
  { name: 's16-stereo.wav', codec: 'PCM 16-bit', bits: 16, channels: 2, args: ['-c:a', 'pcm_s16le'], hint: wav },
  { name: 's24-6ch.wav', codec: 'PCM 24-bit', bits: 24, channels: 6, args: ['-c:a', 'pcm_s24le'], hint: wav, rate: 48_000 },
  { name: 's32-8ch.wav', codec: 'PCM 32-bit', bits: 32, channels: 8, args: ['-c:a', 'pcm_s32le'], hint: wav, rate: 96_000 },
  { name: 'f32-stereo.wav', codec: 'IEEE float 32-bit', bits: 32, channels: 2, args: ['-c:a', 'pcm_f32le'], hint: wav },
  { name: 'f64-mono.wav', codec: 'IEEE float 64-bit', bits: 64, channels: 1, args: ['-c:a', 'pcm_f64le'], hint: wav },
  { name: 's16-8ch.wav', codec: 'PCM 16-bit', bits: 16, channels: 8, args: ['-c:a', 'pcm_s16le'], hint: wav },
  { name: 's24-rf64.wav', codec: 'PCM 24-bit', bits: 24, channels: 2, args: ['-c:a', 'pcm_s24le', '-rf64', 'always'], hint: wav },
  { name: 's16-stereo.aiff', codec: 'AIFF 16-bit', bits: 16, channels: 2, args: ['-c:a', 'pcm_s16be'], hint: aiff },
  { name: 's8-mono.aiff', codec: 'AIFF 8-bit', bits: 8, channels: 1, args: ['-c:a', 'pcm_s8'], hint: aiff },
  { name: 's24-6ch.aiff', codec: 'AIFF 24-bit', bits: 24, channels: 6, args: ['-c:a', 'pcm_s24be'], hint: aiff },
  { name: 's32-stereo.aiff', codec: 'AIFF 32-bit', bits: 32, channels: 2, args: ['-c:a', 'pcm_s32be'], hint: aiff, rate: 88_200 },
  { name: 'sowt-stereo.aifc', codec: 'AIFF-C 16-bit', bits: 16, channels: 2, args: ['-c:a', 'pcm_s16le', '-f', 'aiff'], hint: aiff },
  { name: 'fl32-stereo.aifc', codec: 'AIFF-C float 32-bit', bits: 32, channels: 2, args: ['-c:a', 'pcm_f32be', '-f', 'aiff'], hint: aiff },
  { name: 'fl64-mono.aifc', codec: 'AIFF-C float 64-bit', bits: 64, channels: 1, args: ['-c:a', 'pcm_f64be', '-f', 'aiff'], hint: aiff },
];

async function decodeFile(path: string, hint: Hint, blockFrames = 4096): Promise<{ info: ReturnType<Session['info']>; samples: Float32Array }> {
  const session = decoder.open(new MemoryInputStream(await readBytes(path)), hint);
  try {
    return { info: session.info(), samples: decodeAll(session, blockFrames) };
  } finally {
    session[Symbol.dispose]();
  }
}

describe('bit-exact against ffmpeg', () => {
  it.each(ffmpegCases)('$name ($codec, $channels ch)', async (testCase) => {
    const rate = testCase.rate ?? 44_100;
    const path = await media.ffmpeg(testCase.name, { channels: testCase.channels, rate, args: testCase.args });
    const expected = await ffmpegReference(path);
    const { info, samples } = await decodeFile(path, testCase.hint);
    expect(info).toEqual({
      sampleRate: rate,
      channels: testCase.channels,
      bitsPerSample: testCase.bits,
      totalFrames: BigInt(expected.length / testCase.channels),
      encoderDelay: 0,
      encoderPadding: 0,
      features: { seekable: true, gapless: true, lossless: true },
      codec: testCase.codec,
    });
    expect(samples.length).toBe(expected.length);
    expect(firstDifference(samples, expected)).toBe(-1);
  });

  it('reads WAVE_FORMAT_EXTENSIBLE with PCM and float sub-formats, and sox AIFF-C', async () => {
    const files = [
      { path: await media.sox('sox-24.wav', ['-b', '24', '-c', '6', '-r', '48000']), codec: 'PCM 24-bit', extensible: true },
      { path: await media.ffmpeg('ext-f32.wav', { channels: 3, args: ['-c:a', 'pcm_f32le'] }), codec: 'IEEE float 32-bit', extensible: true },
      { path: await media.sox('sox.aifc', ['-b', '16', '-c', '2', '-r', '22050']), codec: 'AIFF-C 16-bit', extensible: false },
    ];
    for (const { path, codec, extensible } of files) {
      const bytes = await readBytes(path);
      if (extensible) expect(formatTag(bytes)).toBe(0xfffe);
      const { info, samples } = await decodeFile(path, path.endsWith('.wav') ? wav : aiff);
      expect(info.codec).toBe(codec);
      expect(firstDifference(samples, await ffmpegReference(path))).toBe(-1);
    }
  });

  it('gives the same samples whatever the block size asked for', async () => {
    const path = await media.ffmpeg('blocks.wav', { channels: 3, args: ['-c:a', 'pcm_s24le'] });
    const expected = await ffmpegReference(path);
    for (const block of [1, 7, 1000, 1 << 20]) expect(firstDifference((await decodeFile(path, wav, block)).samples, expected)).toBe(-1);
  });
});

/** The format tag of a WAV file's `fmt ` chunk. */
function formatTag(file: Uint8Array): number {
  const fmt = chunksOf(file).find((entry) => entry.id === 'fmt ');
  if (fmt === undefined) throw new Error('no fmt chunk');
  return new DataView(fmt.body.buffer, fmt.body.byteOffset).getUint16(0, true);
}

describe('seeking', () => {
  it.each([
    ['seek.wav', ['-c:a', 'pcm_s24le'], wav],
    ['seek.aiff', ['-c:a', 'pcm_s16be'], aiff],
  ] as const)('%s lands on the exact frame, forwards and backwards', async (name, args, hint) => {
    const channels = 2;
    const path = await media.ffmpeg(name, { channels, seconds: 1, args: [...args] });
    const expected = await ffmpegReference(path);
    const frames = expected.length / channels;
    const session = decoder.open(new MemoryInputStream(await readBytes(path)), hint);
    for (const target of [30_000, 17, 0, frames - 3, 12_345]) {
      expect(session.seek(BigInt(target))).toBe(BigInt(target));
      const block = session.read(64);
      expect(firstDifference(block, expected.subarray(target * channels, target * channels + block.length))).toBe(-1);
    }
    expect(session.seek(BigInt(frames + 1000))).toBe(BigInt(frames));
    expect(session.read(64).length).toBe(0);
    session[Symbol.dispose]();
  });

  it('decodes a stream that cannot seek, skips forward on it and refuses to go back', async () => {
    const path = await media.ffmpeg('live.wav', { channels: 2, seconds: 0.5, args: ['-c:a', 'pcm_s16le'] });
    const expected = await ffmpegReference(path);
    const session = decoder.open(new MemoryInputStream(await readBytes(path), false), wav);
    expect(session.info().features.seekable).toBe(false);
    expect(session.seek(5000n)).toBe(5000n);
    expect(firstDifference(session.read(10), expected.subarray(10_000, 10_020))).toBe(-1);
    expect(() => session.seek(0n)).toThrow(expect.objectContaining({ payload: expect.objectContaining({ code: 'unsupported' }) }));
    session[Symbol.dispose]();
  });
});

describe('probe', () => {
  it('is sure of RIFF/WAVE and FORM/AIFF headers, unsure of a bare extension, and 0 otherwise', async () => {
    const wavHead = (await readBytes(await media.ffmpeg('probe.wav', { channels: 1, args: [] }))).subarray(0, 64);
    const aiffHead = (await readBytes(await media.ffmpeg('probe.aif', { channels: 1, args: [] }))).subarray(0, 64);
    expect(decoder.probe(wavHead, { typeId: 'wav' })).toBe(100);
    expect(decoder.probe(aiffHead, { typeId: 'aiff' })).toBe(100);
    expect(decoder.probe(new TextEncoder().encode('fLaC\0\0\0\x22'), wav)).toBe(10);
    expect(decoder.probe(new TextEncoder().encode('fLaC\0\0\0\x22'), { extension: 'flac', typeId: 'wav' })).toBe(0);
    expect(decoder.probe(new Uint8Array(0), { typeId: 'wav' })).toBe(0);
  });
});
