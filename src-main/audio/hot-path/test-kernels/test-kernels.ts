/**
 * Test support: small hot-path kernels, compiled from AssemblyScript by the same build
 * route plugin kernels take (sdk/build/kernels.ts), including misbehaving ones.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileKernel } from '../../../../sdk/build/kernels.ts';
import type { HotPathSpec } from '../abi.ts';

/** What the `behaving` kernel does once `failAt` blocks have passed (init data word 0). */
export const KernelMode = {
  Copy: 0,
  ErrorCode: 1,
  Trap: 2,
  NeedReset: 3,
  SoftError: 4,
  Hang: 5,
  ShortOutput: 6,
} as const;

// Copies in → out, then misbehaves as its init data says. State lives in the region the
// host reserves above the heap base: mode, failAt, blocks, resets, in, out, channels.
const BEHAVING = `
export function init(args: u32, outCtx: u32): i32 {
  if (load<u32>(args) != 1) return 6;
  const ctx = (<u32>__heap_base + 15) & ~15;
  const data = load<u32>(args, 40);
  store<u32>(ctx, load<u32>(data));
  store<u32>(ctx, load<u32>(data, 4), 4);
  store<u32>(ctx, 0, 8);
  store<u32>(ctx, 0, 12);
  store<u32>(ctx, load<u32>(args, 24), 16);
  store<u32>(ctx, load<u32>(args, 28), 20);
  store<u32>(ctx, load<u32>(args, 12), 24);
  store<u32>(outCtx, ctx);
  return load<i32>(data, 8);
}

export function process(ctx: u32, frames: u32, outFrames: u32, outFlags: u32): i32 {
  const block = load<u32>(ctx, 8);
  store<u32>(ctx, block + 1, 8);
  store<u32>(outFlags, 0);
  store<u32>(outFrames, frames);
  const mode = load<u32>(ctx);
  if (block >= load<u32>(ctx, 4)) {
    if (mode == 1) return 5;
    if (mode == 2) unreachable();
    if (mode == 3) store<u32>(outFlags, 4);
    if (mode == 4) store<u32>(outFlags, 8);
    if (mode == 5) while (atomic.load<u32>(ctx, 28) == 0) {}
    if (mode == 6) store<u32>(outFrames, frames - 1);
  }
  memory.copy(load<u32>(ctx, 20), load<u32>(ctx, 16), frames * load<u32>(ctx, 24) * 4);
  return 0;
}

export function reset(ctx: u32): i32 {
  store<u32>(ctx, load<u32>(ctx, 12) + 1, 12);
  return 0;
}

export function drop(ctx: u32): void {}
`;

// Does nothing but report the block done: the cost of a call through the runner.
const EMPTY = `
export function init(args: u32, outCtx: u32): i32 {
  store<u32>(outCtx, (<u32>__heap_base + 15) & ~15);
  return 0;
}
export function process(ctx: u32, frames: u32, outFrames: u32, outFlags: u32): i32 {
  store<u32>(outFrames, frames);
  store<u32>(outFlags, 0);
  return 0;
}
`;

const IMPORTS_LOG = `
@external("env", "log")
declare function log(value: u32): void;
export function init(args: u32, outCtx: u32): i32 { log(args); return 0; }
export function process(ctx: u32, frames: u32, outFrames: u32, outFlags: u32): i32 { return 0; }
`;

const WRONG_SIGNATURE = `
export function init(args: u32, outCtx: u32): i32 { return 0; }
export function process(ctx: u32, frames: u32): i32 { return 0; }
`;

const SOURCES = { behaving: BEHAVING, empty: EMPTY, 'imports-log': IMPORTS_LOG, 'wrong-signature': WRONG_SIGNATURE };
export type TestKernelName = keyof typeof SOURCES;

/** Compiles the named test kernels (in parallel) into core module bytes. */
export async function compileTestKernels(): Promise<Record<TestKernelName, Uint8Array>> {
  const dir = await mkdtemp(join(tmpdir(), 'fugue-kernels-'));
  try {
    const names = Object.keys(SOURCES) as TestKernelName[];
    const compiled = await Promise.all(
      names.map(async (name) => {
        await writeFile(join(dir, `${name}.ts`), SOURCES[name]);
        return [name, await compileKernel(dir, `${name}.ts`)] as const;
      }),
    );
    return Object.fromEntries(compiled) as Record<TestKernelName, Uint8Array>;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Init data for the behaving kernel: a mode, the block it starts at, init's return code. */
export function behavingInitData(mode: number, failAt = 0, initCode = 0): Uint8Array {
  return new Uint8Array(Uint32Array.of(mode, failAt, initCode).buffer);
}

/** A spec for kernel bytes; heap-bytes covers the behaving kernel's 32-byte context. */
export function specOf(module: Uint8Array, initData = behavingInitData(KernelMode.Copy), abiVersion = 1): HotPathSpec {
  return { abiVersion, module, heapBytes: 64, initData };
}

/** The same module with its env.memory import marked not shared (byte-patched). */
export function withUnsharedMemory(module: Uint8Array): Uint8Array {
  const marker = new TextEncoder().encode('memory');
  for (let index = 0; index < module.length - marker.length; index += 1) {
    if (marker.every((byte, offset) => module[index + offset] === byte) && module[index + marker.length] === 0x02) {
      const patched = module.slice();
      patched[index + marker.length + 1] = 0x01;
      return patched;
    }
  }
  throw new Error('no memory import found to patch');
}
