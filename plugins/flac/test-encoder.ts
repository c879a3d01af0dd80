/**
 * A deliberately plain FLAC writer for tests: it produces what `flac` and ffmpeg's encoder
 * never do — the variable blocking strategy with changing block sizes, escape-coded
 * residual partitions, Rice and Rice2 side by side, wasted bits on every subframe type,
 * LPC with hand-picked coefficients, and sample rates coded in frame headers — so the
 * decoder's paths for them are checked against ffmpeg too. Not fast; files are tiny.
 */

class BitWriter {
  readonly bytes: number[] = [];
  private current = 0;
  private filled = 0;

  /** Writes the low `n` bits of `value` (two's complement for negatives), MSB first. */
  write(value: number, n: number): void {
    const unsigned = value < 0 ? value + 2 ** n : value;
    for (let i = n - 1; i >= 0; i--) this.bit(Math.floor(unsigned / 2 ** i) % 2);
  }

  bit(bit: number): void {
    this.current = (this.current << 1) | bit;
    if (++this.filled === 8) {
      this.bytes.push(this.current);
      this.current = 0;
      this.filled = 0;
    }
  }

  align(): void {
    while (this.filled !== 0) this.bit(0);
  }
}

function crc(bytes: number[], poly: number, width: number): number {
  const top = 1 << (width - 1);
  const mask = (1 << width) - 1;
  let value = 0;
  for (const byte of bytes) {
    value ^= byte << (width - 8);
    for (let i = 0; i < 8; i++) value = value & top ? ((value << 1) ^ poly) & mask : (value << 1) & mask;
  }
  return value;
}

/** The UTF-8-like coding of frame/sample numbers. */
function codedNumber(value: number): number[] {
  if (value < 0x80) return [value];
  const bytes: number[] = [];
  let rest = value;
  let count = 1;
  // Continuation bytes carry 6 bits each; a first byte of `count` bytes carries 7 - count.
  do {
    bytes.unshift(0x80 | (rest % 64));
    rest = Math.floor(rest / 64);
    count++;
  } while (rest >= 2 ** (7 - count));
  return [((0xff00 >> count) & 0xff) | rest, ...bytes];
}

type Kind = 'constant' | 'verbatim' | 'fixed' | 'lpc' | 'lpc32';
interface Lpc {
  precision: number;
  shift: number;
  coefficients: number[];
}
const LPC: Record<'lpc' | 'lpc32', Lpc> = {
  lpc: { precision: 12, shift: 10, coefficients: [1900, -1100, 230] },
  // Order 32, every tap non-zero, so the longest predictor loop is checked tap by tap.
  lpc32: { precision: 15, shift: 13, coefficients: [13000, -6000, 900, ...Array.from({ length: 29 }, (_, j) => (j % 2 === 0 ? 3 + j : -2 - j))] },
};

function residualOf(x: number[], kind: Kind, order: number): number[] {
  const residual: number[] = [];
  for (let i = order; i < x.length; i++) {
    let prediction = 0;
    if (kind === 'fixed') prediction = 2 * x[i - 1]! - x[i - 2]!;
    else {
      const lpc = LPC[kind === 'lpc32' ? 'lpc32' : 'lpc'];
      let sum = 0;
      lpc.coefficients.forEach((c, j) => (sum += c * x[i - 1 - j]!));
      prediction = Math.floor(sum / 2 ** lpc.shift);
    }
    residual.push(x[i]! - prediction);
  }
  return residual;
}

/** Partition order 2: Rice, escape, Rice, escape — with 4- or 5-bit parameters. */
function writeResidual(w: BitWriter, residual: number[], order: number, blockSize: number, rice2: boolean): void {
  const partitions = blockSize % 4 === 0 && blockSize / 4 > order ? 2 : 0;
  w.write(rice2 ? 1 : 0, 2);
  w.write(partitions, 4);
  const size = blockSize >> partitions;
  let at = 0;
  for (let p = 0; p < 1 << partitions; p++) {
    const part = residual.slice(at, at + size - (p === 0 ? order : 0));
    at += part.length;
    const largest = part.reduce((most, value) => Math.max(most, Math.abs(value)), 0);
    if (p % 2 === 1) {
      const bits = largest === 0 ? 0 : Math.ceil(Math.log2(largest + 1)) + 1;
      w.write(rice2 ? 31 : 15, rice2 ? 5 : 4);
      w.write(bits, 5);
      for (const value of part) w.write(value, bits);
      continue;
    }
    const k = Math.min(rice2 ? 30 : 14, largest === 0 ? 0 : Math.max(0, Math.floor(Math.log2(largest)) - 1));
    w.write(k, rice2 ? 5 : 4);
    for (const value of part) {
      const folded = value >= 0 ? 2 * value : -2 * value - 1;
      for (let q = Math.floor(folded / 2 ** k); q > 0; q--) w.bit(0);
      w.bit(1);
      w.write(folded % 2 ** k, k);
    }
  }
}

function writeSubframe(w: BitWriter, samples: number[], bps: number, kind: Kind, rice2: boolean): void {
  let wasted = 0;
  if (samples.some((s) => s !== 0)) while (samples.every((s) => s % 2 ** (wasted + 1) === 0)) wasted++;
  const x = samples.map((s) => s / 2 ** wasted);
  const width = bps - wasted;
  const lpc = kind === 'lpc' || kind === 'lpc32' ? LPC[kind] : undefined;
  const order = kind === 'fixed' ? 2 : (lpc?.coefficients.length ?? 0);
  const type = kind === 'constant' ? 0 : kind === 'verbatim' ? 1 : kind === 'fixed' ? 8 + order : 32 + order - 1;
  w.write((type << 1) | (wasted > 0 ? 1 : 0), 8);
  if (wasted > 0) {
    for (let i = 1; i < wasted; i++) w.bit(0);
    w.bit(1);
  }
  if (kind === 'constant') return w.write(x[0]!, width);
  if (kind === 'verbatim') return x.forEach((s) => w.write(s, width));
  for (let i = 0; i < order; i++) w.write(x[i]!, width);
  if (lpc !== undefined) {
    w.write(lpc.precision - 1, 4);
    w.write(lpc.shift, 5);
    for (const c of lpc.coefficients) w.write(c, lpc.precision);
  }
  writeResidual(w, residualOf(x, kind, order), order, x.length, rice2);
}

export interface PlainFlacSpec {
  channels: number;
  bits: number;
  rate: number;
  /** Block sizes in order; they must add up to the sample count. */
  blockSizes: number[];
}

const DEPTH_CODES: Record<number, number> = { 8: 1, 12: 2, 16: 4, 20: 5, 24: 6, 32: 7 };

function writeFrame(out: number[], samples: Int32Array, spec: PlainFlacSpec, start: number, size: number, index: number): void {
  const header: number[] = [0xff, 0xf9];
  const rateCode = spec.rate % 1000 === 0 && spec.rate <= 255_000 ? 12 : spec.rate <= 65_535 ? 13 : spec.rate % 10 === 0 && spec.rate <= 655_350 ? 14 : 0;
  header.push(((size <= 256 ? 6 : 7) << 4) | rateCode);
  header.push(((spec.channels - 1) << 4) | ((DEPTH_CODES[spec.bits] ?? 0) << 1));
  header.push(...codedNumber(start));
  header.push(...(size <= 256 ? [size - 1] : [(size - 1) >> 8, (size - 1) & 0xff]));
  if (rateCode === 12) header.push(spec.rate / 1000);
  if (rateCode === 13) header.push(spec.rate >> 8, spec.rate & 0xff);
  if (rateCode === 14) header.push((spec.rate / 10) >> 8, (spec.rate / 10) & 0xff);
  header.push(crc(header, 0x07, 8));
  const w = new BitWriter();
  w.bytes.push(...header);
  const kinds: Kind[] = ['lpc', 'fixed', 'verbatim', 'lpc32'];
  for (let c = 0; c < spec.channels; c++) {
    const channel = Array.from({ length: size }, (_, i) => samples[(start + i) * spec.channels + c]!);
    const constant = channel.every((s) => s === channel[0]);
    const kind = constant ? 'constant' : kinds[(index + c) % kinds.length]!;
    writeSubframe(w, channel, spec.bits, size <= 32 && kind !== 'constant' ? 'verbatim' : kind, (index + c) % 2 === 1);
  }
  w.align();
  const frameCrc = crc(w.bytes, 0x8005, 16);
  for (const byte of w.bytes) out.push(byte);
  out.push(frameCrc >> 8, frameCrc & 0xff);
}

/** A complete FLAC file (fLaC, STREAMINFO, frames) of `samples` (interleaved integers). */
export function writePlainFlac(samples: Int32Array, spec: PlainFlacSpec): Uint8Array {
  const total = samples.length / spec.channels;
  const info = new BitWriter();
  info.write(Math.min(...spec.blockSizes), 16);
  info.write(Math.max(...spec.blockSizes), 16);
  info.write(0, 24);
  info.write(0, 24);
  info.write(spec.rate, 20);
  info.write(spec.channels - 1, 3);
  info.write(spec.bits - 1, 5);
  info.write(Math.floor(total / 2 ** 32), 4);
  info.write(total % 2 ** 32, 32);
  for (let i = 0; i < 16; i++) info.write(0, 8);
  const out: number[] = [0x66, 0x4c, 0x61, 0x43, 0x80, 0, 0, 34, ...info.bytes];
  let start = 0;
  spec.blockSizes.forEach((size, index) => {
    writeFrame(out, samples, spec, start, size, index);
    start += size;
  });
  if (start !== total) throw new Error(`block sizes add up to ${start}, not ${total}`);
  return Uint8Array.from(out);
}
