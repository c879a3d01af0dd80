/**
 * One hot-path kernel instantiated on its own shared `WebAssembly.Memory`, laid out as
 *
 *   [0, heapBase)                 the module's static data (rewritten by instantiation)
 *   [heapBase, +heapBytes)        the kernel's own state (the spec's heap-bytes)
 *   args (64 bytes)               twelve u32 init args, then ctx, out_frames, out_flags
 *   init data                     the spec's opaque bytes
 *   in buffer, out buffer         maxFrames × channels f32 each
 *
 * Each kernel gets its own memory: asc kernels all place static data at 1024, so two on
 * one memory would overwrite each other's. The memory's initial size is its declared
 * maximum, so `memory.grow` always fails and views on it never go stale.
 */
import {
  HotPathRole,
  INIT_ARG_COUNT,
  SAMPLE_FORMAT_F32_INTERLEAVED,
  WASM_PAGE_BYTES,
  describeReturnCode,
  type HotPathFormat,
} from './abi.ts';
import type { CheckedKernel } from './module-check.ts';

type InitFn = (argsPtr: number, outCtxPtr: number) => number;
type ProcessFn = (ctx: number, frames: number, outFramesPtr: number, outFlagsPtr: number) => number;
type ResetFn = (ctx: number) => number;
type DropFn = (ctx: number) => void;

const ARGS_BYTES = 64;
const CTX_SLOT = INIT_ARG_COUNT * 4;
const OUT_FRAMES_SLOT = CTX_SLOT + 4;
const OUT_FLAGS_SLOT = CTX_SLOT + 8;

const align16 = (value: number): number => Math.ceil(value / 16) * 16;

interface Layout {
  argsPtr: number;
  initDataPtr: number;
  inPtr: number;
  outPtr: number;
  samples: number;
  end: number;
}

/** Where everything goes above the kernel's own region (see the file comment). */
function planLayout(heapBase: number, heapBytes: number, initDataLength: number, format: HotPathFormat): Layout {
  const argsPtr = align16(heapBase + heapBytes);
  const initDataPtr = argsPtr + ARGS_BYTES;
  const inPtr = align16(initDataPtr + initDataLength);
  const samples = format.maxFrames * format.channels;
  const outPtr = inPtr + align16(samples * 4);
  return { argsPtr, initDataPtr, inPtr, outPtr, samples, end: outPtr + samples * 4 };
}

export type KernelStart = { ok: true; kernel: HotPathKernel } | { ok: false; reason: string };

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** A running kernel: call {@link process} per block, {@link dispose} when done. */
export class HotPathKernel {
  /** Where the host writes a block (`maxFrames × channels` samples). */
  readonly input: Float32Array;
  /** Where the kernel leaves its output. */
  readonly output: Float32Array;
  private readonly words: Uint32Array;
  private readonly outFramesPtr: number;
  private readonly outFlagsPtr: number;
  private disposed = false;

  private constructor(
    readonly label: string,
    readonly memory: WebAssembly.Memory,
    private readonly ctx: number,
    argsPtr: number,
    buffers: { inPtr: number; outPtr: number; samples: number },
    private readonly processFn: ProcessFn,
    private readonly resetFn: ResetFn | undefined,
    private readonly dropFn: DropFn | undefined,
  ) {
    this.words = new Uint32Array(memory.buffer);
    this.input = new Float32Array(memory.buffer, buffers.inPtr, buffers.samples);
    this.output = new Float32Array(memory.buffer, buffers.outPtr, buffers.samples);
    this.outFramesPtr = argsPtr + OUT_FRAMES_SLOT;
    this.outFlagsPtr = argsPtr + OUT_FLAGS_SLOT;
  }

  /**
   * Instantiates a checked kernel for a stream format and calls its `init`. Synchronous and
   * cheap (the module is compiled already), so the audio worker can do it between blocks.
   */
  static start(checked: CheckedKernel, format: HotPathFormat, role: number = HotPathRole.Dsp): KernelStart {
    const refuse = (reason: string): KernelStart => ({ ok: false, reason: `${checked.label}: hot-path kernel refused: ${reason}` });
    const { info } = checked;
    const pages = info.memory.maximumPages;
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    let exports: WebAssembly.Exports;
    try {
      exports = new WebAssembly.Instance(checked.module, { env: { memory } }).exports;
    } catch (error) {
      return refuse(`instantiation failed: ${describeError(error)}`);
    }
    const heapBaseExport = exports.__heap_base;
    const heapBase = Math.max(info.staticDataEnd, heapBaseExport instanceof WebAssembly.Global ? Number(heapBaseExport.value) : 0);
    const layout = planLayout(heapBase, checked.heapBytes, checked.initData.length, format);
    if (layout.end > pages * WASM_PAGE_BYTES) {
      return refuse(`it needs ${layout.end} bytes for ${format.maxFrames} frames × ${format.channels} channels, but its memory maximum is ${pages * WASM_PAGE_BYTES}`);
    }
    const { argsPtr, initDataPtr, inPtr, outPtr, samples } = layout;
    new Uint8Array(memory.buffer, initDataPtr, checked.initData.length).set(checked.initData);
    const args = new Uint32Array(memory.buffer, argsPtr, ARGS_BYTES / 4);
    args.set([1, role, format.sampleRate, format.channels, SAMPLE_FORMAT_F32_INTERLEAVED, format.maxFrames, inPtr, outPtr, samples * 4, 0, initDataPtr, checked.initData.length]);
    let code: number;
    try {
      code = (exports.init as InitFn)(argsPtr, argsPtr + CTX_SLOT);
    } catch (error) {
      return refuse(`init trapped: ${describeError(error)}`);
    }
    if (code !== 0) return refuse(`init returned ${describeReturnCode(code)}`);
    const ctx = args[CTX_SLOT / 4] ?? 0;
    const kernel = new HotPathKernel(
      checked.label,
      memory,
      ctx,
      argsPtr,
      layout,
      exports.process as ProcessFn,
      info.hasReset ? (exports.reset as ResetFn) : undefined,
      info.hasDrop ? (exports.drop as DropFn) : undefined,
    );
    return { ok: true, kernel };
  }

  /**
   * Runs `process` over `frames` frames of {@link input}; returns the kernel's return code
   * (0 ok). Throws what the kernel throws (a trap is a `WebAssembly.RuntimeError`).
   */
  process(frames: number): number {
    return this.processFn(this.ctx, frames, this.outFramesPtr, this.outFlagsPtr);
  }

  /** The flags the last `process` set (see `ProcessFlag`). */
  get flags(): number {
    return this.words[this.outFlagsPtr >>> 2] ?? 0;
  }

  /** The frame count the last `process` reported. */
  get outFrames(): number {
    return this.words[this.outFramesPtr >>> 2] ?? 0;
  }

  /** Calls `reset` (when the kernel has one); returns its code, 0 when it has none. */
  reset(): number {
    return this.resetFn === undefined ? 0 : this.resetFn(this.ctx);
  }

  /** Calls `drop` once; the memory goes with the last reference to it. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    try {
      this.dropFn?.(this.ctx);
    } catch {
      // A kernel that traps in drop has nothing left to release; the memory is garbage.
    }
  }
}
