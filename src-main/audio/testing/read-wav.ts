/** Reads a WAV file of IEEE float 32-bit samples (what the WAV sink writes) back for assertions. */
import { readFileSync } from 'node:fs';

export interface WavContents {
  formatTag: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  /** The `fact` chunk's frame count, when present. */
  factFrames: number | undefined;
  samples: Float32Array;
}

export function readWav(path: string): WavContents {
  const bytes = readFileSync(path);
  if (bytes.toString('ascii', 0, 4) !== 'RIFF' || bytes.toString('ascii', 8, 12) !== 'WAVE') throw new Error(`${path} is not a RIFF/WAVE file`);
  if (bytes.readUInt32LE(4) !== bytes.length - 8) throw new Error(`${path}: RIFF size ${bytes.readUInt32LE(4)} does not match the file (${bytes.length - 8})`);
  let offset = 12;
  let format: Omit<WavContents, 'samples' | 'factFrames'> | undefined;
  let factFrames: number | undefined;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('ascii', offset, offset + 4);
    const size = bytes.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      format = { formatTag: bytes.readUInt16LE(body), channels: bytes.readUInt16LE(body + 2), sampleRate: bytes.readUInt32LE(body + 4), bitsPerSample: bytes.readUInt16LE(body + 14) };
    } else if (id === 'fact') {
      factFrames = bytes.readUInt32LE(body);
    } else if (id === 'data') {
      if (!format) throw new Error(`${path}: data chunk before fmt chunk`);
      const copy = new Uint8Array(bytes.subarray(body, body + size));
      return { ...format, factFrames, samples: new Float32Array(copy.buffer, 0, size / 4) };
    }
    offset = body + size + (size & 1);
  }
  throw new Error(`${path} has no data chunk`);
}
