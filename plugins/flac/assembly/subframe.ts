// Subframes: CONSTANT, VERBATIM, FIXED (orders 0–4) and LPC (orders 1–32), wasted bits,
// and the Rice / Rice2 partitioned residual with escape codes. Samples are i64 slots so a
// 33-bit side channel (32-bit stereo) and high-order LPC sums are exact.
import { BitReader } from "./bits";
import { restoreFixed, restoreLpc } from "./predict";

/** Why the last subframe failed, for the error message (empty when it did not). */
export let subframeError: string = "";

function fail(message: string): bool {
  subframeError = message;
  return false;
}

const coefficients = new StaticArray<i64>(32);

/** Decodes one subframe of `blockSize` samples with `bps` bits into i64 slots at `out`. */
export function decodeSubframe(bits: BitReader, out: usize, blockSize: u32, bps: u32): bool {
  const header = bits.read(8);
  if ((header & 0x80) != 0) return fail("a subframe header has its padding bit set");
  const type = (header >> 1) & 0x3f;
  let wasted: u32 = 0;
  if ((header & 1) != 0) {
    wasted = bits.readUnary() + 1;
    if (wasted >= bps) return fail("a subframe declares more wasted bits than it has");
    bps -= wasted;
  }
  let ok: bool;
  if (type == 0) ok = decodeConstant(bits, out, blockSize, bps);
  else if (type == 1) ok = decodeVerbatim(bits, out, blockSize, bps);
  else if (type >= 8 && type <= 12) ok = decodeFixed(bits, out, blockSize, bps, type - 8);
  else if (type >= 32) ok = decodeLpc(bits, out, blockSize, bps, (type & 31) + 1);
  else return fail("a subframe uses a reserved type (" + type.toString() + ")");
  if (ok && wasted > 0) {
    const end = out + (<usize>blockSize << 3);
    for (let at = out; at < end; at += 8) store<i64>(at, load<i64>(at) << wasted);
  }
  return ok;
}

function decodeConstant(bits: BitReader, out: usize, blockSize: u32, bps: u32): bool {
  const value = bits.readSigned64(bps);
  const end = out + (<usize>blockSize << 3);
  for (let at = out; at < end; at += 8) store<i64>(at, value);
  return true;
}

function decodeVerbatim(bits: BitReader, out: usize, blockSize: u32, bps: u32): bool {
  const end = out + (<usize>blockSize << 3);
  if (bps <= 32) {
    for (let at = out; at < end; at += 8) store<i64>(at, <i64>bits.readSigned(bps));
  } else {
    for (let at = out; at < end; at += 8) store<i64>(at, bits.readSigned64(bps));
  }
  return true;
}

function readWarmup(bits: BitReader, out: usize, order: u32, bps: u32): void {
  for (let i: u32 = 0; i < order; i++) store<i64>(out + (<usize>i << 3), bits.readSigned64(bps));
}

function decodeFixed(bits: BitReader, out: usize, blockSize: u32, bps: u32, order: u32): bool {
  if (order > blockSize) return fail("a FIXED subframe has a higher order than its block size");
  readWarmup(bits, out, order, bps);
  if (!decodeResidual(bits, out, blockSize, order)) return false;
  restoreFixed(out, blockSize, order);
  return true;
}

function decodeLpc(bits: BitReader, out: usize, blockSize: u32, bps: u32, order: u32): bool {
  if (order > blockSize) return fail("an LPC subframe has a higher order than its block size");
  readWarmup(bits, out, order, bps);
  const precision = bits.read(4) + 1;
  if (precision == 16) return fail("an LPC subframe uses the invalid coefficient precision 15");
  const shift = bits.readSigned(5);
  if (shift < 0) return fail("an LPC subframe has a negative quantisation shift");
  for (let i: u32 = 0; i < order; i++) unchecked((coefficients[i] = <i64>bits.readSigned(precision)));
  if (!decodeResidual(bits, out, blockSize, order)) return false;
  restoreLpc(out, blockSize, order, changetype<usize>(coefficients), <u32>shift);
  return true;
}

/** Reads the residual of samples `order..blockSize` into `out`. */
function decodeResidual(bits: BitReader, out: usize, blockSize: u32, order: u32): bool {
  const method = bits.read(2);
  if (method > 1) return fail("a residual uses a reserved coding method");
  const parameterBits: u32 = method == 0 ? 4 : 5;
  const escape: u32 = method == 0 ? 15 : 31;
  const partitionOrder = bits.read(4);
  const partitionSize = blockSize >> partitionOrder;
  if ((partitionSize << partitionOrder) != blockSize || partitionSize < order) {
    return fail("a residual's partition order does not fit its block size");
  }
  const partitions: u32 = 1 << partitionOrder;
  let at = out + (<usize>order << 3);
  for (let p: u32 = 0; p < partitions; p++) {
    const count = p == 0 ? partitionSize - order : partitionSize;
    const parameter = bits.read(parameterBits);
    if (parameter == escape) {
      const raw = bits.read(5);
      const end = at + (<usize>count << 3);
      for (let slot = at; slot < end; slot += 8) store<i64>(slot, <i64>bits.readSigned(raw));
    } else {
      bits.readRice(at, count, parameter);
    }
    at += <usize>count << 3;
    if (bits.overran) return fail("truncated");
  }
  return true;
}
