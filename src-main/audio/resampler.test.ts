// The resampler measured the way a listener would notice it: a tone stays at its pitch and
// level with distortion far below audibility, tones that cannot exist at the output rate
// vanish instead of folding back, a stream keeps its length, and nothing depends on how the
// audio worker happens to slice its blocks.
import { describe, expect, it } from 'vitest';
import { Resampler, type ResamplerOptions } from './resampler.ts';

/** A sine of `frequency` Hz at `rate`, identical on every channel unless `perChannel` shifts it. */
function sine(rate: number, frequency: number, frames: number, channels = 1, amplitude = 0.5, perChannel = 0): Float32Array {
  const out = new Float32Array(frames * channels);
  for (let frame = 0; frame < frames; frame++) {
    for (let channel = 0; channel < channels; channel++) {
      out[frame * channels + channel] = amplitude * Math.sin((2 * Math.PI * (frequency + perChannel * channel) * frame) / rate);
    }
  }
  return out;
}

function noise(frames: number, channels: number, seed = 1): Float32Array {
  let state = seed;
  return Float32Array.from({ length: frames * channels }, () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return (state / 2 ** 31) * 1.6 - 0.8;
  });
}

/** Runs a whole stream through a resampler in blocks of `block` frames, flush included. */
function resampleAll(options: ResamplerOptions, input: Float32Array, block = 4096): Float32Array {
  const resampler = new Resampler(options);
  const { channels } = options;
  const inputFrames = input.length / channels;
  const out = new Float32Array(resampler.totalOutputFrames(inputFrames) * channels + 64);
  const scratch = new Float32Array(resampler.outputFramesFor(block) * channels);
  const blockInput = new Float32Array(block * channels);
  let written = 0;
  for (let at = 0; at < inputFrames; at += block) {
    const frames = Math.min(block, inputFrames - at);
    blockInput.set(input.subarray(at * channels, (at + frames) * channels));
    const { consumed, produced } = resampler.process(blockInput, frames, scratch);
    expect(consumed).toBe(frames);
    out.set(scratch.subarray(0, produced * channels), written * channels);
    written += produced;
  }
  for (let produced = resampler.flush(scratch); produced > 0; produced = resampler.flush(scratch)) {
    out.set(scratch.subarray(0, produced * channels), written * channels);
    written += produced;
  }
  return out.subarray(0, written * channels);
}

/** Channel `channel` of interleaved frames. */
function channelOf(samples: Float32Array, channels: number, channel: number): Float64Array {
  return Float64Array.from({ length: samples.length / channels }, (_, frame) => samples[frame * channels + channel]!);
}

const decibels = (ratio: number): number => 20 * Math.log10(ratio);

/** THD+N of `signal` against the ideal sine it should be (same time origin), in dB. */
function thdPlusNoise(signal: Float64Array, rate: number, frequency: number, amplitude: number, skip: number): number {
  let error = 0;
  let power = 0;
  for (let n = skip; n < signal.length - skip; n++) {
    const ideal = amplitude * Math.sin((2 * Math.PI * frequency * n) / rate);
    error += (signal[n]! - ideal) ** 2;
    power += ideal ** 2;
  }
  return 10 * Math.log10(error / power);
}

/** Amplitude of the component at `frequency` (least-squares fit of a sine and a cosine). */
function amplitudeAt(signal: Float64Array, rate: number, frequency: number, skip: number): number {
  let ss = 0;
  let cc = 0;
  let sc = 0;
  let ys = 0;
  let yc = 0;
  for (let n = skip; n < signal.length - skip; n++) {
    const s = Math.sin((2 * Math.PI * frequency * n) / rate);
    const c = Math.cos((2 * Math.PI * frequency * n) / rate);
    ss += s * s;
    cc += c * c;
    sc += s * c;
    ys += signal[n]! * s;
    yc += signal[n]! * c;
  }
  const determinant = ss * cc - sc * sc;
  return Math.hypot((ys * cc - yc * sc) / determinant, (yc * ss - ys * sc) / determinant);
}

function rms(signal: Float64Array, skip: number): number {
  let sum = 0;
  for (let n = skip; n < signal.length - skip; n++) sum += signal[n]! ** 2;
  return Math.sqrt(sum / (signal.length - 2 * skip));
}

/** The strongest frequency, from a DFT scan in 1 Hz steps around the spectrum's peak region. */
function dominantFrequency(signal: Float64Array, rate: number, from: number, to: number): number {
  let best = from;
  let bestAmplitude = -1;
  for (let frequency = from; frequency <= to; frequency += 1) {
    const amplitude = amplitudeAt(signal, rate, frequency, 0);
    if (amplitude > bestAmplitude) [best, bestAmplitude] = [frequency, amplitude];
  }
  return best;
}

describe('Resampler quality', () => {
  it('keeps a 1 kHz tone at 1 kHz with THD+N below −128 dB (high) and −105 dB (medium), 44.1 → 48 kHz', () => {
    const input = sine(44_100, 1000, 44_100);
    const high = channelOf(resampleAll({ channels: 1, inputRate: 44_100, outputRate: 48_000 }, input), 1, 0);
    const medium = channelOf(resampleAll({ channels: 1, inputRate: 44_100, outputRate: 48_000, quality: 'medium' }, input), 1, 0);
    expect(dominantFrequency(high.subarray(4800, 4800 + 9600), 48_000, 900, 1100)).toBe(1000);
    expect(thdPlusNoise(high, 48_000, 1000, 0.5, 200)).toBeLessThan(-128);
    expect(thdPlusNoise(medium, 48_000, 1000, 0.5, 200)).toBeLessThan(-105);
  });

  it.each([
    [48_000, 44_100],
    [96_000, 48_000],
    [22_050, 48_000],
    [44_100, 48_001],
  ])('converts a 1 kHz tone %i → %i Hz with THD+N below −125 dB', (inputRate, outputRate) => {
    const output = channelOf(resampleAll({ channels: 1, inputRate, outputRate }, sine(inputRate, 1000, inputRate)), 1, 0);
    expect(thdPlusNoise(output, outputRate, 1000, 0.5, 400)).toBeLessThan(-125);
  });

  it('keeps the passband flat within 0.001 dB from 20 Hz to 20 kHz (high) and 18 kHz (medium), 48 → 44.1 kHz', () => {
    for (const [quality, top] of [['high', 20_000], ['medium', 18_000]] as const) {
      for (const frequency of [20, 1000, 5000, 10_000, 15_000, top]) {
        const output = channelOf(resampleAll({ channels: 1, inputRate: 48_000, outputRate: 44_100, quality }, sine(48_000, frequency, 48_000)), 1, 0);
        expect(Math.abs(decibels(amplitudeAt(output, 44_100, frequency, 400) / 0.5)), `${quality} ${frequency} Hz`).toBeLessThan(0.001);
      }
    }
  });

  it.each([
    [96_000, 48_000, 25_000, 'high', -120],
    [96_000, 48_000, 26_000, 'high', -120],
    [96_000, 48_000, 40_000, 'high', -120],
    [48_000, 44_100, 23_000, 'high', -120],
    [48_000, 44_100, 23_500, 'high', -120],
    [96_000, 48_000, 25_000, 'medium', -95],
    [48_000, 44_100, 23_000, 'medium', -95],
  ] as const)('attenuates a tone above the output Nyquist when downsampling (%i → %i Hz, %i Hz, %s: below %i dB)', (inputRate, outputRate, frequency, quality, limit) => {
    const output = channelOf(resampleAll({ channels: 1, inputRate, outputRate, quality }, sine(inputRate, frequency, inputRate)), 1, 0);
    expect(decibels(rms(output, 400) / (0.5 / Math.SQRT2))).toBeLessThan(limit);
  });
});

describe('Resampler streaming', () => {
  it.each([
    [44_100, 48_000],
    [48_000, 44_100],
    [96_000, 48_000],
    [22_050, 48_000],
    [8000, 44_100],
  ])('turns a whole stream %i → %i Hz into the right number of frames', (inputRate, outputRate) => {
    for (const frames of [1, 1000, 44_101]) {
      const output = resampleAll({ channels: 2, inputRate, outputRate }, noise(frames, 2));
      expect(Math.abs(output.length / 2 - (frames * outputRate) / inputRate)).toBeLessThanOrEqual(1);
      expect(output.length / 2).toBe(Math.ceil((frames * outputRate) / inputRate));
    }
  });

  it.each([
    [44_100, 48_000],
    [48_000, 44_100],
  ])('gives identical output whatever the block size (%i → %i Hz, blocks of 1, 37 and 4096)', (inputRate, outputRate) => {
    const input = noise(20_000, 2, 7);
    const reference = resampleAll({ channels: 2, inputRate, outputRate }, input, 4096);
    for (const block of [1, 37]) expect(resampleAll({ channels: 2, inputRate, outputRate }, input, block)).toEqual(reference);
  });

  it('treats every channel independently (6 channels equal 6 mono conversions)', () => {
    const input = sine(44_100, 440, 10_000, 6, 0.7, 330);
    const together = resampleAll({ channels: 6, inputRate: 44_100, outputRate: 48_000 }, input);
    for (let channel = 0; channel < 6; channel++) {
      const alone = resampleAll({ channels: 1, inputRate: 44_100, outputRate: 48_000 }, Float32Array.from(channelOf(input, 6, channel)));
      expect(Float32Array.from(channelOf(together, 6, channel))).toEqual(alone);
    }
  });

  it('takes only what fits in a small output, continues where it stopped, and lags by at most its latency', () => {
    const resampler = new Resampler({ channels: 2, inputRate: 48_000, outputRate: 44_100 });
    const input = noise(4096, 2);
    const small = new Float32Array(100 * 2);
    let consumed = 0;
    let produced = 0;
    for (;;) {
      const result = resampler.process(input.subarray(consumed * 2), 4096 - consumed, small);
      expect(result.produced).toBeLessThanOrEqual(100);
      consumed += result.consumed;
      produced += result.produced;
      if (consumed === 4096 && result.produced < 100) break;
    }
    expect(produced).toBeGreaterThanOrEqual(resampler.totalOutputFrames(4096) - resampler.latencyFrames);
    for (let more = resampler.flush(small); more > 0; more = resampler.flush(small)) produced += more;
    expect(produced).toBe(resampler.totalOutputFrames(4096));
  });

  it('passes audio through bit-exact when the rates are equal, with no latency and no tail', () => {
    const input = noise(10_000, 3, 3);
    input[5] = Number.NaN;
    input[6] = 1e-40;
    const resampler = new Resampler({ channels: 3, inputRate: 48_000, outputRate: 48_000 });
    const output = new Float32Array(input.length);
    expect(resampler.process(input, 10_000, output)).toEqual({ consumed: 10_000, produced: 10_000 });
    expect(new Uint32Array(output.buffer)).toEqual(new Uint32Array(input.buffer));
    expect(resampler.latencyFrames).toBe(0);
    expect(resampler.flush(output)).toBe(0);
  });

  it('starts over after reset, as for a new stream', () => {
    const resampler = new Resampler({ channels: 1, inputRate: 44_100, outputRate: 48_000 });
    const input = noise(2000, 1, 9);
    const first = new Float32Array(resampler.outputFramesFor(2000));
    const firstCount = resampler.process(input, 2000, first).produced;
    resampler.process(noise(500, 1, 4), 500, new Float32Array(1000));
    resampler.reset();
    const second = new Float32Array(first.length);
    expect(resampler.process(input, 2000, second).produced).toBe(firstCount);
    expect(second).toEqual(first);
  });

  it('rejects rates and channel counts that are not positive integers', () => {
    expect(() => new Resampler({ channels: 0, inputRate: 44_100, outputRate: 48_000 })).toThrow('channels must be a positive integer');
    expect(() => new Resampler({ channels: 2, inputRate: 44_100.5, outputRate: 48_000 })).toThrow('inputRate must be a positive integer');
  });

  it('allocates nothing per block once running (no garbage for the audio worker to collect)', () => {
    for (const [inputRate, outputRate, channels] of [[44_100, 48_000, 2], [48_000, 44_100, 6], [44_100, 48_001, 1]] as const) {
      const resampler = new Resampler({ channels, inputRate, outputRate });
      const input = noise(128, channels);
      const output = new Float32Array(resampler.outputFramesFor(128) * channels);
      for (let block = 0; block < 2000; block++) resampler.process(input, 128, output);
      const before = process.memoryUsage().heapUsed;
      for (let block = 0; block < 5000; block++) resampler.process(input, 128, output);
      // 16 bytes per call would be 80 KB; what remains is memoryUsage's own reply.
      expect(process.memoryUsage().heapUsed - before).toBeLessThan(16 * 1024);
    }
  });
});
