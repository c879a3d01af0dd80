/**
 * AssemblyScript compilation of a component's core module, in-process on worker threads
 * (see asc-worker.mjs), with an `afterCompile` transform renaming exports to the canonical
 * ABI names asc cannot spell.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export interface CoreCompileOptions {
  /** Directory paths in `entry` and `abortHandler` are relative to. */
  baseDir: string;
  /** The generated `component.ts`, relative to `baseDir`. */
  entry: string;
  /** AssemblyScript export name → canonical export name. */
  exportRenames: Record<string, string>;
  /** Internal path of the abort replacement, e.g. `assembly/generated/main/rt/abortHandler`. */
  abortHandler: string;
  /** Cap on the module's memory, in MiB (the host enforces its own cap too). */
  maxMemoryMb: number;
  /** `-O3` release build (default) or a quick debug build. */
  optimize?: boolean;
}

export interface CoreCompileResult {
  wasm: Uint8Array;
  milliseconds: number;
}

type WorkerResult = { ok: true; wasm: Uint8Array } | { ok: false; message: string };

const PAGE_BYTES = 64 * 1024;

/** The asc command line for a component core module. */
export function ascArguments(options: CoreCompileOptions): string[] {
  const pages = Math.ceil((options.maxMemoryMb * 1024 * 1024) / PAGE_BYTES);
  return [
    options.entry,
    '--baseDir', options.baseDir,
    '--outFile', 'component.core.wasm',
    // Frees memory (stub never does; minimal only on explicit collect).
    '--runtime', 'incremental',
    // Top-level initialisers run from `_initialize`, which the component calls at start.
    '--exportStart', '_initialize',
    // wit-component rejects the default `env.abort` import.
    '--use', `abort=${options.abortHandler}`,
    '--maximumMemory', String(pages),
    '--noColors',
    ...(options.optimize === false ? ['--debug'] : ['-O3']),
  ];
}

/** A small pool of compiler workers, created on first use, idle ones not keeping the process alive. */
class CompilerPool {
  private readonly idle: Worker[] = [];
  private readonly queue: { job: unknown; resolve: (result: WorkerResult) => void; reject: (error: Error) => void }[] = [];
  private count = 0;
  private nextId = 0;

  constructor(private readonly size: number) {}

  run(job: unknown): Promise<WorkerResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.count < this.size ? this.spawn() : undefined);
      const task = worker && this.queue.shift();
      if (worker === undefined || task === undefined) return;
      const id = this.nextId++;
      worker.ref();
      const onMessage = (message: { id: number; result: WorkerResult }): void => {
        if (message.id !== id) return;
        cleanup();
        worker.unref();
        this.idle.push(worker);
        task.resolve(message.result);
        this.pump();
      };
      const onError = (error: Error): void => {
        cleanup();
        this.count -= 1;
        task.reject(error);
        this.pump();
      };
      const cleanup = (): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.postMessage({ id, job: task.job });
    }
  }

  private spawn(): Worker {
    this.count += 1;
    const worker = new Worker(new URL('./asc-worker.mjs', import.meta.url));
    worker.unref();
    return worker;
  }
}

const pool = new CompilerPool(Math.max(1, Math.min(2, availableParallelism())));

/** Compiles a generated component entry to a core wasm module with canonical export names. */
export async function compileCore(options: CoreCompileOptions): Promise<CoreCompileResult> {
  const started = performance.now();
  const result = await pool.run({ argv: ascArguments(options), renames: options.exportRenames });
  if (!result.ok) throw new Error(`AssemblyScript compilation of ${options.entry} failed:\n${result.message}`);
  return { wasm: new Uint8Array(result.wasm), milliseconds: performance.now() - started };
}

export interface KernelCompileOptions {
  /** Directory `entry` is relative to (the plugin project). */
  baseDir: string;
  /** The kernel source, e.g. `kernels/eq.ts`. */
  entry: string;
  /** The declared maximum of the imported shared memory, in 64 KiB pages. */
  maxMemoryPages: number;
}

/** The default memory maximum a kernel declares: 16 MiB, enough for 8192 frames × 32 channels in and out. */
export const KERNEL_MAX_MEMORY_PAGES = 256;

/**
 * The asc command line for a hot-path kernel (ABI v1): a core module that imports only a
 * shared `env.memory`, allocates nothing (stub runtime) and checks nothing it need not.
 */
export function kernelAscArguments(options: KernelCompileOptions): string[] {
  return [
    options.entry,
    '--baseDir', options.baseDir,
    '--outFile', 'kernel.wasm',
    '--importMemory', '--sharedMemory',
    '--maximumMemory', String(options.maxMemoryPages),
    '--enable', 'threads', '--enable', 'simd',
    '--runtime', 'stub',
    // No `env.abort` import: a failed check traps (`unreachable`) instead.
    '--use', 'abort=',
    '--noAssert', '-O3', '--noColors',
  ];
}

/** Compiles a hot-path kernel source to a core module. */
export async function compileKernelModule(options: KernelCompileOptions): Promise<CoreCompileResult> {
  const started = performance.now();
  const result = await pool.run({ argv: kernelAscArguments(options), renames: {} });
  if (!result.ok) throw new Error(`AssemblyScript compilation of the hot-path kernel ${options.entry} failed:\n${result.message}`);
  return { wasm: new Uint8Array(result.wasm), milliseconds: performance.now() - started };
}
