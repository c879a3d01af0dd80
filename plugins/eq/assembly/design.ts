// Biquad design (Robert Bristow-Johnson's Audio EQ Cookbook) and the EQ's init data: the
// coefficients both the component path and the hot-path kernel run (eq-filter.ts).
import { eqInitDataBytes } from "./eq-filter";

export enum BandType {
  Peaking = 0,
  LowShelf = 1,
  HighShelf = 2,
  LowPass = 3,
  HighPass = 4,
}

export class Band {
  constructor(
    public type: BandType,
    public frequency: f64,
    public gainDb: f64,
    public q: f64,
  ) {}

  /** A peaking or shelving band at 0 dB is the identity: it is left out of the chain. */
  get active(): bool {
    return this.type == BandType.LowPass || this.type == BandType.HighPass || this.gainDb != 0;
  }
}

export function bandTypeFromText(text: string): i32 {
  if (text == "peaking") return BandType.Peaking;
  if (text == "lowshelf") return BandType.LowShelf;
  if (text == "highshelf") return BandType.HighShelf;
  if (text == "lowpass") return BandType.LowPass;
  if (text == "highpass") return BandType.HighPass;
  return -1;
}

/** Writes b0, b1, b2, a1, a2 (normalised by a0) for `band` at `sampleRate` as f32 at `ptr`. */
function writeCoefficients(band: Band, sampleRate: f64, ptr: usize): void {
  // Keep the centre below Nyquist, where the cookbook formulas stay stable.
  const frequency = Math.min(Math.max(band.frequency, 1), sampleRate * 0.49);
  const w0 = (2 * Math.PI * frequency) / sampleRate;
  const cosw = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * Math.max(band.q, 0.01));
  const a = Math.pow(10, band.gainDb / 40);
  let b0: f64 = 1, b1: f64 = 0, b2: f64 = 0, a0: f64 = 1, a1: f64 = 0, a2: f64 = 0;
  if (band.type == BandType.Peaking) {
    b0 = 1 + alpha * a; b1 = -2 * cosw; b2 = 1 - alpha * a;
    a0 = 1 + alpha / a; a1 = -2 * cosw; a2 = 1 - alpha / a;
  } else if (band.type == BandType.LowShelf || band.type == BandType.HighShelf) {
    const s = band.type == BandType.LowShelf ? 1.0 : -1.0;
    const root = 2 * Math.sqrt(a) * alpha;
    b0 = a * (a + 1 - s * (a - 1) * cosw + root);
    b1 = s * 2 * a * (a - 1 - s * (a + 1) * cosw);
    b2 = a * (a + 1 - s * (a - 1) * cosw - root);
    a0 = a + 1 + s * (a - 1) * cosw + root;
    a1 = -s * 2 * (a - 1 + s * (a + 1) * cosw);
    a2 = a + 1 + s * (a - 1) * cosw - root;
  } else if (band.type == BandType.LowPass) {
    b0 = (1 - cosw) / 2; b1 = 1 - cosw; b2 = (1 - cosw) / 2;
    a0 = 1 + alpha; a1 = -2 * cosw; a2 = 1 - alpha;
  } else {
    b0 = (1 + cosw) / 2; b1 = -(1 + cosw); b2 = (1 + cosw) / 2;
    a0 = 1 + alpha; a1 = -2 * cosw; a2 = 1 - alpha;
  }
  store<f32>(ptr, <f32>(b0 / a0));
  store<f32>(ptr, <f32>(b1 / a0), 4);
  store<f32>(ptr, <f32>(b2 / a0), 8);
  store<f32>(ptr, <f32>(a1 / a0), 12);
  store<f32>(ptr, <f32>(a2 / a0), 16);
}

/** The init data for the active bands at `sampleRate` (layout in eq-filter.ts). */
export function designInitData(bands: Array<Band>, preampDb: f64, sampleRate: u32): Uint8Array {
  let active: u32 = 0;
  for (let i = 0; i < bands.length; i++) if (bands[i].active) active++;
  const data = new Uint8Array(<i32>eqInitDataBytes(active));
  const base = data.dataStart;
  store<u32>(base, active);
  store<f32>(base, <f32>Math.pow(10, preampDb / 20), 4);
  let slot: usize = 0;
  for (let i = 0; i < bands.length; i++) {
    if (!bands[i].active) continue;
    writeCoefficients(bands[i], <f64>sampleRate, base + 8 + slot * 20);
    slot++;
  }
  return data;
}
