// The FRAW decoder fixture, built from AssemblyScript and called through the decoder-plugin
// world, reading its input through the host's input-stream resource.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixture, MemoryInputStream, type LoadedFixture } from '../../sdk/build/testing/fake-host.ts';

interface Session {
  info(): { sampleRate: number; channels: number; bitsPerSample?: number; totalFrames?: bigint; features: Record<string, boolean>; codec: string };
  metadata(): { title?: string; durationMs?: bigint; tags: unknown[]; pictures: unknown[] };
  read(maxFrames: number): Float32Array;
  seek(frame: bigint): bigint;
  [Symbol.dispose](): void;
}
interface Decoder {
  probe(head: Uint8Array, hint: { extension?: string; mimeType?: string; typeId: string }): number;
  open(input: MemoryInputStream, hint: { extension?: string; mimeType?: string; typeId: string }): Session;
}

const hint = { extension: 'fraw', typeId: 'fraw' };
const RATE = 44_100;
const FRAMES = 1_000;
const samples = Float32Array.from({ length: FRAMES * 2 }, (_, index) => Math.fround(Math.sin(index / 7) * 0.5));

/** A FRAW file: header, UTF-8 title, interleaved f32 samples. */
function fraw(title: string, data: Float32Array, channels = 2, rate = RATE): Uint8Array {
  const titleBytes = new TextEncoder().encode(title);
  const bytes = new Uint8Array(16 + titleBytes.length + data.byteLength);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode('FRAW'));
  view.setUint32(4, rate, true);
  view.setUint16(8, channels, true);
  view.setUint16(10, titleBytes.length, true);
  view.setUint32(12, data.length / channels, true);
  bytes.set(titleBytes, 16);
  bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 16 + titleBytes.length);
  return bytes;
}

let fixture: LoadedFixture;
let decoder: Decoder;

beforeAll(async () => {
  fixture = await loadFixture(import.meta.dirname);
  decoder = fixture.exported<Decoder>('decoder');
  fixture.exported<{ onEnable(): void }>('lifecycle').onEnable();
});
afterAll(() => fixture?.dispose());

describe('world-decoder fixture (FRAW)', () => {
  it('logs when enabled', () => {
    expect(fixture.host.logs[0]).toEqual({ level: 'info', message: 'FRAW decoder enabled' });
  });

  it('probes by magic number, then by extension', () => {
    expect(decoder.probe(fraw('', samples).subarray(0, 64), hint)).toBe(100);
    expect(decoder.probe(new TextEncoder().encode('RIFF....WAVE'), hint)).toBe(10);
    expect(decoder.probe(new Uint8Array(0), { typeId: 'fraw' })).toBe(0);
  });

  it('reports stream info and metadata', () => {
    const session = decoder.open(new MemoryInputStream(fraw('Tëst tone 🎵', samples)), hint);
    expect(session.info()).toEqual({
      sampleRate: RATE,
      channels: 2,
      bitsPerSample: 32,
      totalFrames: BigInt(FRAMES),
      encoderDelay: 0,
      encoderPadding: 0,
      features: { seekable: true, gapless: true, lossless: true },
      codec: 'FRAW f32',
    });
    const metadata = session.metadata();
    expect(metadata.title).toBe('Tëst tone 🎵');
    expect(metadata.durationMs).toBe(22n);
    expect(metadata.tags).toEqual([]);
    session[Symbol.dispose]();
  });

  it('decodes every sample, in blocks, to the end of the stream', () => {
    const session = decoder.open(new MemoryInputStream(fraw('', samples)), hint);
    const decoded: number[] = [];
    for (;;) {
      const block = session.read(300);
      if (block.length === 0) break;
      expect(block.length).toBeLessThanOrEqual(600);
      decoded.push(...block);
    }
    expect(decoded).toEqual(Array.from(samples));
    session[Symbol.dispose]();
  });

  it('seeks to a frame and resumes decoding there', () => {
    const session = decoder.open(new MemoryInputStream(fraw('x', samples)), hint);
    expect(session.seek(900n)).toBe(900n);
    expect(Array.from(session.read(2))).toEqual(Array.from(samples.subarray(1800, 1804)));
    expect(session.seek(5_000n)).toBe(BigInt(FRAMES));
    expect(session.read(10).length).toBe(0);
    expect(session.seek(0n)).toBe(0n);
    expect(session.read(1)[0]).toBe(samples[0]);
    session[Symbol.dispose]();
  });

  it('releases the host stream when the session is dropped', () => {
    const before = MemoryInputStream.dropped;
    const session = decoder.open(new MemoryInputStream(fraw('', samples)), hint);
    session.read(10);
    session[Symbol.dispose]();
    expect(MemoryInputStream.dropped).toBe(before + 1);
  });

  it('refuses other formats with a plugin-error', () => {
    expect(() => decoder.open(new MemoryInputStream(new TextEncoder().encode('RIFF0000WAVEfmt ')), hint)).toThrow(
      expect.objectContaining({ payload: { code: 'unsupported', message: 'not a FRAW stream' } }),
    );
    const truncated = fraw('', samples).subarray(0, 16 + 10);
    const session = decoder.open(new MemoryInputStream(truncated), hint);
    expect(session.read(10).length).toBe(2);
    expect(() => session.read(10)).toThrow(expect.objectContaining({ payload: expect.objectContaining({ code: 'corrupt-data' }) }));
    session[Symbol.dispose]();
  });
});
