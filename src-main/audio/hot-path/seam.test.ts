// The chain behind the audio worker's DSP seam, and the watchdog that finds a kernel that
// never returns — in a real thread running real kernels.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { ChainProgress } from './dsp-chain.ts';
import { createDspStages, type ChainSeamStage } from './seam.ts';
import { behavingInitData, compileTestKernels, KernelMode, specOf, type TestKernelName } from './test-kernels/test-kernels.ts';
import { ChainWatchdog, type StuckStage } from './watchdog.ts';

let kernels: Record<TestKernelName, Uint8Array>;
const workers: Worker[] = [];

beforeAll(async () => {
  kernels = await compileTestKernels();
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.terminate()));
});

function kernel(label: string, mode: number, failAt = 0, abiVersion = 1): { label: string; spec: ReturnType<typeof specOf> } {
  return { label, spec: specOf(kernels.behaving, behavingInitData(mode, failAt), abiVersion) };
}

/** Starts a thread running the chain of `config` forever (see test-kernels/chain-worker.ts). */
function startChainThread(config: unknown): Worker {
  const entry = new URL('./test-kernels/chain-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const source = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  const worker = new Worker(source, { eval: true, workerData: { config } });
  workers.push(worker);
  return worker;
}

describe('createDspStages (the audio worker seam)', () => {
  it('runs accepted kernels in place and lists the refused ones with their reasons', async () => {
    const config = { kernels: [kernel('org.test/a', KernelMode.Copy), kernel('org.test/v2', KernelMode.Copy, 0, 2), kernel('org.test/fails', KernelMode.ErrorCode, 1)] };
    const [stage] = (await createDspStages(config, { sampleRate: 44_100, channels: 2 }, 1024)) as ChainSeamStage[];
    if (stage === undefined) throw new Error('no stage');
    expect(stage.refused).toEqual(['org.test/v2: hot-path kernel refused: it declares hot-path ABI version 2; this host runs version 1']);
    const block = Float32Array.from({ length: 2048 }, (_, index) => index / 2048);
    const expected = block.slice();
    stage.process(block, 1024);
    stage.process(block, 512);
    expect(Array.from(block)).toEqual(Array.from(expected));
    expect(stage.takeEvents().events).toMatchObject([{ kind: 'bypassed', stage: 'org.test/fails', index: 1, block: 1 }]);
    stage.dispose();
  });

  it('rejects a config that is not one', () => {
    expect(() => createDspStages({ kernels: [{ label: 'x' }] }, { sampleRate: 48_000, channels: 2 }, 256)).toThrow(/hot-path chain config is not valid/);
  });
});

describe('ChainWatchdog', () => {
  it('names the kernel that never returns, so its thread can be replaced without it', async () => {
    const progress = new SharedArrayBuffer(8);
    const worker = startChainThread({ kernels: [kernel('org.test/fine', KernelMode.Copy), kernel('org.test/hangs', KernelMode.Hang, 50)], progress });
    const stuck = await new Promise<StuckStage>((resolve, reject) => {
      worker.once('error', reject);
      const watchdog = new ChainWatchdog(new Int32Array(progress), { stallMs: 200, onStuck: resolve });
      worker.once('exit', () => watchdog.dispose());
    });
    expect(stuck).toMatchObject({ index: 1, blocks: 50 });
    await worker.terminate();
    const counters = new Int32Array(progress);
    expect(Atomics.load(counters, ChainProgress.Running)).toBe(2);
  });

  it('does not fire while no stage is running (paused playback)', async () => {
    const progress = new Int32Array(new SharedArrayBuffer(8));
    progress[ChainProgress.Blocks] = 7;
    let fired = false;
    const watchdog = new ChainWatchdog(progress, { stallMs: 20, pollMs: 5, onStuck: () => (fired = true) });
    await new Promise((resolve) => setTimeout(resolve, 100));
    watchdog.dispose();
    expect(fired).toBe(false);
  });
});
