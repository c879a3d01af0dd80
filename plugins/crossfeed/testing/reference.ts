/**
 * Test support: bs2b's crossfeed written independently in plain JS (f64 design, then every
 * filter operation rounded to f32 like the plugin's wasm f32 operations; an f32 product or
 * sum computed in f64 and rounded once is the correctly rounded f32 result), to check the
 * plugin against. Denormal flushing is left out: it only matters for decaying tails.
 */

export interface CrossfeedParams {
  cutoffHz: number;
  feedDb: number;
}

export const PRESET_PARAMS = {
  default: { cutoffHz: 700, feedDb: 4.5 },
  cmoy: { cutoffHz: 700, feedDb: 6 },
  jmeier: { cutoffHz: 650, feedDb: 9.5 },
} as const satisfies Record<string, CrossfeedParams>;

/** Crossfeeds interleaved stereo `input` from a cleared state. */
export function crossfeedReference(input: Float32Array, { cutoffHz, feedDb }: CrossfeedParams, sampleRate: number): Float32Array {
  const f = Math.fround;
  const gainLoDb = (feedDb * -5) / 6 - 3;
  const gLo = 10 ** (gainLoDb / 20);
  const gHi = 1 - 10 ** ((feedDb / 6 - 3) / 20);
  const cutoffHi = cutoffHz * 2 ** ((gainLoDb - 20 * Math.log10(gHi)) / 12);
  const xLo = Math.exp((-2 * Math.PI * cutoffHz) / sampleRate);
  const xHi = Math.exp((-2 * Math.PI * cutoffHi) / sampleRate);
  const [a0Lo, b1Lo, a0Hi, a1Hi, b1Hi, gain] = [gLo * (1 - xLo), xLo, 1 - gHi * (1 - xHi), -xHi, xHi, 1 / (1 - gHi + gLo)].map(f) as [number, number, number, number, number, number];
  const output = new Float32Array(input.length);
  let [loL, loR, hiL, hiR, previousL, previousR] = [0, 0, 0, 0, 0, 0];
  for (let index = 0; index < input.length; index += 2) {
    const left = input[index] as number;
    const right = input[index + 1] as number;
    // The low-pass lanes add 0 × the previous input, as the plugin's SIMD lanes do.
    loL = f(f(f(a0Lo * left) + 0 * previousL) + f(b1Lo * loL));
    loR = f(f(f(a0Lo * right) + 0 * previousR) + f(b1Lo * loR));
    hiL = f(f(f(a0Hi * left) + f(a1Hi * previousL)) + f(b1Hi * hiL));
    hiR = f(f(f(a0Hi * right) + f(a1Hi * previousR)) + f(b1Hi * hiR));
    previousL = left;
    previousR = right;
    output[index] = f(hiL + loR) * gain;
    output[index + 1] = f(hiR + loL) * gain;
  }
  return output;
}
