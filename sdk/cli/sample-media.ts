/** Sample inputs the SDK writes into new projects and feeds to components under test. */

/** Interleaved f32 sine, `amplitude` peak, the same on every channel. */
export function toneSamples(frames: number, channels: number, sampleRate: number, frequency = 440, amplitude = 0.5): Float32Array {
  const samples = new Float32Array(frames * channels);
  for (let frame = 0; frame < frames; frame++) {
    const value = Math.fround(Math.sin((2 * Math.PI * frequency * frame) / sampleRate) * amplitude);
    for (let channel = 0; channel < channels; channel++) samples[frame * channels + channel] = value;
  }
  return samples;
}

/** An F32R file (the decoder template's format): 16-byte header, then interleaved f32 LE. */
export function f32rFile(samples: Float32Array, channels: number, sampleRate: number): Uint8Array {
  const bytes = new Uint8Array(16 + samples.byteLength);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode('F32R'));
  view.setUint32(4, sampleRate, true);
  view.setUint16(8, channels, true);
  view.setUint32(12, samples.length / channels, true);
  for (let index = 0; index < samples.length; index++) view.setFloat32(16 + index * 4, samples[index] ?? 0, true);
  return bytes;
}

/** A quarter second of a 440 Hz stereo tone at 44.1 kHz, as F32R. */
export function sampleTone(): Uint8Array {
  const rate = 44_100;
  return f32rFile(toneSamples(rate / 4, 2, rate), 2, rate);
}

/** The largest absolute sample value. */
export function peakOf(samples: Float32Array): number {
  let peak = 0;
  for (const value of samples) peak = Math.max(peak, Math.abs(value));
  return peak;
}
