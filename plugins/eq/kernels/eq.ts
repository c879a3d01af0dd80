// The EQ's hot-path kernel (ABI v1): an allocation-free core module on the host's shared
// memory. Its state lives in the region the host reserves above the module's heap base
// (`heap-bytes` in the spec): a 16-byte context, then the prepared filter (eq-filter.ts).
import { eqPrepare, eqPreparedBytes, eqProcess, eqReset, EQ_MAX_BANDS } from "../assembly/eq-filter";

// Return codes of the ABI.
const OK = 0;
const BAD_ARGS = 1;
const UNSUPPORTED_FORMAT = 2;
const OUT_OF_MEMORY = 3;
const ABI_MISMATCH = 6;
// Flags out of process.
const NEED_RESET = 4;

export function init(args: u32, outCtx: u32): i32 {
  if (load<u32>(args) != 1) return ABI_MISMATCH;
  // Role 0 (dsp) and sample format 0 (f32 interleaved) only.
  if (load<u32>(args, 4) != 0 || load<u32>(args, 16) != 0) return UNSUPPORTED_FORMAT;
  const channels = load<u32>(args, 12);
  const initData = load<u32>(args, 40);
  const initLength = load<u32>(args, 44);
  if (initLength < 8) return BAD_ARGS;
  const bands = load<u32>(initData);
  if (bands > EQ_MAX_BANDS) return BAD_ARGS;
  const ctx = (<u32>__heap_base + 15) & ~15;
  const state = ctx + 16;
  // The host puts the init args right above the region it reserved for us.
  if (state + eqPreparedBytes(bands, channels) > args) return OUT_OF_MEMORY;
  const prepared = eqPrepare(state, initData, initLength, channels);
  if (prepared != OK) return prepared;
  store<u32>(ctx, load<u32>(args, 24));
  store<u32>(ctx, load<u32>(args, 28), 4);
  store<u32>(ctx, load<u32>(args, 20), 8);
  store<u32>(outCtx, ctx);
  return OK;
}

export function process(ctx: u32, frames: u32, outFrames: u32, outFlags: u32): i32 {
  if (frames > load<u32>(ctx, 8)) return BAD_ARGS;
  const finite = eqProcess(ctx + 16, load<u32>(ctx), load<u32>(ctx, 4), frames);
  store<u32>(outFrames, frames);
  // A NaN or infinity got into the filter state: ask the host for a reset.
  store<u32>(outFlags, finite ? 0 : NEED_RESET);
  return OK;
}

export function reset(ctx: u32): i32 {
  eqReset(ctx + 16);
  return OK;
}

export function drop(ctx: u32): void {
  // Nothing to release: the host owns the memory.
  store<u32>(ctx, 0, 8);
}
