// The hot-path kernel (ABI v1, docs/contract.md): a core module the audio worker runs on a
// shared memory instead of calling the component per block. No allocation, no imports
// but the memory, no memory.grow. Its state lives in the region the host reserves above
// the heap base (`heap-bytes` in the spec): in offset, out offset, max frames, channels,
// factor.
import { applyGain } from "../assembly/gain";

const OK = 0;
const BAD_ARGS = 1;
const UNSUPPORTED_FORMAT = 2;
const OUT_OF_MEMORY = 3;
const ABI_MISMATCH = 6;
/** Context bytes, after aligning the heap base up to 16. */
const CONTEXT_BYTES: u32 = 20;

export function init(args: u32, outCtx: u32): i32 {
  if (load<u32>(args) != 1) return ABI_MISMATCH;
  // Role 0 (dsp) and sample format 0 (interleaved f32) only.
  if (load<u32>(args, 4) != 0 || load<u32>(args, 16) != 0) return UNSUPPORTED_FORMAT;
  // Init data: the linear factor as one f32 (see describeHotPath in assembly/main.ts).
  if (load<u32>(args, 44) != 4) return BAD_ARGS;
  const ctx = (<u32>__heap_base + 15) & ~15;
  if (ctx + CONTEXT_BYTES > args) return OUT_OF_MEMORY;
  store<u32>(ctx, load<u32>(args, 24));
  store<u32>(ctx, load<u32>(args, 28), 4);
  store<u32>(ctx, load<u32>(args, 20), 8);
  store<u32>(ctx, load<u32>(args, 12), 12);
  store<f32>(ctx, load<f32>(load<u32>(args, 40)), 16);
  store<u32>(outCtx, ctx);
  return OK;
}

export function process(ctx: u32, frames: u32, outFrames: u32, outFlags: u32): i32 {
  if (frames > load<u32>(ctx, 8)) return BAD_ARGS;
  applyGain(load<u32>(ctx), load<u32>(ctx, 4), <usize>frames * load<u32>(ctx, 12), load<f32>(ctx, 16));
  store<u32>(outFrames, frames);
  store<u32>(outFlags, 0);
  return OK;
}

export function reset(_ctx: u32): i32 {
  // A gain keeps no state between blocks.
  return OK;
}
