/**
 * Test and bench support for the FLAC decoder: deterministic test signals, WAV files with
 * any valid bit depth, encoding with the system's `flac` / `ffmpeg`, and the reference
 * decode (`ffmpeg … -f f32le`) the plugin must match byte for byte.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);
const MAX_BUFFER = 512 * 1024 * 1024;

export interface SignalSpec {
  channels: number;
  bits: number;
  rate: number;
  frames: number;
  /** Seeds the noise so every run encodes the same file. */
  seed?: number;
  /** Leave out the white-noise part (ffmpeg's parser cannot take a 65535-sample VERBATIM frame). */
  noNoise?: boolean;
}

/** A tiny deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Interleaved integer samples in four parts, so every subframe type appears: correlated
 * sines across channels (LPC, stereo decorrelation), white noise (VERBATIM), silence
 * (CONSTANT), and a quiet sine on a coarse grid (wasted bits), touching both full-scale ends.
 */
export function makeSignal(spec: SignalSpec): Int32Array {
  const { channels, bits, frames } = spec;
  const next = random(spec.seed ?? 1);
  const peak = 2 ** (bits - 1) - 1;
  const out = new Int32Array(frames * channels);
  const quarter = Math.floor(frames / 4);
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < channels; c++) {
      let value: number;
      if (i < quarter) value = peak * 0.8 * Math.sin((i * (440 + 110 * c) * 2 * Math.PI) / spec.rate) + peak * 0.05 * (next() - 0.5);
      else if (i < 2 * quarter) value = spec.noNoise === true ? peak * 0.3 * Math.sin(i / 9) : (next() * 2 - 1) * peak;
      else if (i < 3 * quarter) value = c % 2 === 0 ? 0 : -1;
      else value = Math.round((peak * 0.25 * Math.sin((i * 1000 * 2 * Math.PI) / spec.rate)) / 8) * 8;
      if (i === frames - 2) value = peak;
      if (i === frames - 1) value = -peak - 1;
      out[i * channels + c] = Math.max(-peak - 1, Math.min(peak, Math.round(value)));
    }
  }
  return out;
}

/**
 * A WAVE_FORMAT_EXTENSIBLE file: samples left-justified in whole bytes with the valid bit
 * count declared, which is how `flac` takes 4-, 12- or 20-bit input.
 */
export function wavBytes(samples: Int32Array, spec: SignalSpec): Uint8Array {
  const container = Math.ceil(spec.bits / 8);
  const shift = container * 8 - spec.bits;
  const data = new Uint8Array(samples.length * container);
  const view = new DataView(data.buffer);
  samples.forEach((sample, index) => {
    const value = sample * 2 ** shift;
    if (container === 1) view.setUint8(index, value + 128);
    else if (container === 2) view.setInt16(index * 2, value, true);
    else if (container === 3) {
      view.setUint16(index * 3, value & 0xffff, true);
      view.setInt8(index * 3 + 2, value >> 16);
    } else view.setInt32(index * 4, value, true);
  });
  const header = new Uint8Array(68);
  const h = new DataView(header.buffer);
  const ascii = (at: number, text: string) => header.set(new TextEncoder().encode(text), at);
  ascii(0, 'RIFF');
  h.setUint32(4, 60 + data.length, true);
  ascii(8, 'WAVEfmt ');
  h.setUint32(16, 40, true);
  h.setUint16(20, 0xfffe, true);
  h.setUint16(22, spec.channels, true);
  h.setUint32(24, spec.rate, true);
  h.setUint32(28, spec.rate * spec.channels * container, true);
  h.setUint16(32, spec.channels * container, true);
  h.setUint16(34, container * 8, true);
  h.setUint16(36, 22, true);
  h.setUint16(38, spec.bits, true);
  h.setUint32(40, spec.channels === 1 ? 4 : spec.channels === 2 ? 3 : 2 ** spec.channels - 1, true);
  header.set([0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71], 44);
  ascii(60, 'data');
  h.setUint32(64, data.length, true);
  const file = new Uint8Array(header.length + data.length);
  file.set(header);
  file.set(data, header.length);
  return file;
}

/** Writes the signal as WAV and encodes it with `flac <args>` into `flacPath`. */
export async function encodeFlac(flacPath: string, samples: Int32Array, spec: SignalSpec, args: string[] = []): Promise<void> {
  const wavPath = `${flacPath}.wav`;
  await writeFile(wavPath, wavBytes(samples, spec));
  await run('flac', ['--silent', '--force', '--channel-map=none', ...args, '-o', flacPath, wavPath]);
}

/** Encodes the signal with ffmpeg's own FLAC encoder (e.g. to force a stereo mode). */
export async function encodeWithFfmpeg(flacPath: string, samples: Int32Array, spec: SignalSpec, args: string[]): Promise<void> {
  const wavPath = `${flacPath}.wav`;
  await writeFile(wavPath, wavBytes(samples, spec));
  await run('ffmpeg', ['-v', 'error', '-y', '-i', wavPath, '-c:a', 'flac', ...args, flacPath]);
}

/** Rejects unless libFLAC's own `flac --test` accepts the file (checks the test writer itself). */
export async function flacAccepts(path: string): Promise<void> {
  await run('flac', ['--test', '--silent', path]);
}

/** The reference decode: interleaved f32 little-endian from ffmpeg. */
export async function ffmpegF32(path: string): Promise<Buffer> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', path, '-f', 'f32le', '-acodec', 'pcm_f32le', '-'], { encoding: 'buffer', maxBuffer: MAX_BUFFER });
  return stdout;
}

/** Exactly what the decoder must output for integer samples of `bits` bits: sample / 2^(bits-1) as f32. */
export function expectedF32(samples: Int32Array, bits: number): Buffer {
  const out = new Float32Array(samples.length);
  const scale = 2 ** (bits - 1);
  samples.forEach((sample, index) => (out[index] = sample / scale));
  return Buffer.from(out.buffer);
}

/** A decoder session as jco exposes it in-process (fake host) — the subset the tests use. */
export interface FlacSession {
  info(): { sampleRate: number; channels: number; bitsPerSample?: number; totalFrames?: bigint; encoderDelay: number; encoderPadding: number; features: Record<string, boolean>; codec: string };
  metadata(): {
    title?: string;
    artist?: string;
    album?: string;
    albumArtist?: string;
    genre?: string;
    trackNumber?: number;
    trackTotal?: number;
    discNumber?: number;
    year?: number;
    durationMs?: bigint;
    replayGainTrackDb?: number;
    tags: { key: string; value: string }[];
    pictures: { kind: string; mimeType: string; description: string; data: Uint8Array }[];
  };
  read(maxFrames: number): Float32Array;
  seek(frame: bigint): bigint;
  [Symbol.dispose](): void;
}

/** Reads a session to its end in blocks of `block` frames; the f32 bytes. */
export function readAll(session: FlacSession, block = 4096): Buffer {
  const parts: Buffer[] = [];
  for (;;) {
    const chunk = session.read(block);
    if (chunk.length === 0) break;
    // Copied: the bindings may hand out views that a later call reuses.
    parts.push(Buffer.from(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
  }
  return Buffer.concat(parts);
}
