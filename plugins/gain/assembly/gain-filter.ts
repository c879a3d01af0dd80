// The gain/balance math, shared by the hot-path kernel (kernels/gain.ts, built with SIMD)
// and the component path (assembly/main.ts): one multiply per sample by its channel's
// factor, so both paths give the same samples.
//
// Init data: u32 channels, then one f32 factor per channel.
// Prepared region (16-byte aligned, `gainPreparedBytes` long): u32 channels, 12 bytes
// padding, then a v128 pattern of factors (for 1, 2 and 4 channels), then the factors.

export const GAIN_MAX_CHANNELS: u32 = 32;

export function gainPreparedBytes(channels: u32): u32 {
  return 32 + channels * 4;
}

export function gainInitDataBytes(channels: u32): u32 {
  return 4 + channels * 4;
}

/** Fills the prepared region; 0 or hot-path return code 1 (bad-args). */
export function gainPrepare(state: usize, initData: usize, initLength: u32, channels: u32): i32 {
  if (channels == 0 || channels > GAIN_MAX_CHANNELS || initLength != gainInitDataBytes(channels)) return 1;
  if (load<u32>(initData) != channels) return 1;
  store<u32>(state, channels);
  for (let lane: u32 = 0; lane < 4; lane++) store<f32>(state + 16 + (<usize>lane << 2), load<f32>(initData + 4 + (<usize>(lane % channels) << 2)));
  memory.copy(state + 32, initData + 4, <usize>channels << 2);
  return 0;
}

/** Applies the factors to `frames` interleaved frames from `input` to `output`. */
export function gainProcess(state: usize, input: usize, output: usize, frames: u32): void {
  const channels = load<u32>(state);
  const samples = <usize>frames * channels;
  let done: usize = 0;
  if (ASC_FEATURE_SIMD && (channels == 1 || channels == 2 || channels == 4)) {
    const pattern = v128.load(state + 16);
    const vectorEnd = samples & ~(<usize>3);
    for (; done < vectorEnd; done += 4) {
      const at = done << 2;
      v128.store(output + at, f32x4.mul(v128.load(input + at), pattern));
    }
  }
  // The rest (or everything without SIMD): the factor of each sample's channel.
  const factors = state + 32;
  let channel = <u32>(done % channels);
  for (; done < samples; done++) {
    const at = done << 2;
    store<f32>(output + at, load<f32>(input + at) * load<f32>(factors + (<usize>channel << 2)));
    channel++;
    if (channel == channels) channel = 0;
  }
}
