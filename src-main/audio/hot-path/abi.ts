/**
 * Hot-path ABI v1 (docs/contract.md "Hot path — ABI v1"): the numbers a kernel and the
 * host agree on.
 */

export const HOT_PATH_ABI_VERSION = 1;

/** The `hot-path-spec` record of `describe-hot-path`, as jco lifts it. */
export interface HotPathSpec {
  abiVersion: number;
  module: Uint8Array;
  heapBytes: number;
  initData: Uint8Array;
}

/** The stream a kernel is initialised for. */
export interface HotPathFormat {
  sampleRate: number;
  channels: number;
  /** The largest block `process` is called with. */
  maxFrames: number;
}

/** `role` in the init args. */
export const HotPathRole = { Dsp: 0, Sink: 1 } as const;

/** Index (in u32 units) of each field of the twelve-u32 init-args struct. */
export const InitArg = {
  AbiVersion: 0,
  Role: 1,
  SampleRate: 2,
  Channels: 3,
  SampleFormat: 4,
  MaxFrames: 5,
  InOffset: 6,
  OutOffset: 7,
  BufferBytes: 8,
  Flags: 9,
  InitDataOffset: 10,
  InitDataLength: 11,
} as const;
export const INIT_ARG_COUNT = 12;

/** `sample_format` 0: interleaved f32. */
export const SAMPLE_FORMAT_F32_INTERLEAVED = 0;

/** Bits a kernel sets in `*out_flags` after `process`. */
export const ProcessFlag = {
  Eof: 1,
  Drained: 2,
  NeedReset: 4,
  SoftError: 8,
} as const;

/** Return codes of `init`, `process` and `reset`, with what each means for a user. */
export const RETURN_CODES: Readonly<Record<number, { name: string; meaning: string }>> = {
  0: { name: 'ok', meaning: 'success' },
  1: { name: 'bad-args', meaning: 'the kernel rejected its arguments' },
  2: { name: 'unsupported-format', meaning: 'the kernel does not handle this sample rate, channel count or sample format' },
  3: { name: 'out-of-memory', meaning: 'the kernel needs more memory than its spec reserved' },
  4: { name: 'bad-state', meaning: 'the kernel was called in a state it cannot handle' },
  5: { name: 'internal', meaning: 'the kernel failed internally' },
  6: { name: 'abi-mismatch', meaning: 'the kernel does not speak hot-path ABI v1' },
};

/** "5 (internal: the kernel failed internally)" — for messages naming a return code. */
export function describeReturnCode(code: number): string {
  const known = RETURN_CODES[code];
  return known === undefined ? `${code} (not a code of ABI v1)` : `${code} (${known.name}: ${known.meaning})`;
}

export const WASM_PAGE_BYTES = 65_536;
/**
 * The largest memory maximum a kernel may declare (64 MiB). A shared memory reserves its
 * whole maximum up front, and the host gives every kernel exactly its declared maximum.
 */
export const MAX_KERNEL_MEMORY_PAGES = 1024;
/** Where static data starts when a module says nothing else (asc's default memory base). */
export const DEFAULT_HEAP_BASE = 1024;
