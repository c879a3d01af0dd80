// The shapes real WAV files come in beyond what encoders write by default — odd padding,
// unknown chunks, audio before its format, sizes left open by streaming writers, truncation —
// and the errors a user sees for files the plugin cannot play.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { loadFixture, MemoryInputStream, type LoadedFixture } from '../../sdk/build/testing/fake-host.ts';
import { chunk, chunksOf, concat, decodeAll, ffmpegReference, firstDifference, fmtBody, MediaDir, readBytes, riffWave, type Hint, type Session } from './testing/media.ts';

interface Decoder {
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

function open(bytes: Uint8Array, hint = wav, seekable = true): Session {
  return decoder.open(new MemoryInputStream(bytes, seekable), hint);
}

function decode(bytes: Uint8Array, hint = wav, seekable = true): { totalFrames?: bigint; samples: Float32Array; title?: string } {
  const session = open(bytes, hint, seekable);
  try {
    return { totalFrames: session.info().totalFrames, samples: decodeAll(session, 5), title: session.metadata().title };
  } finally {
    session[Symbol.dispose]();
  }
}

/** Decodes `bytes` written to a file with ffmpeg: the reference for hand-built files. */
async function reference(name: string, bytes: Uint8Array): Promise<Float32Array> {
  await writeFile(media.file(name), bytes);
  return ffmpegReference(media.file(name));
}

const info = (entries: [string, string][]): Uint8Array =>
  concat([new TextEncoder().encode('INFO'), ...entries.map(([id, text]) => chunk(id, new TextEncoder().encode(`${text}\0`)))]);

describe('chunk layout', () => {
  it('skips unknown chunks, honours odd-size padding and reads a LIST after the audio', async () => {
    const file = riffWave([
      chunk('fmt ', fmtBody(1, 1, 8000, 8)),
      chunk('junk', Uint8Array.of(1, 2, 3)),
      chunk('data', Uint8Array.of(0, 64, 128, 192, 255, 1, 127)),
      chunk('LIST', info([['INAM', 'after the audio']])),
    ]);
    const decoded = decode(file);
    expect(decoded.totalFrames).toBe(7n);
    expect(Array.from(decoded.samples)).toEqual([-1, -0.5, 0, 0.5, 127 / 128, -127 / 128, -1 / 128]);
    expect(firstDifference(decoded.samples, await reference('odd.wav', file))).toBe(-1);
    expect(decoded.title).toBe('after the audio');
  });

  it('finds the format after the audio when the stream can seek, and says what is missing when it cannot', () => {
    const samples = Int16Array.of(0, 16384, -32768, 32767);
    const file = riffWave([chunk('data', new Uint8Array(samples.buffer)), chunk('fmt ', fmtBody(1, 2, 44_100, 16))]);
    expect(Array.from(decode(file).samples)).toEqual([0, 0.5, -1, 32767 / 32768]);
    expect(() => open(file, wav, false)).toThrow(
      expect.objectContaining({ payload: { code: 'corrupt-data', message: 'WAV: no format chunk (fmt) before the audio; the file is truncated or not audio' } }),
    );
  });

  it.each([0, 0xffffffff])('plays to the end of the file when a streaming writer left the data size at %i', async (size) => {
    const path = await media.ffmpeg(`open-${size}.wav`, { channels: 2, args: ['-c:a', 'pcm_s16le'] });
    const bytes = await readBytes(path);
    const data = chunksOf(bytes).find((entry) => entry.id === 'data');
    if (data === undefined) throw new Error('ffmpeg wrote no data chunk');
    new DataView(bytes.buffer, bytes.byteOffset).setUint32(data.body.byteOffset - bytes.byteOffset - 4, size, true);
    const expected = await ffmpegReference(path);
    for (const seekable of [true, false]) {
      const decoded = decode(bytes, wav, seekable);
      expect(decoded.totalFrames).toBe(BigInt(expected.length / 2));
      expect(firstDifference(decoded.samples, expected)).toBe(-1);
    }
  });

  it('plays what is there of a file cut inside its audio, dropping the partial frame', async () => {
    const path = await media.ffmpeg('cut.wav', { channels: 2, args: ['-c:a', 'pcm_s24le'] });
    const whole = await readBytes(path);
    const data = chunksOf(whole).find((entry) => entry.id === 'data');
    if (data === undefined) throw new Error('ffmpeg wrote no data chunk');
    const cut = whole.subarray(0, data.body.byteOffset - whole.byteOffset + 6 * 1000 + 4);
    const decoded = decode(cut);
    expect(decoded.totalFrames).toBe(1000n);
    expect(firstDifference(decoded.samples, (await ffmpegReference(path)).subarray(0, 2000))).toBe(-1);
  });

  it('reads an AIFF whose SSND chunk comes before COMM', async () => {
    const path = await media.ffmpeg('order.aiff', { channels: 2, args: ['-c:a', 'pcm_s16be'] });
    const bytes = await readBytes(path);
    const chunks = chunksOf(bytes, true);
    const sound = chunks.filter((entry) => entry.id === 'SSND');
    const rest = chunks.filter((entry) => entry.id !== 'SSND');
    const body = concat([bytes.subarray(8, 12), ...[...sound, ...rest].map((entry) => bigEndianChunk(entry.id, entry.body))]);
    const reordered = concat([bytes.subarray(0, 4), be32(body.length), body]);
    expect(firstDifference(decode(reordered, aiff).samples, await ffmpegReference(path))).toBe(-1);
  });
});

function be32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, false);
  return out;
}

function bigEndianChunk(id: string, body: Uint8Array): Uint8Array {
  return concat([new TextEncoder().encode(id), be32(body.length), body, new Uint8Array(body.length & 1)]);
}

describe('errors', () => {
  const failure = (bytes: Uint8Array, hint = wav) => {
    try {
      open(bytes, hint)[Symbol.dispose]();
    } catch (error) {
      return (error as { payload: unknown }).payload;
    }
    return undefined;
  };

  it('names a compressed WAV codec it does not decode, with its format tag', async () => {
    const adpcm = await readBytes(await media.ffmpeg('adpcm.wav', { channels: 1, args: ['-c:a', 'adpcm_ms'] }));
    expect(failure(adpcm)).toEqual({ code: 'unsupported', message: 'WAV: Microsoft ADPCM (format 0x0002) is not supported; convert the file to PCM WAV or FLAC' });
    const mulaw = await readBytes(await media.ffmpeg('mulaw.wav', { channels: 1, args: ['-c:a', 'pcm_mulaw'] }));
    expect(failure(mulaw)).toMatchObject({ code: 'unsupported', message: expect.stringContaining('µ-law (format 0x0007)') });
    const ulawAiff = await readBytes(await media.ffmpeg('ulaw.aifc', { channels: 1, args: ['-c:a', 'pcm_mulaw', '-f', 'aiff'] }));
    expect(failure(ulawAiff, aiff)).toMatchObject({ code: 'unsupported', message: expect.stringContaining("AIFF-C: compression 'ulaw' is not supported") });
  });

  it('reports a truncated or damaged header as corrupt data', async () => {
    const bytes = await readBytes(await media.ffmpeg('header.wav', { channels: 2, args: [] }));
    expect(failure(bytes.subarray(0, 8))).toEqual({ code: 'corrupt-data', message: 'the file ends inside its WAV/AIFF header; it is truncated' });
    expect(failure(bytes.subarray(0, 24))).toEqual({ code: 'corrupt-data', message: 'WAV: the fmt chunk is cut short; the file is damaged' });
    expect(failure(bytes.subarray(0, 36))).toEqual({ code: 'corrupt-data', message: 'WAV: no audio chunk; the file is truncated or holds no audio' });
    const noRate = riffWave([chunk('fmt ', fmtBody(1, 2, 0, 16)), chunk('data', new Uint8Array(8))]);
    expect(failure(noRate)).toEqual({ code: 'corrupt-data', message: 'WAV: the sample rate 0 Hz is not valid' });
    const halfFloat = riffWave([chunk('fmt ', fmtBody(3, 1, 8000, 16)), chunk('data', new Uint8Array(8))]);
    expect(failure(halfFloat)).toMatchObject({ code: 'unsupported', message: 'WAV: 16-bit float samples are not supported (32 and 64 are)' });
  });

  it('refuses what is not WAV or AIFF, and releases the stream whatever happens', () => {
    const before = MemoryInputStream.dropped;
    expect(failure(new TextEncoder().encode('fLaC this is not a wave file'))).toEqual({ code: 'unsupported', message: 'not a WAV or AIFF file (no RIFF/WAVE or FORM/AIFF header)' });
    expect(MemoryInputStream.dropped).toBe(before + 1);
    open(riffWave([chunk('fmt ', fmtBody(1, 1, 8000, 16)), chunk('data', new Uint8Array(4))]))[Symbol.dispose]();
    expect(MemoryInputStream.dropped).toBe(before + 2);
  });
});

describe('damaged files', () => {
  /** A deterministic xorshift generator, so a failure names a reproducible case. */
  function random(seed: number): () => number {
    let state = seed >>> 0 || 1;
    return () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) / 2 ** 32;
    };
  }

  it('answers every damaged header with samples or a plugin-error, never a trap', async () => {
    const tagged = ['-metadata', 'title=Damaged', '-metadata', 'artist=Noise', '-write_id3v2', '1'];
    const originals: [Uint8Array, Hint][] = [
      [await readBytes(await media.ffmpeg('fuzz.wav', { channels: 2, seconds: 0.05, args: ['-metadata', 'title=Damaged', '-c:a', 'pcm_s24le'] })), wav],
      [await readBytes(await media.ffmpeg('fuzz.aiff', { channels: 2, seconds: 0.05, args: tagged })), aiff],
      [await readBytes(await media.ffmpeg('fuzz.aifc', { channels: 1, seconds: 0.05, args: [...tagged, '-c:a', 'pcm_f32be', '-f', 'aiff'] })), aiff],
    ];
    const next = random(6);
    let errors = 0;
    for (let round = 0; round < 600; round++) {
      const [original, hint] = originals[round % originals.length] ?? originals[0]!;
      const damaged = original.slice(0, next() < 0.3 ? Math.floor(next() * original.length) : original.length);
      // Damage the headers and the tags (which ffmpeg puts at either end of the file).
      for (let flips = 1 + Math.floor(next() * 8); flips > 0; flips--) {
        const near = next() < 0.5 ? Math.floor(next() * 200) : damaged.length - 1 - Math.floor(next() * 400);
        if (near >= 0 && near < damaged.length) damaged[near] = Math.floor(next() * 256);
      }
      try {
        const session = open(damaged, hint);
        session.metadata();
        decodeAll(session, 1000);
        session[Symbol.dispose]();
      } catch (error) {
        expect(error, `round ${round}`).toHaveProperty('payload.code');
        errors++;
      }
    }
    expect(errors).toBeGreaterThan(0);
  });
});
