// Crossfeed settings → filter coefficients (the kernel's init data), as bs2b designs them:
// for a feed level F dB, the cross low-pass has gain F·5/6 + 3 dB below unity at DC and
// the direct high-boost F/6 + 3 dB below, so at low frequencies the other channel arrives
// F dB below the direct one; the high-boost's corner is placed so that the mono sum stays
// as flat as two first-order sections allow, and the output is normalised to unity at DC.
// f64 maths, rounded to f32 once.
import { CROSSFEED_INIT_BYTES } from "./crossfeed-filter";

export const PRESET_NAMES: string[] = ["default", "cmoy", "jmeier"];
// bs2b's presets: Bauer's default, Chu Moy's and Jan Meier's.
const PRESET_CUTOFFS: f64[] = [700, 700, 650];
const PRESET_FEEDS: f64[] = [4.5, 6, 9.5];

export const MIN_CUTOFF_HZ: f64 = 300;
export const MAX_CUTOFF_HZ: f64 = 2000;
export const MIN_FEED_DB: f64 = 1;
export const MAX_FEED_DB: f64 = 15;

export class Crossfeed {
  constructor(
    public preset: string,
    public cutoffHz: f64,
    public feedDb: f64,
  ) {}

  /** The cutoff in use: the preset's, or the custom one. */
  cutoff(): f64 {
    const index = PRESET_NAMES.indexOf(this.preset);
    return index < 0 ? this.cutoffHz : PRESET_CUTOFFS[index];
  }

  /** The feed level in use: the preset's, or the custom one. */
  feed(): f64 {
    const index = PRESET_NAMES.indexOf(this.preset);
    return index < 0 ? this.feedDb : PRESET_FEEDS[index];
  }
}

/** Init data for `settings` at `sampleRate` (see crossfeed-filter.ts for the layout). */
export function designInitData(settings: Crossfeed, sampleRate: f64): Uint8Array {
  const cutoff = settings.cutoff();
  const feed = settings.feed();
  const gainLoDb = (feed * -5.0) / 6.0 - 3.0;
  const gainHiDb = feed / 6.0 - 3.0;
  const gLo = Math.pow(10, gainLoDb / 20);
  const gHi = 1 - Math.pow(10, gainHiDb / 20);
  const cutoffHi = cutoff * Math.pow(2, (gainLoDb - 20 * Math.log10(gHi)) / 12);
  const xLo = Math.exp((-2 * Math.PI * cutoff) / sampleRate);
  const xHi = Math.exp((-2 * Math.PI * cutoffHi) / sampleRate);
  const data = new Uint8Array(<i32>CROSSFEED_INIT_BYTES);
  const at = data.dataStart;
  store<u32>(at, 2);
  store<f32>(at, <f32>(gLo * (1 - xLo)), 4);
  store<f32>(at, <f32>xLo, 8);
  store<f32>(at, <f32>(1 - gHi * (1 - xHi)), 12);
  store<f32>(at, <f32>-xHi, 16);
  store<f32>(at, <f32>xHi, 20);
  store<f32>(at, <f32>(1 / (1 - gHi + gLo)), 24);
  return data;
}
