// The gain plugin's hot-path kernel (ABI v1): state in the region the host reserves above
// the heap base — a 16-byte context (in, out, max frames), then the prepared factors.
import { gainPrepare, gainProcess } from "../assembly/gain-filter";

const OK = 0;
const BAD_ARGS = 1;
const UNSUPPORTED_FORMAT = 2;
const OUT_OF_MEMORY = 3;
const ABI_MISMATCH = 6;

export function init(args: u32, outCtx: u32): i32 {
  if (load<u32>(args) != 1) return ABI_MISMATCH;
  if (load<u32>(args, 4) != 0 || load<u32>(args, 16) != 0) return UNSUPPORTED_FORMAT;
  const channels = load<u32>(args, 12);
  const ctx = (<u32>__heap_base + 15) & ~15;
  if (ctx + 48 + channels * 4 > args) return OUT_OF_MEMORY;
  const prepared = gainPrepare(ctx + 16, load<u32>(args, 40), load<u32>(args, 44), channels);
  if (prepared != OK) return prepared;
  store<u32>(ctx, load<u32>(args, 24));
  store<u32>(ctx, load<u32>(args, 28), 4);
  store<u32>(ctx, load<u32>(args, 20), 8);
  store<u32>(outCtx, ctx);
  return OK;
}

export function process(ctx: u32, frames: u32, outFrames: u32, outFlags: u32): i32 {
  if (frames > load<u32>(ctx, 8)) return BAD_ARGS;
  gainProcess(ctx + 16, load<u32>(ctx), load<u32>(ctx, 4), frames);
  store<u32>(outFrames, frames);
  store<u32>(outFlags, 0);
  return OK;
}

export function reset(_ctx: u32): i32 {
  // A gain has no state to clear.
  return OK;
}
