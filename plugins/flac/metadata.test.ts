// Probing, stream info, Vorbis comments, pictures, ID3v2-prefixed files, and what corrupt
// or truncated files produce: a corrupt-data plugin-error, never a trap.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixture, MemoryInputStream, type LoadedFixture } from '../../sdk/build/testing/fake-host.ts';
import { encodeFlac, ffmpegF32, makeSignal, readAll, type FlacSession, type SignalSpec } from './test-media.ts';

interface Decoder {
  probe(head: Uint8Array, hint: { extension?: string; typeId: string }): number;
  open(input: MemoryInputStream, hint: { extension?: string; typeId: string }): FlacSession;
}

const hint = { extension: 'flac', typeId: 'flac' };
const spec: SignalSpec = { channels: 2, bits: 16, rate: 44_100, frames: 44_100 };
// A 1×1 PNG.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4bf0000000049454e44ae426082', 'hex');

let fixture: LoadedFixture;
let decoder: Decoder;
let dir: string;
let tagged: Uint8Array;
let plain: Uint8Array;

beforeAll(async () => {
  fixture = await loadFixture(import.meta.dirname);
  decoder = fixture.exported<Decoder>('decoder');
  dir = await mkdtemp(join(tmpdir(), 'fugue-flac-meta-'));
  await writeFile(join(dir, 'cover.png'), PNG);
  const samples = makeSignal(spec);
  const tags = ['TITLE=Tëst tone 🎵', 'ARTIST=The Sines', 'ARTIST=Second Artist', 'ALBUM=Waveforms', 'ALBUMARTIST=Various', 'GENRE=Test', 'TRACKNUMBER=3/12', 'DISCNUMBER=1', 'DATE=2024-05-01', 'REPLAYGAIN_TRACK_GAIN=-6.50 dB', 'COMMENT=generated'];
  await encodeFlac(join(dir, 'tagged.flac'), samples, spec, [...tags.flatMap((tag) => ['-T', tag]), `--picture=3|image/png|Front|1x1x32|${join(dir, 'cover.png')}`]);
  await encodeFlac(join(dir, 'plain.flac'), samples, spec, []);
  tagged = await readFile(join(dir, 'tagged.flac'));
  plain = await readFile(join(dir, 'plain.flac'));
}, 120_000);
afterAll(async () => {
  await fixture?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** An ID3v2.4 tag of `size` payload bytes (zeros), as some taggers put before FLAC data. */
function id3v2(size: number): Uint8Array {
  const tag = new Uint8Array(10 + size);
  tag.set([0x49, 0x44, 0x33, 4, 0, 0, (size >> 21) & 0x7f, (size >> 14) & 0x7f, (size >> 7) & 0x7f, size & 0x7f]);
  return tag;
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

const concat = (...parts: Uint8Array[]) => Buffer.concat(parts.map((part) => Buffer.from(part)));

describe('probe', () => {
  it('scores the fLaC signature 100, also after an ID3v2 tag; the extension alone low; other data 0', () => {
    expect(decoder.probe(plain.subarray(0, 4096), hint)).toBe(100);
    expect(decoder.probe(concat(id3v2(300), plain).subarray(0, 4096), { typeId: 'flac' })).toBe(100);
    // A tag longer than the probe window hides the signature: a .flac name then counts for more.
    expect(decoder.probe(concat(id3v2(100_000), plain).subarray(0, 4096), hint)).toBe(60);
    expect(decoder.probe(new TextEncoder().encode('RIFF....WAVEfmt '), hint)).toBe(10);
    expect(decoder.probe(new TextEncoder().encode('RIFF....WAVEfmt '), { typeId: 'flac' })).toBe(0);
    expect(decoder.probe(new Uint8Array(0), { typeId: 'flac' })).toBe(0);
  });
});

describe('stream info and metadata', () => {
  it('reports FLAC as lossless, gapless and seekable with exact length', () => {
    const session = decoder.open(new MemoryInputStream(plain), hint);
    expect(session.info()).toEqual({
      sampleRate: 44_100,
      channels: 2,
      bitsPerSample: 16,
      totalFrames: 44_100n,
      encoderDelay: 0,
      encoderPadding: 0,
      features: { seekable: true, gapless: true, lossless: true },
      codec: 'FLAC',
    });
    expect(session.metadata().durationMs).toBe(1000n);
    session[Symbol.dispose]();
  });

  it('maps Vorbis comments to fields, keeps the rest as tags, and returns the picture', () => {
    const session = decoder.open(new MemoryInputStream(tagged), hint);
    const metadata = session.metadata();
    expect(metadata).toMatchObject({
      title: 'Tëst tone 🎵',
      artist: 'The Sines',
      album: 'Waveforms',
      albumArtist: 'Various',
      genre: 'Test',
      trackNumber: 3,
      trackTotal: 12,
      discNumber: 1,
      year: 2024,
      durationMs: 1000n,
    });
    expect(metadata.replayGainTrackDb).toBeCloseTo(-6.5, 5);
    // flac itself adds WAVEFORMATEXTENSIBLE_CHANNEL_MASK; modelled fields do not repeat as tags.
    expect(metadata.tags).toEqual(expect.arrayContaining([
      { key: 'ARTIST', value: 'Second Artist' },
      { key: 'COMMENT', value: 'generated' },
    ]));
    expect(metadata.tags.map((tag) => tag.key)).not.toContain('TITLE');
    expect(metadata.pictures).toHaveLength(1);
    expect(metadata.pictures[0]).toMatchObject({ kind: 'front-cover', mimeType: 'image/png', description: 'Front' });
    expect(Buffer.from(metadata.pictures[0]!.data).equals(PNG)).toBe(true);
    session[Symbol.dispose]();
  });

  it('skips an ID3v2 tag before the stream and decodes it bit-exact', async () => {
    const path = join(dir, 'id3.flac');
    await writeFile(path, concat(id3v2(70_000), tagged));
    const session = decoder.open(new MemoryInputStream(await readFile(path)), hint);
    expect(session.metadata().title).toBe('Tëst tone 🎵');
    expect(readAll(session).equals(await ffmpegF32(path))).toBe(true);
    expect(session.seek(30_000n)).toBe(30_000n);
    session[Symbol.dispose]();
  });
});

describe('corrupt and truncated files', () => {
  const corruptData = (message: RegExp) => expect.objectContaining({ payload: { code: 'corrupt-data', message: expect.stringMatching(message) } });

  it('refuses data that is not FLAC, and a stream cut inside its metadata', () => {
    expect(() => decoder.open(new MemoryInputStream(new TextEncoder().encode('OggS and more bytes')), hint)).toThrow(
      expect.objectContaining({ payload: { code: 'unsupported', message: 'not a FLAC stream (no fLaC signature)' } }),
    );
    expect(() => decoder.open(new MemoryInputStream(tagged.subarray(0, 200)), hint)).toThrow(corruptData(/ends inside a metadata block/));
  });

  it('returns the samples before a truncation, then a corrupt-data error', () => {
    const session = decoder.open(new MemoryInputStream(plain.subarray(0, Math.floor(plain.length * 0.6))), hint);
    let decoded = 0;
    const failure = (() => {
      for (;;) {
        try {
          const block = session.read(4096);
          if (block.length === 0) return undefined;
          decoded += block.length / 2;
        } catch (error) {
          return error;
        }
      }
    })();
    expect(decoded).toBeGreaterThan(0);
    expect(decoded).toBeLessThan(spec.frames);
    expect(failure).toEqual(corruptData(/truncated/));
    session[Symbol.dispose]();
  });

  it('names a damaged frame header (CRC-8) with its byte offset', () => {
    const damaged = Uint8Array.from(plain);
    const first = firstFrameOffset(damaged);
    damaged[first + 4] = damaged[first + 4]! ^ 0x01; // the frame number
    const session = decoder.open(new MemoryInputStream(damaged), hint);
    expect(() => session.read(100)).toThrow(corruptData(new RegExp(`^the frame at byte ${first} is corrupt: its header CRC-8 does not match`)));
    session[Symbol.dispose]();
  });

  it('reports a damaged frame (CRC mismatch) as corrupt-data', () => {
    const damaged = Uint8Array.from(plain);
    const at = Math.floor(damaged.length * 0.7);
    for (let i = at; i < at + 8; i++) damaged[i] = damaged[i]! ^ 0x55;
    const session = decoder.open(new MemoryInputStream(damaged), hint);
    expect(() => readAll(session)).toThrow(corruptData(/corrupt/));
    session[Symbol.dispose]();
  });
});
