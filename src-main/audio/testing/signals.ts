/** Deterministic test signals, generated identically in the test and in helper threads. */

export type TestSignal =
  /** Sample `n` (interleaved index from frame 0) holds `n mod 2^24`: exact in f32, shows order. */
  | { kind: 'counter' }
  /** A sine of `hz` at `rate`, amplitude `amplitude`, channel `c` phase-shifted by c·0.5 rad. */
  | { kind: 'sine'; hz: number; rate: number; amplitude: number }
  /** A constant value on every channel. */
  | { kind: 'dc'; value: number };

/** Writes frames `[from, from + frames)` of `signal` into `into` (from index 0). */
export function testSignal(signal: TestSignal, channels: number, from: number, frames: number, into: Float32Array): Float32Array {
  for (let frame = 0; frame < frames; frame++) {
    for (let channel = 0; channel < channels; channel++) {
      const index = frame * channels + channel;
      into[index] = sampleAt(signal, channels, from + frame, channel);
    }
  }
  return into;
}

/** A new array holding frames `[from, from + frames)`. */
export function signalFrames(signal: TestSignal, channels: number, from: number, frames: number): Float32Array {
  return testSignal(signal, channels, from, frames, new Float32Array(frames * channels));
}

function sampleAt(signal: TestSignal, channels: number, frame: number, channel: number): number {
  switch (signal.kind) {
    case 'counter':
      return (frame * channels + channel) % 16_777_216;
    case 'sine':
      return signal.amplitude * Math.sin((2 * Math.PI * signal.hz * frame) / signal.rate + channel * 0.5);
    case 'dc':
      return signal.value;
  }
}
