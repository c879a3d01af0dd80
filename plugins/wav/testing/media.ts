/**
 * Test support for the WAV/AIFF decoder: media generated with ffmpeg and sox in a temp
 * folder, ffmpeg's own f32 decode as the reference, hand-built RIFF files for the
 * structural cases encoders never write, and a loop that decodes a session to the end.
 */
import { execa } from 'execa';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The decoder's exports as jco lifts them (see wit/fugue-plugin@0.1.0/abilities.wit). */
export interface Hint {
  extension?: string;
  mimeType?: string;
  typeId: string;
}
export interface Metadata {
  title?: string;
  artist?: string;
  album?: string;
  albumArtist?: string;
  genre?: string;
  trackNumber?: number;
  trackTotal?: number;
  year?: number;
  durationMs?: bigint;
  tags: { key: string; value: string }[];
  pictures: { kind: string; mimeType: string; description: string; data: Uint8Array }[];
}
export interface StreamInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample?: number;
  totalFrames?: bigint;
  encoderDelay: number;
  encoderPadding: number;
  features: { seekable: boolean; gapless: boolean; lossless: boolean };
  codec: string;
}
export interface Session {
  info(): StreamInfo;
  metadata(): Metadata;
  read(maxFrames: number): Float32Array;
  seek(frame: bigint): bigint;
  [Symbol.dispose](): void;
}

/** A temp folder for one test file's media. */
export class MediaDir {
  private constructor(readonly path: string) {}

  static async create(): Promise<MediaDir> {
    return new MediaDir(await mkdtemp(join(tmpdir(), 'fugue-wav-')));
  }

  file(name: string): string {
    return join(this.path, name);
  }

  /**
   * Writes `name` with ffmpeg from a test signal: a different tone per channel plus noise,
   * near full scale, so every bit and the channel order matter.
   */
  async ffmpeg(name: string, options: { channels: number; rate?: number; seconds?: number; args: string[] }): Promise<string> {
    const rate = options.rate ?? 44_100;
    const exprs = Array.from({ length: options.channels }, (_, c) => `0.85*sin(2*PI*${220 + 110 * c}*t)+0.1*(random(${c})*2-1)`).join('|');
    const source = `aevalsrc=exprs='${exprs}':s=${rate}:d=${options.seconds ?? 0.25}`;
    const out = this.file(name);
    await execa('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', source, ...options.args, out]);
    return out;
  }

  async sox(name: string, args: string[]): Promise<string> {
    const out = this.file(name);
    await execa('sox', ['-n', ...args, out, 'synth', '0.2', 'sine', '300', 'sine', '500', 'gain', '-1']);
    return out;
  }

  async dispose(): Promise<void> {
    await rm(this.path, { recursive: true, force: true });
  }
}

/** What ffmpeg decodes `path` to, as interleaved f32. */
export async function ffmpegReference(path: string): Promise<Float32Array> {
  const { stdout } = await execa('ffmpeg', ['-v', 'error', '-i', path, '-f', 'f32le', '-acodec', 'pcm_f32le', '-'], { encoding: 'buffer', stripFinalNewline: false });
  const bytes = new Uint8Array(stdout);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** Reads a session to its end in blocks of `blockFrames`. */
export function decodeAll(session: Session, blockFrames = 4096): Float32Array {
  const blocks: Float32Array[] = [];
  let total = 0;
  for (;;) {
    const block = session.read(blockFrames);
    if (block.length === 0) break;
    blocks.push(block.slice());
    total += block.length;
  }
  const out = new Float32Array(total);
  let at = 0;
  for (const block of blocks) {
    out.set(block, at);
    at += block.length;
  }
  return out;
}

/** The index of the first sample whose bits differ, or -1 when both are identical. */
export function firstDifference(actual: Float32Array, expected: Float32Array): number {
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const b = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) if (a[index] !== b[index]) return index;
  return a.length === b.length ? -1 : length;
}

export async function readBytes(path: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(path));
}

/** One RIFF chunk: id, body and its pad byte when the body is odd. */
export function chunk(id: string, body: Uint8Array, declaredSize = body.length): Uint8Array {
  const out = new Uint8Array(8 + body.length + (body.length & 1));
  out.set(new TextEncoder().encode(id));
  new DataView(out.buffer).setUint32(4, declaredSize >>> 0, true);
  out.set(body, 8);
  return out;
}

/** A RIFF WAVE file from chunks, in the given order. */
export function riffWave(chunks: Uint8Array[]): Uint8Array {
  const body = concat([new TextEncoder().encode('WAVE'), ...chunks]);
  return chunk('RIFF', body);
}

/** A classic 16-byte `fmt ` body. */
export function fmtBody(format: number, channels: number, rate: number, bits: number): Uint8Array {
  const body = new Uint8Array(16);
  const view = new DataView(body.buffer);
  const blockAlign = channels * Math.ceil(bits / 8);
  view.setUint16(0, format, true);
  view.setUint16(2, channels, true);
  view.setUint32(4, rate, true);
  view.setUint32(8, rate * blockAlign, true);
  view.setUint16(12, blockAlign, true);
  view.setUint16(14, bits, true);
  return body;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The chunks of a RIFF or FORM file (after its 12-byte header), by id, in order. */
export function chunksOf(file: Uint8Array, bigEndian = false): { id: string; body: Uint8Array }[] {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const found: { id: string; body: Uint8Array }[] = [];
  for (let at = 12; at + 8 <= file.length; ) {
    const size = view.getUint32(at + 4, !bigEndian);
    found.push({ id: new TextDecoder().decode(file.subarray(at, at + 4)), body: file.subarray(at + 8, at + 8 + size) });
    at += 8 + size + (size & 1);
  }
  return found;
}
