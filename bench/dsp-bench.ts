/**
 * DSP benchmarks (issue 5): the 10-band EQ through the hot path, through the component path
 * (a real runtime worker call per block), the same algorithm in plain JavaScript, and a
 * memcpy of the same bytes; plus the per-block overhead of the hot-path runner (an empty
 * kernel). Numbers and ratios only; nothing here is asserted.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { buildPlugin } from '../sdk/build/build-plugin.ts';
import type { HotPathSpec } from '../src-main/audio/hot-path/abi.ts';
import { DspChain } from '../src-main/audio/hot-path/dsp-chain.ts';
import { HotPathStage } from '../src-main/audio/hot-path/hot-path-stage.ts';
import { compileTestKernels, specOf } from '../src-main/audio/hot-path/test-kernels/test-kernels.ts';
import type { ResourceRef } from '../src-main/runtime/protocol.ts';
import { RuntimeHarness } from '../src-main/runtime/testing/fixtures.ts';
import { eqSettings, LIVELY_BANDS } from '../plugins/eq/testing/settings.ts';
import { fmt, nsPerCall, summarise, timeEach } from './stats.ts';

const REPO = resolve(import.meta.dirname, '..');
const RATE = 48_000;
const CHANNELS = 2;
const BLOCK_SIZES = [128, 512, 4096];
const MAX_FRAMES = 4096;

export interface DspBenchRow {
  blockFrames: number;
  /** Frames per second. */
  fps: { hotPath: number; hotPathChain: number; component: number; plainJs: number; plainJsStereo: number; memcpy: number; memcpyShared: number };
  /**
   * Per-block cost of an empty kernel: the bare export call, through the stage, through a
   * one-stage chain fed the stage's own input buffer, and fed another buffer (a copy into
   * shared memory first); and a chain of two (the second stage costs a copy between the
   * two kernels' memories).
   */
  overheadNs: { kernelCall: number; stage: number; chainInPlace: number; chainWithCopy: number; twoStageChain: number };
  /** Median µs of one component-path block (worker round trip). */
  componentBlockUs: number;
}

export interface DspBenchResult {
  /** Garbage collections on this thread while the EQ chain ran `blocks` blocks of 128 frames (0 = nothing allocated per block). */
  allocation: { blocks: number; collections: number; baselineCollections: number };
  channels: number;
  sampleRate: number;
  kernelBytes: number;
  rows: DspBenchRow[];
}

/**
 * Calls `run` for ~50 ms, then yields for 50 ms: V8 first runs wasm on its baseline
 * compiler (Liftoff, several times slower with SIMD) and tiers hot functions up to
 * TurboFan on a background thread, which needs a moment on a loaded machine.
 */
async function warmUp(run: () => unknown): Promise<void> {
  const until = performance.now() + 50;
  while (performance.now() < until) run();
  await new Promise((resolve) => setTimeout(resolve, 50));
}

function startStage(spec: HotPathSpec, label: string): HotPathStage {
  const started = HotPathStage.fromSpec(spec, label, { sampleRate: RATE, channels: CHANNELS, maxFrames: MAX_FRAMES });
  if (!started.ok) throw new Error(started.reason);
  return started.stage;
}

/**
 * Frames per second of synchronous block operations: 9 rounds of ~20 ms each, taken in
 * turns so the machine's noise (it is shared) spreads over all of them; best round each.
 */
function framesPerSecond<K extends string>(frames: number, runs: Record<K, () => unknown>): Record<K, number> {
  const entries = Object.entries(runs) as [K, () => unknown][];
  const iterations = entries.map(([, run]) => {
    let count = 1;
    while (nsPerCall(count, 1, run) * count < 20e6 && count < 1 << 24) count *= 2;
    return count;
  });
  const best = entries.map(() => Number.POSITIVE_INFINITY);
  for (let round = 0; round < 9; round += 1) {
    entries.forEach(([, run], index) => {
      best[index] = Math.min(best[index] ?? Number.POSITIVE_INFINITY, nsPerCall(iterations[index] ?? 1, 1, run));
    });
  }
  return Object.fromEntries(entries.map(([key], index) => [key, (frames * 1e9) / (best[index] ?? Number.NaN)])) as Record<K, number>;
}

/**
 * The EQ's algorithm in plain JavaScript, on the coefficients of the kernel's init data,
 * from an input block to an output block like the kernel.
 */
export class PlainJsEq {
  private readonly coefs: Float32Array;
  private readonly state: Float64Array;
  private readonly preamp: number;
  readonly bands: number;

  constructor(
    initData: Uint8Array,
    private readonly channels: number,
  ) {
    const view = new DataView(initData.buffer, initData.byteOffset, initData.byteLength);
    this.bands = view.getUint32(0, true);
    this.preamp = view.getFloat32(4, true);
    this.coefs = new Float32Array(initData.slice(8).buffer);
    this.state = new Float64Array(this.bands * channels * 2);
  }

  /** The kernel's loop order: per channel, per frame, every band (any channel count). */
  process(input: Float32Array, output: Float32Array, frames: number): void {
    const { coefs, state, channels, bands, preamp } = this;
    for (let channel = 0; channel < channels; channel += 1) {
      for (let at = channel; at < frames * channels; at += channels) {
        let x = (input[at] as number) * preamp;
        for (let band = 0; band < bands; band += 1) {
          const c = band * 5;
          const z = (band * channels + channel) * 2;
          const y = (coefs[c] as number) * x + (state[z] as number);
          state[z] = (coefs[c + 1] as number) * x - (coefs[c + 3] as number) * y + (state[z + 1] as number);
          state[z + 1] = (coefs[c + 2] as number) * x - (coefs[c + 4] as number) * y;
          x = y;
        }
        output[at] = x;
      }
    }
  }

  /** The fastest JavaScript found for stereo: band by band, state and coefficients in locals. */
  processStereo(input: Float32Array, output: Float32Array, frames: number): void {
    const { coefs, state, bands, preamp } = this;
    const samples = frames * 2;
    for (let at = 0; at < samples; at += 1) output[at] = (input[at] as number) * preamp;
    for (let band = 0; band < bands; band += 1) {
      const c = band * 5;
      const [b0, b1, b2, a1, a2] = [coefs[c] as number, coefs[c + 1] as number, coefs[c + 2] as number, coefs[c + 3] as number, coefs[c + 4] as number];
      const z = band * 4;
      let [l1, l2, r1, r2] = [state[z] as number, state[z + 1] as number, state[z + 2] as number, state[z + 3] as number];
      for (let at = 0; at < samples; at += 2) {
        const xl = output[at] as number;
        const xr = output[at + 1] as number;
        const yl = b0 * xl + l1;
        const yr = b0 * xr + r1;
        l1 = b1 * xl - a1 * yl + l2;
        r1 = b1 * xr - a1 * yr + r2;
        l2 = b2 * xl - a2 * yl;
        r2 = b2 * xr - a2 * yr;
        output[at] = yl;
        output[at + 1] = yr;
      }
      state.set([l1, l2, r1, r2], z);
    }
  }
}

function signal(frames: number): Float32Array {
  return Float32Array.from({ length: frames * CHANNELS }, (_, index) => 0.5 * Math.sin(index / 7) + 0.1 * Math.sin(index / 3.1));
}

async function measureRow(blockFrames: number, eq: { spec: HotPathSpec; empty: HotPathSpec; call: (block: Float32Array) => Promise<unknown> }): Promise<DspBenchRow> {
  const samples = blockFrames * CHANNELS;
  const input = signal(blockFrames);
  const hot = startStage(eq.spec, 'org.fugue.eq/eq10');
  hot.input.set(input);
  await warmUp(() => hot.process(blockFrames));
  const chain = new DspChain([startStage(eq.spec, 'org.fugue.eq/eq10')], { sampleRate: RATE, channels: CHANNELS, maxFrames: MAX_FRAMES });
  const js = new PlainJsEq(eq.spec.initData, CHANNELS);
  const target = new Float32Array(samples);
  const fps = framesPerSecond(blockFrames, {
    hotPath: () => hot.process(blockFrames),
    hotPathChain: () => chain.process(input, blockFrames),
    plainJs: () => js.process(input, target, blockFrames),
    plainJsStereo: () => js.processStereo(input, target, blockFrames),
    memcpy: () => target.set(input),
    memcpyShared: () => hot.input.set(input),
  });
  await timeEach(20, () => eq.call(input));
  const componentBlockUs = summarise(await timeEach(blockFrames >= 4096 ? 100 : 300, () => eq.call(input))).medianUs;
  const empty = startStage(eq.empty, 'bench/empty');
  await warmUp(() => empty.process(blockFrames));
  const chained = startStage(eq.empty, 'bench/empty');
  const emptyChain = new DspChain([chained], { sampleRate: RATE, channels: CHANNELS, maxFrames: MAX_FRAMES });
  chained.input.set(input.subarray(0, samples));
  const pair = [startStage(eq.empty, 'bench/empty'), startStage(eq.empty, 'bench/empty')] as const;
  const pairChain = new DspChain(pair, { sampleRate: RATE, channels: CHANNELS, maxFrames: MAX_FRAMES });
  const overheadNs = {
    kernelCall: nsPerCall(1_000_000, 5, () => empty.kernel.process(blockFrames)),
    stage: nsPerCall(1_000_000, 5, () => empty.process(blockFrames)),
    chainInPlace: nsPerCall(1_000_000, 5, () => emptyChain.process(emptyChain.input ?? input, blockFrames)),
    chainWithCopy: nsPerCall(1_000_000, 5, () => emptyChain.process(input, blockFrames)),
    twoStageChain: nsPerCall(1_000_000, 5, () => pairChain.process(pair[0].input, blockFrames)),
  };
  for (const disposable of [hot, chain, empty, emptyChain, pairChain]) disposable.dispose();
  return { blockFrames, fps: { ...fps, component: (blockFrames * 1e6) / componentBlockUs }, overheadNs, componentBlockUs };
}

/** Garbage collections seen while `run` is called `times` times (the observer reports after a tick). */
async function collectionsDuring(times: number, run: () => unknown): Promise<number> {
  let collections = 0;
  const observer = new PerformanceObserver((list) => {
    collections += list.getEntries().length;
  });
  observer.observe({ entryTypes: ['gc'] });
  for (let i = 0; i < times; i += 1) run();
  await new Promise((resolve) => setTimeout(resolve, 20));
  observer.disconnect();
  return collections;
}

/** GCs while a one-kernel chain runs many blocks, against a loop that allocates a small array per block. */
async function measureAllocation(spec: HotPathSpec): Promise<DspBenchResult['allocation']> {
  const blocks = 200_000;
  const chain = new DspChain([startStage(spec, 'org.fugue.eq/eq10')], { sampleRate: RATE, channels: CHANNELS, maxFrames: MAX_FRAMES });
  const input = signal(128);
  chain.process(input, 128);
  const collections = await collectionsDuring(blocks, () => chain.process(input, 128));
  const baselineCollections = await collectionsDuring(blocks, () => input.subarray(0, 8));
  chain.dispose();
  return { blocks, collections, baselineCollections };
}

/** Builds the EQ, loads it in a runtime worker, and measures every path at 128, 512 and 4096 frames. */
export async function benchDsp(): Promise<DspBenchResult> {
  const harness = await RuntimeHarness.create();
  try {
    const built = await buildPlugin(join(REPO, 'plugins', 'eq'));
    const instance = await harness.load(new Uint8Array(await readFile(built.components[0]?.outPath ?? '')), 'dsp-plugin', 'org.fugue.eq');
    await instance.enable();
    await instance.call('settings', 'apply', ['eq10', eqSettings(LIVELY_BANDS, -3)]);
    const format = { sampleRate: RATE, channels: CHANNELS };
    const spec = (await instance.call('dsp', 'describe-hot-path', ['eq10', format, MAX_FRAMES])) as HotPathSpec;
    const processor = (await instance.call('dsp', 'create', ['eq10', format, MAX_FRAMES])) as ResourceRef;
    const kernels = await compileTestKernels();
    const empty = specOf(kernels.empty);
    const rows: DspBenchRow[] = [];
    // A discarded first round: right after loading a component, V8's background threads
    // are still busy and the first numbers come out several times too low.
    await measureRow(128, { spec, empty, call: (block) => instance.callMethod(processor, 'process', [block]) });
    for (const blockFrames of BLOCK_SIZES) {
      rows.push(await measureRow(blockFrames, { spec, empty, call: (block) => instance.callMethod(processor, 'process', [block]) }));
    }
    await instance.drop(processor);
    const allocation = await measureAllocation(spec);
    return { allocation, channels: CHANNELS, sampleRate: RATE, kernelBytes: spec.module.length, rows };
  } finally {
    await harness.dispose();
  }
}

const mfps = (fps: number): string => `${fmt(fps / 1e6, 1)} M`;

export function printDspBench(result: DspBenchResult, log: (line: string) => void): void {
  log(`DSP: 10-band EQ, ${result.channels} channels at ${result.sampleRate} Hz (kernel ${result.kernelBytes} bytes); frames/s, best of 9 rounds taken in turns (component: median of a worker call per block)`);
  for (const row of result.rows) {
    const { fps, overheadNs } = row;
    log(
      `  ${row.blockFrames} frames: hot path ${mfps(fps.hotPath)} (via chain ${mfps(fps.hotPathChain)}) | component ${mfps(fps.component)} (${fmt(row.componentBlockUs)} µs/block) | ` +
        `plain JS ${mfps(fps.plainJs)} (stereo-specialised ${mfps(fps.plainJsStereo)}) | memcpy ${mfps(fps.memcpy)} (into shared memory ${mfps(fps.memcpyShared)})`,
    );
    log(
      `    ratios: hot path / memcpy ${fmt(fps.hotPath / fps.memcpy, 3)}x (target ≥ 0.5), / plain JS ${fmt(fps.hotPath / fps.plainJs, 2)}x ` +
        `(stereo-specialised ${fmt(fps.hotPath / fps.plainJsStereo, 2)}x; target ≥ 2), / component ${fmt(fps.hotPath / fps.component, 1)}x`,
    );
    log(
      `    per-block overhead (empty kernel): export call ${fmt(overheadNs.kernelCall)} ns, stage ${fmt(overheadNs.stage)} ns, ` +
        `chain ${fmt(overheadNs.chainInPlace)} ns, chain with copy in ${fmt(overheadNs.chainWithCopy)} ns, two-stage chain ${fmt(overheadNs.twoStageChain)} ns (target ≤ 100 ns at 128)`,
    );
  }
  const { allocation } = result;
  log(`  allocation: ${allocation.collections} GCs in ${allocation.blocks} EQ chain blocks (a loop making one subarray per block: ${allocation.baselineCollections})`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  printDspBench(await benchDsp(), (line) => console.log(line));
}
