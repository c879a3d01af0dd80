// The 10-band EQ through the real host: the component in a runtime worker (component path,
// describe-hot-path) and its kernel on the hot-path runner, compared sample for sample.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { buildPlugin } from '../../sdk/build/build-plugin.ts';
import type { ComponentInstance } from '../../src-main/runtime/component-instance.ts';
import type { ResourceRef } from '../../src-main/runtime/protocol.ts';
import { RuntimeHarness } from '../../src-main/runtime/testing/fixtures.ts';
import type { HotPathSpec } from '../../src-main/audio/hot-path/abi.ts';
import { HotPathStage } from '../../src-main/audio/hot-path/hot-path-stage.ts';
import { StageStatus } from '../../src-main/audio/hot-path/dsp-chain.ts';
import { eqSettings, LIVELY_BANDS as lively, type BandSetting } from './testing/settings.ts';

let harness: RuntimeHarness;
let eq: ComponentInstance;
const RATE = 48_000;

beforeAll(async () => {
  harness = await RuntimeHarness.create();
  const built = await buildPlugin(import.meta.dirname);
  eq = await harness.load(new Uint8Array(await readFile(built.components[0]?.outPath ?? '')), 'dsp-plugin', 'org.fugue.eq');
  await eq.enable();
});
afterAll(async () => {
  await harness?.dispose();
});

/** Applies a configuration: unspecified bands go back to their defaults (0 dB). */
function configure(bands: Record<number, BandSetting>, preampDb = 0): Promise<unknown> {
  return eq.call('settings', 'apply', ['eq10', eqSettings(bands, preampDb)]);
}

async function hotPath(channels: number, maxFrames: number): Promise<HotPathStage> {
  const spec = (await eq.call('dsp', 'describe-hot-path', ['eq10', { sampleRate: RATE, channels }, maxFrames])) as HotPathSpec | undefined;
  if (spec === undefined) throw new Error('the EQ described no hot path');
  const started = HotPathStage.fromSpec(spec, 'org.fugue.eq/eq10', { sampleRate: RATE, channels, maxFrames });
  if (!started.ok) throw new Error(started.reason);
  return started.stage;
}

function runHotPath(stage: HotPathStage, input: Float32Array, channels: number, blockFrames: number): Float32Array {
  const output = new Float32Array(input.length);
  for (let start = 0; start < input.length; start += blockFrames * channels) {
    const block = input.subarray(start, Math.min(input.length, start + blockFrames * channels));
    stage.input.set(block);
    expect(stage.process(block.length / channels)).toBe(StageStatus.Ok);
    output.set(stage.output.subarray(0, block.length), start);
  }
  return output;
}

async function runComponent(processor: ResourceRef, input: Float32Array, channels: number, blockFrames: number): Promise<Float32Array> {
  const output = new Float32Array(input.length);
  for (let start = 0; start < input.length; start += blockFrames * channels) {
    const block = input.slice(start, Math.min(input.length, start + blockFrames * channels));
    output.set((await eq.callMethod(processor, 'process', [block])) as Float32Array, start);
  }
  return output;
}

function noise(frames: number, channels: number, seed = 1): Float32Array {
  let state = seed;
  return Float32Array.from({ length: frames * channels }, () => {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    return (state / 2 ** 32) * 1.6 - 0.8;
  });
}

function sine(frequency: number, frames: number, channels: number): Float32Array {
  return Float32Array.from({ length: frames * channels }, (_, index) => 0.25 * Math.sin((2 * Math.PI * frequency * Math.floor(index / channels)) / RATE));
}

/** RMS level in dB of the second half (after the filter settled). */
function levelDb(samples: Float32Array): number {
  const tail = samples.subarray(samples.length >> 1);
  return 10 * Math.log10(tail.reduce((sum, value) => sum + value * value, 0) / tail.length);
}

describe('org.fugue.eq', () => {
  it('gives the same samples on the hot path and the component path', async () => {
    // 10 and 9 active bands (the kernel pairs bands), blocks longer and shorter than its
    // pipeline, and 1, 2, 3, 4 and 6 channels (every SIMD lane width).
    const cases = [
      { bands: lively, blockFrames: 512, channels: [2, 1, 3, 4, 6] },
      { bands: { ...lively, 5: { gain_db: 0 } }, blockFrames: 7, channels: [2, 1, 6] },
    ];
    for (const { bands, blockFrames, channels: counts } of cases) {
      expect(await configure(bands, -3)).toBe('needs-recreate');
      for (const channels of counts) {
        const input = noise(1500, channels, channels);
        const stage = await hotPath(channels, blockFrames);
        const processor = (await eq.call('dsp', 'create', ['eq10', { sampleRate: RATE, channels }, blockFrames])) as ResourceRef;
        const hot = runHotPath(stage, input, channels, blockFrames);
        const component = await runComponent(processor, input, channels, blockFrames);
        expect(hot.some((value, index) => value !== input[index])).toBe(true);
        const differing = hot.findIndex((value, index) => value !== component[index]);
        expect(differing, `${channels} channels, blocks of ${blockFrames}: first difference at sample ${differing}`).toBe(-1);
        stage.dispose();
        await eq.drop(processor);
      }
    }
  });

  it('is transparent at 0 dB (bit-exact)', async () => {
    await configure({});
    const input = noise(4096, 2);
    const stage = await hotPath(2, 1024);
    expect(Array.from(runHotPath(stage, input, 2, 1024)).every((value, index) => value === input[index])).toBe(true);
    const processor = (await eq.call('dsp', 'create', ['eq10', { sampleRate: RATE, channels: 2 }, 1024])) as ResourceRef;
    expect(Array.from(await runComponent(processor, input, 2, 1024)).every((value, index) => value === input[index])).toBe(true);
    stage.dispose();
    await eq.drop(processor);
  });

  it('raises a 1 kHz tone by 12 dB with a +12 dB peak at 1 kHz, and leaves 100 Hz alone', async () => {
    await configure({ 6: { gain_db: 12 } });
    const stage = await hotPath(2, 512);
    const at1k = sine(1000, RATE, 2);
    const boost = levelDb(runHotPath(stage, at1k, 2, 512)) - levelDb(at1k);
    expect(Math.abs(boost - 12)).toBeLessThan(0.1);
    stage.reset();
    const at100 = sine(100, RATE, 2);
    expect(Math.abs(levelDb(runHotPath(stage, at100, 2, 512)) - levelDb(at100))).toBeLessThan(0.5);
    stage.dispose();
  });

  it('forgets its state on reset, on both paths', async () => {
    await configure(lively);
    const stage = await hotPath(2, 256);
    const processor = (await eq.call('dsp', 'create', ['eq10', { sampleRate: RATE, channels: 2 }, 256])) as ResourceRef;
    const impulse = new Float32Array(512);
    impulse[0] = 1;
    impulse[1] = -1;
    const first = runHotPath(stage, impulse, 2, 256);
    runHotPath(stage, noise(256, 2), 2, 256);
    expect(stage.reset()).toBe(true);
    expect(Array.from(runHotPath(stage, impulse, 2, 256))).toEqual(Array.from(first));
    await runComponent(processor, noise(256, 2), 2, 256);
    await eq.callMethod(processor, 'reset');
    expect(Array.from(await runComponent(processor, impulse, 2, 256))).toEqual(Array.from(first));
    stage.dispose();
    await eq.drop(processor);
  });

  it('asks for a reset after a NaN instead of going silent for good, on both paths', async () => {
    await configure(lively);
    const stage = await hotPath(2, 256);
    const poisoned = noise(256, 2);
    poisoned[10] = Number.NaN;
    stage.input.set(poisoned);
    expect(stage.process(256)).toBe(StageStatus.NeedsReset);
    expect(stage.reset()).toBe(true);
    expect(runHotPath(stage, noise(256, 2), 2, 256).every(Number.isFinite)).toBe(true);
    const processor = (await eq.call('dsp', 'create', ['eq10', { sampleRate: RATE, channels: 2 }, 256])) as ResourceRef;
    await runComponent(processor, poisoned, 2, 256);
    expect((await runComponent(processor, noise(256, 2), 2, 256)).every(Number.isFinite)).toBe(true);
    stage.dispose();
    await eq.drop(processor);
  });

  it('refuses settings it cannot use, saying which', async () => {
    await expect(eq.call('settings', 'apply', ['eq10', [{ key: 'band3_type', value: { tag: 'text', val: 'bandstop' } }]])).rejects.toMatchObject({
      message: expect.stringContaining('band3_type must be peaking, lowshelf, highshelf, lowpass or highpass'),
    });
    await expect(eq.call('settings', 'apply', ['eq10', [{ key: 'band11_q', value: { tag: 'number', val: 1 } }]])).rejects.toMatchObject({
      message: expect.stringContaining('unknown setting band11_q'),
    });
    expect(await eq.call('dsp', 'describe-hot-path', ['echo', { sampleRate: RATE, channels: 2 }, 256])).toBeUndefined();
  });
});
