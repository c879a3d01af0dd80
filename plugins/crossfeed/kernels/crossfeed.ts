// The crossfeed's hot-path kernel (ABI v1): an allocation-free core module on the host's
// shared memory. Its state lives in the region the host reserves above the module's heap
// base (`heap-bytes` in the spec): a 16-byte context, then the prepared filter
// (crossfeed-filter.ts, 96 bytes).
import { CROSSFEED_PREPARED_BYTES, crossfeedPrepare, crossfeedProcess, crossfeedReset } from "../assembly/crossfeed-filter";

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
  // Role 0 (dsp), f32 interleaved, stereo only.
  if (load<u32>(args, 4) != 0 || load<u32>(args, 16) != 0 || load<u32>(args, 12) != 2) return UNSUPPORTED_FORMAT;
  const ctx = (<u32>__heap_base + 15) & ~15;
  // The host puts the init args right above the region it reserved for us.
  if (ctx + 16 + CROSSFEED_PREPARED_BYTES > args) return OUT_OF_MEMORY;
  const prepared = crossfeedPrepare(ctx + 16, load<u32>(args, 40), load<u32>(args, 44));
  if (prepared != OK) return prepared;
  store<u32>(ctx, load<u32>(args, 24));
  store<u32>(ctx, load<u32>(args, 28), 4);
  store<u32>(ctx, load<u32>(args, 20), 8);
  store<u32>(outCtx, ctx);
  return OK;
}

export function process(ctx: u32, frames: u32, outFrames: u32, outFlags: u32): i32 {
  if (frames > load<u32>(ctx, 8)) return BAD_ARGS;
  const finite = crossfeedProcess(ctx + 16, load<u32>(ctx), load<u32>(ctx, 4), frames);
  store<u32>(outFrames, frames);
  // A NaN or infinity got into the filter state: ask the host for a reset.
  store<u32>(outFlags, finite ? 0 : NEED_RESET);
  return OK;
}

export function reset(ctx: u32): i32 {
  crossfeedReset(ctx + 16);
  return OK;
}

export function drop(ctx: u32): void {
  // Nothing to release: the host owns the memory.
  store<u32>(ctx, 0, 8);
}
