// The crossfeed's per-sample math, shared by the hot-path kernel (kernels/crossfeed.ts,
// built with SIMD) and the component path (assembly/main.ts, built without). Both run the
// same f32 operations in the same order — the scalar loop computes each SIMD lane the way
// the lane does, including the multiply by a zero coefficient — so the two paths give
// bit-identical output.
//
// The filter is Bauer's stereophonic-to-binaural crossfeed as in bs2b: each output channel
// is its own input through a first-order high-boost (shelf) filter plus the other
// channel's input through a first-order low-pass, scaled so the sum is unity at DC. The
// low-pass's group delay stands in for the interaural time difference.
//
// Four lanes hold [low-pass of L, low-pass of R, high-boost of L, high-boost of R]; every
// lane is one first-order section y = (a·x + c·x₋₁) + b·y₋₁, with c = 0 for the low-passes.
// Then out L = (hi L + lo R)·gain, out R = (hi R + lo L)·gain.
//
// Init data (28 bytes, little-endian, built by the component from settings, see design.ts):
//   u32 channels (2), f32 a0_lo, b1_lo, a0_hi, a1_hi, b1_hi, gain.
// Prepared region (16-byte aligned, CROSSFEED_PREPARED_BYTES long):
//   +0 f32 gain, +16 a (v128), +32 c (v128), +48 b (v128), +64 y state, +80 previous input.

export const CROSSFEED_PREPARED_BYTES: u32 = 96;
export const CROSSFEED_INIT_BYTES: u32 = 28;
// Filter state this small is flushed to zero after each block: decaying tails would
// otherwise become denormals, which x86 processes ~100× slower.
const TINY: f32 = 1e-30;

/** Fills the prepared region from init data; 0, or hot-path return code 1 (bad-args). */
export function crossfeedPrepare(state: usize, initData: usize, initLength: u32): i32 {
  if (initLength != CROSSFEED_INIT_BYTES || load<u32>(initData) != 2) return 1;
  const a0Lo = load<f32>(initData, 4);
  const b1Lo = load<f32>(initData, 8);
  const a0Hi = load<f32>(initData, 12);
  const a1Hi = load<f32>(initData, 16);
  const b1Hi = load<f32>(initData, 20);
  store<f32>(state, load<f32>(initData, 24));
  lanes(state + 16, a0Lo, a0Hi);
  lanes(state + 32, 0, a1Hi);
  lanes(state + 48, b1Lo, b1Hi);
  crossfeedReset(state);
  return 0;
}

// Scalar stores, so the component (built without SIMD) prepares the same bytes.
function lanes(target: usize, low: f32, high: f32): void {
  store<f32>(target, low);
  store<f32>(target, low, 4);
  store<f32>(target, high, 8);
  store<f32>(target, high, 12);
}

/** Clears the filter state and the previous input (after a seek or a track change). */
export function crossfeedReset(state: usize): void {
  memory.fill(state + 64, 0, 32);
}

/**
 * Crossfeeds `frames` interleaved stereo frames from `input` to `output` (which may be the
 * same). Returns false when the state is no longer finite (a NaN or infinity came in): the
 * caller must reset, or every later block would be NaN too.
 */
export function crossfeedProcess(state: usize, input: usize, output: usize, frames: u32): bool {
  if (ASC_FEATURE_SIMD) return simdProcess(state, input, output, frames);
  return scalarProcess(state, input, output, frames);
}

function simdProcess(state: usize, input: usize, output: usize, frames: u32): bool {
  const a = v128.load(state, 16);
  const c = v128.load(state, 32);
  const b = v128.load(state, 48);
  const gain = f32x4.splat(load<f32>(state));
  let y = v128.load(state, 64);
  let previous = v128.load(state, 80);
  for (let frame: u32 = 0; frame < frames; frame++) {
    const at = <usize>frame << 3;
    // [L, R, L, R]
    const x = v128.load64_splat(input + at);
    y = f32x4.add(f32x4.add(f32x4.mul(a, x), f32x4.mul(c, previous)), f32x4.mul(b, y));
    previous = x;
    // Lanes 0 and 1: hi L + lo R, hi R + lo L.
    const mixed = f32x4.add(v128.shuffle<f32>(y, y, 2, 3, 0, 1), v128.shuffle<f32>(y, y, 1, 0, 3, 2));
    v128.store64_lane(output + at, f32x4.mul(mixed, gain), 0);
  }
  // x - x is 0 for every finite x, NaN for NaN and infinities.
  const zero = f32x4.splat(0);
  const nonFinite = v128.or(f32x4.ne(f32x4.sub(y, y), zero), f32x4.ne(f32x4.sub(previous, previous), zero));
  v128.store(state + 64, v128.andnot(y, f32x4.lt(f32x4.abs(y), f32x4.splat(TINY))));
  v128.store(state + 80, previous);
  return !v128.any_true(nonFinite);
}

function scalarProcess(state: usize, input: usize, output: usize, frames: u32): bool {
  const gain = load<f32>(state);
  const aLo = load<f32>(state, 16);
  const aHi = load<f32>(state, 24);
  const cLo = load<f32>(state, 32);
  const cHi = load<f32>(state, 40);
  const bLo = load<f32>(state, 48);
  const bHi = load<f32>(state, 56);
  let loL = load<f32>(state, 64);
  let loR = load<f32>(state, 68);
  let hiL = load<f32>(state, 72);
  let hiR = load<f32>(state, 76);
  let previousL = load<f32>(state, 80);
  let previousR = load<f32>(state, 84);
  for (let frame: u32 = 0; frame < frames; frame++) {
    const at = <usize>frame << 3;
    const left = load<f32>(input + at);
    const right = load<f32>(input + at, 4);
    loL = aLo * left + cLo * previousL + bLo * loL;
    loR = aLo * right + cLo * previousR + bLo * loR;
    hiL = aHi * left + cHi * previousL + bHi * hiL;
    hiR = aHi * right + cHi * previousR + bHi * hiR;
    previousL = left;
    previousR = right;
    store<f32>(output + at, (hiL + loR) * gain);
    store<f32>(output + at, (hiR + loL) * gain, 4);
  }
  store<f32>(state, flushTiny(loL), 64);
  store<f32>(state, flushTiny(loR), 68);
  store<f32>(state, flushTiny(hiL), 72);
  store<f32>(state, flushTiny(hiR), 76);
  store<f32>(state, previousL, 80);
  store<f32>(state, previousR, 84);
  return isFiniteF32(loL) && isFiniteF32(loR) && isFiniteF32(hiL) && isFiniteF32(hiR) && isFiniteF32(previousL) && isFiniteF32(previousR);
}

@inline function isFiniteF32(value: f32): bool {
  return value - value == 0;
}

@inline function flushTiny(value: f32): f32 {
  return abs<f32>(value) < TINY ? 0 : value;
}
