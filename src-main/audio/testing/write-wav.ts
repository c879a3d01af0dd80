/**
 * Writes interleaved f32 samples as a 32-bit float WAV (what the WAV decoder reads
 * bit-exactly), with the same header the WAV sink writes.
 */
import { writeFile } from 'node:fs/promises';
import { wavHeader } from '../sinks/wav-file-sink.ts';

export async function writeFloatWav(path: string, samples: Float32Array, sampleRate: number, channels: number): Promise<string> {
  const header = wavHeader({ sampleRate, channels }, samples.byteLength);
  await writeFile(path, Buffer.concat([header, Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength)]));
  return path;
}
