// The gain and balance effect through the real host: the component in a runtime worker
// and its kernel on the hot-path runner give the same samples.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { buildPlugin } from '../../sdk/build/build-plugin.ts';
import type { ComponentInstance } from '../../src-main/runtime/component-instance.ts';
import type { ResourceRef } from '../../src-main/runtime/protocol.ts';
import { RuntimeHarness } from '../../src-main/runtime/testing/fixtures.ts';
import type { HotPathSpec } from '../../src-main/audio/hot-path/abi.ts';
import { HotPathStage } from '../../src-main/audio/hot-path/hot-path-stage.ts';
import { StageStatus } from '../../src-main/audio/hot-path/dsp-chain.ts';

let harness: RuntimeHarness;
let gain: ComponentInstance;
const RATE = 44_100;

beforeAll(async () => {
  harness = await RuntimeHarness.create();
  const built = await buildPlugin(import.meta.dirname);
  gain = await harness.load(new Uint8Array(await readFile(built.components[0]?.outPath ?? '')), 'dsp-plugin', 'org.fugue.gain');
  await gain.enable();
});
afterAll(async () => {
  await harness?.dispose();
});

function configure(gainDb: number, balance = 0, invert = false): Promise<unknown> {
  return gain.call('settings', 'apply', [
    'gain',
    [
      { key: 'gain_db', value: { tag: 'number', val: gainDb } },
      { key: 'balance', value: { tag: 'number', val: balance } },
      { key: 'invert_polarity', value: { tag: 'boolean', val: invert } },
    ],
  ]);
}

/** Both paths over the same blocks: [hot path output, component output]. */
async function bothPaths(input: Float32Array, channels: number, blockFrames: number): Promise<[Float32Array, Float32Array]> {
  const format = { sampleRate: RATE, channels };
  const spec = (await gain.call('dsp', 'describe-hot-path', ['gain', format, blockFrames])) as HotPathSpec;
  const started = HotPathStage.fromSpec(spec, 'org.fugue.gain/gain', { ...format, maxFrames: blockFrames });
  if (!started.ok) throw new Error(started.reason);
  const processor = (await gain.call('dsp', 'create', ['gain', format, blockFrames])) as ResourceRef;
  const hot = new Float32Array(input.length);
  const component = new Float32Array(input.length);
  for (let start = 0; start < input.length; start += blockFrames * channels) {
    const block = input.slice(start, Math.min(input.length, start + blockFrames * channels));
    started.stage.input.set(block);
    expect(started.stage.process(block.length / channels)).toBe(StageStatus.Ok);
    hot.set(started.stage.output.subarray(0, block.length), start);
    component.set((await gain.callMethod(processor, 'process', [block])) as Float32Array, start);
  }
  started.stage.dispose();
  await gain.drop(processor);
  return [hot, component];
}

const ramp = (samples: number): Float32Array => Float32Array.from({ length: samples }, (_, index) => Math.sin(index * 0.37) * 0.9);

describe('org.fugue.gain', () => {
  it('gives the same samples on both paths for any channel count and block size', async () => {
    expect(await configure(-3.5, 0.3)).toBe('needs-recreate');
    for (const channels of [1, 2, 3, 4, 6]) {
      const input = ramp(channels * 1001);
      const [hot, component] = await bothPaths(input, channels, 333);
      expect(Array.from(hot), `${channels} channels`).toEqual(Array.from(component));
      expect(hot[1]).not.toBe(input[1]);
    }
  });

  it('is transparent at 0 dB, halves at -6.02 dB, pans and inverts', async () => {
    const input = ramp(2 * 64);
    await configure(0);
    expect(Array.from((await bothPaths(input, 2, 64))[0])).toEqual(Array.from(input));
    await configure(-6.020599913279624);
    const [halved] = await bothPaths(input, 2, 64);
    halved.forEach((value, index) => expect(value).toBeCloseTo((input[index] ?? 0) / 2, 6));
    await configure(0, -1, true);
    const [left] = await bothPaths(input, 2, 64);
    expect(left.filter((_, index) => index % 2 === 1).every((value) => value === 0)).toBe(true);
    expect(Array.from(left.filter((_, index) => index % 2 === 0))).toEqual(Array.from(input.filter((_, index) => index % 2 === 0), (value) => -value));
  });

  it('refuses settings it cannot use, saying which', async () => {
    await expect(gain.call('settings', 'apply', ['gain', [{ key: 'balance', value: { tag: 'number', val: 2 } }]])).rejects.toMatchObject({
      message: expect.stringContaining('balance must be between -1 (left) and 1 (right)'),
    });
    await expect(gain.call('settings', 'apply', ['gain', [{ key: 'volume', value: { tag: 'number', val: 1 } }]])).rejects.toMatchObject({
      message: expect.stringContaining('unknown setting volume'),
    });
  });
});
