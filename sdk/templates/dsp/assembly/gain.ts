// The gain math, shared by the component path (main.ts) and the hot-path kernel
// (kernels/gain.ts) so both give the same samples. It works on raw pointers and never
// allocates, as code on the audio thread must not.

/** Multiplies `samples` f32 values at `input` by `factor` into `output` (may be the same). */
export function applyGain(input: usize, output: usize, samples: usize, factor: f32): void {
  for (let i: usize = 0; i < samples; i++) {
    const at = i << 2;
    store<f32>(output + at, load<f32>(input + at) * factor);
  }
}
