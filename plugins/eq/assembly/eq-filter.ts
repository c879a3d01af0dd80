// The EQ's per-sample math, shared by the hot-path kernel (kernels/eq.ts, built with SIMD)
// and the component path (assembly/main.ts, built without). Both run exactly the same f32
// operations in the same order per channel — a SIMD lane computes what the scalar loop
// computes — so the two paths give bit-identical output.
//
// Everything works on raw pointers into a "prepared" region the caller owns (16-byte
// aligned, `eqPreparedBytes` long): no allocation, usable from a stub-runtime kernel.
//
// Init data (little-endian, built by the component from settings, see design.ts):
//   u32 bands, f32 preamp, then per band f32 b0, b1, b2, a1, a2 (normalised, a0 = 1).
// Prepared region:
//   +0 u32 bands, +4 u32 channels, +8 f32 preamp, +12 u32 groups of four channels
//   +16 per band five splatted v128 coefficients: b0, b1, a1, b2, a2
//   then per group, per band: z1 (v128), z2 (v128) — transposed direct form II state,
//   lane i belongs to channel 4 × group + i.

export const EQ_MAX_BANDS: u32 = 32;
export const EQ_MAX_CHANNELS: u32 = 32;
const COEF_BYTES: u32 = 80;
const STATE_BYTES: u32 = 32;
// Filter state this small is flushed to zero after each block: decaying tails would
// otherwise become denormals, which x86 processes ~100× slower.
const TINY: f32 = 1e-30;

/** Bytes the prepared region needs for `bands` bands and `channels` channels. */
export function eqPreparedBytes(bands: u32, channels: u32): u32 {
  const groups = (channels + 3) >> 2;
  return 16 + bands * COEF_BYTES + groups * bands * STATE_BYTES;
}

/** Bytes of init data for `bands` bands. */
export function eqInitDataBytes(bands: u32): u32 {
  return 8 + bands * 20;
}

/** Fills the prepared region from init data; 0 or a hot-path return code (1 bad-args). */
export function eqPrepare(state: usize, initData: usize, initLength: u32, channels: u32): i32 {
  if (initLength < 8 || channels == 0 || channels > EQ_MAX_CHANNELS) return 1;
  const bands = load<u32>(initData);
  if (bands > EQ_MAX_BANDS || initLength != eqInitDataBytes(bands)) return 1;
  store<u32>(state, bands);
  store<u32>(state, channels, 4);
  store<f32>(state, load<f32>(initData, 4), 8);
  store<u32>(state, (channels + 3) >> 2, 12);
  for (let band: u32 = 0; band < bands; band++) {
    const source = initData + 8 + band * 20;
    const target = state + 16 + <usize>(band * COEF_BYTES);
    splat(target, load<f32>(source));
    splat(target + 16, load<f32>(source, 4));
    splat(target + 32, load<f32>(source, 12));
    splat(target + 48, load<f32>(source, 8));
    splat(target + 64, load<f32>(source, 16));
  }
  eqReset(state);
  return 0;
}

// Scalar stores, so the component (built without SIMD) prepares the same bytes.
function splat(target: usize, value: f32): void {
  store<f32>(target, value);
  store<f32>(target, value, 4);
  store<f32>(target, value, 8);
  store<f32>(target, value, 12);
}

/** Clears the filter state (after a seek or a track change). */
export function eqReset(state: usize): void {
  const bands = load<u32>(state);
  const groups = load<u32>(state, 12);
  memory.fill(state + 16 + <usize>(bands * COEF_BYTES), 0, <usize>(groups * bands * STATE_BYTES));
}

/**
 * Filters `frames` interleaved frames from `input` to `output` (which may be the same).
 * Returns false when the filter state is no longer finite (a NaN or infinity came in): the
 * caller must reset, or every later block would be NaN too.
 */
export function eqProcess(state: usize, input: usize, output: usize, frames: u32): bool {
  const bands = load<u32>(state);
  const channels = load<u32>(state, 4);
  const preamp = load<f32>(state, 8);
  const groups = load<u32>(state, 12);
  const coefs = state + 16;
  const stride = <usize>channels << 2;
  let finite = true;
  for (let group: u32 = 0; group < groups; group++) {
    const first = group << 2;
    const width = min<u32>(4, channels - first);
    const zs = coefs + <usize>(bands * COEF_BYTES + group * bands * STATE_BYTES);
    const offset = <usize>first << 2;
    if (ASC_FEATURE_SIMD) finite = simdGroup(coefs, zs, bands, preamp, input + offset, output + offset, stride, frames, width) && finite;
    else finite = scalarGroup(coefs, zs, bands, preamp, input + offset, output + offset, stride, frames, width) && finite;
  }
  return finite;
}

@inline function loadLanes(ptr: usize, width: u32): v128 {
  if (width == 4) return v128.load(ptr);
  if (width == 2) return v128.load64_zero(ptr);
  if (width == 1) return v128.load32_zero(ptr);
  return f32x4.replace_lane(v128.load64_zero(ptr), 2, load<f32>(ptr, 8));
}

@inline function storeLanes(ptr: usize, value: v128, width: u32): void {
  if (width == 4) v128.store(ptr, value);
  else if (width == 2) v128.store64_lane(ptr, value, 0);
  else if (width == 1) v128.store32_lane(ptr, value, 0);
  else {
    v128.store64_lane(ptr, value, 0);
    store<f32>(ptr, f32x4.extract_lane(value, 2), 8);
  }
}

function simdGroup(coefs: usize, zs: usize, bands: u32, preamp: f32, input: usize, output: usize, stride: usize, frames: u32, width: u32): bool {
  const gain = f32x4.splat(preamp);
  let source = input;
  let target = output;
  for (let frame: u32 = 0; frame < frames; frame++) {
    let x = f32x4.mul(loadLanes(source, width), gain);
    for (let band: u32 = 0; band < bands; band++) {
      const c = coefs + <usize>(band * COEF_BYTES);
      const z = zs + <usize>(band * STATE_BYTES);
      const y = f32x4.add(f32x4.mul(v128.load(c), x), v128.load(z));
      v128.store(z, f32x4.add(f32x4.sub(f32x4.mul(v128.load(c, 16), x), f32x4.mul(v128.load(c, 32), y)), v128.load(z, 16)));
      v128.store(z, f32x4.sub(f32x4.mul(v128.load(c, 48), x), f32x4.mul(v128.load(c, 64), y)), 16);
      x = y;
    }
    storeLanes(target, x, width);
    source += stride;
    target += stride;
  }
  const tiny = f32x4.splat(TINY);
  // x - x is 0 for every finite x, NaN for NaN and infinities.
  let nonFinite = f32x4.splat(0);
  for (let slot: usize = 0; slot < <usize>bands * 2; slot++) {
    const z = zs + (slot << 4);
    const value = v128.load(z);
    nonFinite = v128.or(nonFinite, f32x4.ne(f32x4.sub(value, value), f32x4.splat(0)));
    v128.store(z, v128.andnot(value, f32x4.lt(f32x4.abs(value), tiny)));
  }
  return !v128.any_true(nonFinite);
}

function scalarGroup(coefs: usize, zs: usize, bands: u32, preamp: f32, input: usize, output: usize, stride: usize, frames: u32, width: u32): bool {
  let finite = true;
  for (let lane: u32 = 0; lane < width; lane++) {
    const laneOffset = <usize>lane << 2;
    let source = input + laneOffset;
    let target = output + laneOffset;
    for (let frame: u32 = 0; frame < frames; frame++) {
      let x: f32 = load<f32>(source) * preamp;
      for (let band: u32 = 0; band < bands; band++) {
        const c = coefs + <usize>(band * COEF_BYTES);
        const z = zs + <usize>(band * STATE_BYTES) + laneOffset;
        const y: f32 = load<f32>(c) * x + load<f32>(z);
        store<f32>(z, load<f32>(c, 16) * x - load<f32>(c, 32) * y + load<f32>(z, 16));
        store<f32>(z, load<f32>(c, 48) * x - load<f32>(c, 64) * y, 16);
        x = y;
      }
      store<f32>(target, x);
      source += stride;
      target += stride;
    }
    for (let slot: usize = 0; slot < <usize>bands * 2; slot++) {
      const z = zs + (slot << 4) + laneOffset;
      const value = load<f32>(z);
      if (value - value != 0) finite = false;
      if (abs<f32>(value) < TINY) store<f32>(z, 0);
    }
  }
  return finite;
}
