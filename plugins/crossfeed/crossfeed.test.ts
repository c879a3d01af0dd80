// The crossfeed through the real host: the component in a runtime worker (component path,
// describe-hot-path) and its kernel on the hot-path runner, compared sample for sample,
// and its response measured on tones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { buildPlugin } from '../../sdk/build/build-plugin.ts';
import type { ComponentInstance } from '../../src-main/runtime/component-instance.ts';
import type { ResourceRef } from '../../src-main/runtime/protocol.ts';
import { RuntimeHarness } from '../../src-main/runtime/testing/fixtures.ts';
import type { HotPathSpec } from '../../src-main/audio/hot-path/abi.ts';
import { HotPathStage } from '../../src-main/audio/hot-path/hot-path-stage.ts';
import { StageStatus } from '../../src-main/audio/hot-path/dsp-chain.ts';
import { crossfeedReference, PRESET_PARAMS } from './testing/reference.ts';

let harness: RuntimeHarness;
let crossfeed: ComponentInstance;
const RATE = 44_100;
const STEREO = { sampleRate: RATE, channels: 2 };

beforeAll(async () => {
  harness = await RuntimeHarness.create();
  const built = await buildPlugin(import.meta.dirname);
  crossfeed = await harness.load(new Uint8Array(await readFile(built.components[0]?.outPath ?? '')), 'dsp-plugin', 'org.fugue.crossfeed');
  await crossfeed.enable();
});
afterAll(async () => {
  await harness?.dispose();
});

type Preset = 'default' | 'cmoy' | 'jmeier';

function configure(preset: Preset | 'custom', cutoffHz = 700, feedDb = 4.5): Promise<unknown> {
  return crossfeed.call('settings', 'apply', [
    'crossfeed',
    [
      { key: 'preset', value: { tag: 'text', val: preset } },
      { key: 'cutoff_hz', value: { tag: 'number', val: cutoffHz } },
      { key: 'feed_db', value: { tag: 'number', val: feedDb } },
    ],
  ]);
}

async function hotPath(maxFrames: number): Promise<HotPathStage> {
  const spec = (await crossfeed.call('dsp', 'describe-hot-path', ['crossfeed', STEREO, maxFrames])) as HotPathSpec | undefined;
  if (spec === undefined) throw new Error('the crossfeed described no hot path');
  const started = HotPathStage.fromSpec(spec, 'org.fugue.crossfeed/crossfeed', { ...STEREO, maxFrames });
  if (!started.ok) throw new Error(started.reason);
  return started.stage;
}

function runHotPath(stage: HotPathStage, input: Float32Array, blockFrames: number): Float32Array {
  const output = new Float32Array(input.length);
  for (let start = 0; start < input.length; start += blockFrames * 2) {
    const block = input.subarray(start, Math.min(input.length, start + blockFrames * 2));
    stage.input.set(block);
    expect(stage.process(block.length / 2)).toBe(StageStatus.Ok);
    output.set(stage.output.subarray(0, block.length), start);
  }
  return output;
}

async function runComponent(processor: ResourceRef, input: Float32Array, blockFrames: number): Promise<Float32Array> {
  const output = new Float32Array(input.length);
  for (let start = 0; start < input.length; start += blockFrames * 2) {
    const block = input.slice(start, Math.min(input.length, start + blockFrames * 2));
    output.set((await crossfeed.callMethod(processor, 'process', [block])) as Float32Array, start);
  }
  return output;
}

function noise(frames: number, seed = 1): Float32Array {
  let state = seed;
  return Float32Array.from({ length: frames * 2 }, () => {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    return (state / 2 ** 32) * 1.6 - 0.8;
  });
}

/** One second of a 0.25 sine at `frequency` on the left, the right, or both channels. */
function sine(frequency: number, channels: 'left' | 'both'): Float32Array {
  return Float32Array.from({ length: RATE * 2 }, (_, index) => {
    if (channels === 'left' && index % 2 === 1) return 0;
    return 0.25 * Math.sin((2 * Math.PI * frequency * Math.floor(index / 2)) / RATE);
  });
}

/** RMS level in dB of one channel over the second half (after the filter settled). */
function levelDb(samples: Float32Array, channel: 0 | 1): number {
  let sum = 0;
  let count = 0;
  for (let index = samples.length / 2 + channel; index < samples.length; index += 2) {
    sum += (samples[index] as number) ** 2;
    count++;
  }
  return 10 * Math.log10(sum / count);
}

/** The cross signal's level at DC relative to the input, from bs2b's design equations. */
function crossAtDcDb(feedDb: number): number {
  const low = 10 ** (((feedDb * -5) / 6 - 3) / 20);
  const high = 1 - 10 ** ((feedDb / 6 - 3) / 20);
  return 20 * Math.log10(low / (1 - high + low));
}

const PRESETS: { preset: Preset; feedDb: number }[] = [
  { preset: 'default', feedDb: 4.5 },
  { preset: 'cmoy', feedDb: 6 },
  { preset: 'jmeier', feedDb: 9.5 },
];

describe('org.fugue.crossfeed', () => {
  it('gives the same samples on the hot path and the component path, and those of a JS bs2b', async () => {
    for (const { preset, blockFrames } of [
      { preset: 'default', blockFrames: 512 },
      { preset: 'jmeier', blockFrames: 7 },
      { preset: 'custom', blockFrames: 300 },
    ] as const) {
      expect(await configure(preset, 1_200, 3)).toBe('needs-recreate');
      const input = noise(3_001, blockFrames);
      const stage = await hotPath(blockFrames);
      const processor = (await crossfeed.call('dsp', 'create', ['crossfeed', STEREO, blockFrames])) as ResourceRef;
      const hot = runHotPath(stage, input, blockFrames);
      const component = await runComponent(processor, input, blockFrames);
      expect(hot.some((value, index) => value !== input[index])).toBe(true);
      const differing = hot.findIndex((value, index) => !Object.is(value, component[index]));
      expect(differing, `${preset}, blocks of ${blockFrames}: first difference at sample ${differing}`).toBe(-1);
      const params = preset === 'custom' ? { cutoffHz: 1_200, feedDb: 3 } : PRESET_PARAMS[preset];
      expect(hot).toEqual(crossfeedReference(input, params, RATE));
      stage.dispose();
      await crossfeed.drop(processor);
    }
  });

  it('feeds a left-only tone to the right ear at the feed level below 100 Hz, and far less above 3 kHz', async () => {
    for (const { preset, feedDb } of PRESETS) {
      await configure(preset);
      const stage = await hotPath(512);
      const input = sine(50, 'left');
      const low = runHotPath(stage, input, 512);
      // Right vs left is the preset's feed level; right vs the input is bs2b's DC cross gain.
      expect(Math.abs(levelDb(low, 0) - levelDb(low, 1) - feedDb), preset).toBeLessThan(0.1);
      expect(Math.abs(levelDb(low, 1) - levelDb(input, 0) - crossAtDcDb(feedDb)), preset).toBeLessThan(0.1);
      for (const frequency of [3_000, 10_000]) {
        stage.reset();
        const high = runHotPath(stage, sine(frequency, 'left'), 512);
        expect(levelDb(high, 0) - levelDb(high, 1), `${preset} at ${frequency} Hz`).toBeGreaterThan(feedDb + 14);
      }
      stage.dispose();
    }
  });

  it('keeps mono (L = R) content at its level: exact in the bass, at most 2 dB lower in the treble', async () => {
    for (const { preset } of PRESETS) {
      await configure(preset);
      const stage = await hotPath(512);
      for (const frequency of [50, 300, 1_000, 5_000, 15_000]) {
        stage.reset();
        const input = sine(frequency, 'both');
        const output = runHotPath(stage, input, 512);
        const change = levelDb(output, 0) - levelDb(input, 0);
        expect(levelDb(output, 1)).toBeCloseTo(levelDb(output, 0), 6);
        // bs2b normalises to unity at DC; its high-boost cannot fully restore the treble.
        if (frequency === 50) expect(Math.abs(change), preset).toBeLessThan(0.05);
        expect(change, `${preset} at ${frequency} Hz`).toBeLessThanOrEqual(0.01);
        expect(change, `${preset} at ${frequency} Hz`).toBeGreaterThan(-2);
      }
      stage.dispose();
    }
  });

  it('uses the custom cutoff and feed level only with the custom preset', async () => {
    const input = noise(2_048);
    const outputs: Float32Array[] = [];
    for (const [preset, cutoff, feed] of [
      ['default', 1_500, 12],
      ['custom', 700, 4.5],
      ['custom', 1_500, 12],
    ] as const) {
      await configure(preset, cutoff, feed);
      const stage = await hotPath(512);
      outputs.push(runHotPath(stage, input, 512));
      stage.dispose();
    }
    expect(outputs[1]).toEqual(outputs[0]);
    expect(outputs[2]).not.toEqual(outputs[0]);
  });

  it('forgets its state on reset, on both paths', async () => {
    await configure('cmoy');
    const stage = await hotPath(256);
    const processor = (await crossfeed.call('dsp', 'create', ['crossfeed', STEREO, 256])) as ResourceRef;
    const impulse = new Float32Array(512);
    impulse[0] = 1;
    const first = runHotPath(stage, impulse, 256);
    // The impulse leaks into the right channel through the low-pass.
    expect(first[1]).toBeGreaterThan(0);
    runHotPath(stage, noise(256), 256);
    expect(stage.reset()).toBe(true);
    expect(runHotPath(stage, impulse, 256)).toEqual(first);
    await runComponent(processor, noise(256), 256);
    await crossfeed.callMethod(processor, 'reset');
    expect(await runComponent(processor, impulse, 256)).toEqual(first);
    stage.dispose();
    await crossfeed.drop(processor);
  });

  it('asks for a reset after a NaN instead of going silent for good, on both paths', async () => {
    await configure('default');
    const stage = await hotPath(256);
    const poisoned = noise(256);
    poisoned[10] = Number.NaN;
    stage.input.set(poisoned);
    expect(stage.process(256)).toBe(StageStatus.NeedsReset);
    expect(stage.reset()).toBe(true);
    expect(runHotPath(stage, noise(256), 256).every(Number.isFinite)).toBe(true);
    const processor = (await crossfeed.call('dsp', 'create', ['crossfeed', STEREO, 256])) as ResourceRef;
    await runComponent(processor, poisoned, 256);
    expect((await runComponent(processor, noise(256), 256)).every(Number.isFinite)).toBe(true);
    stage.dispose();
    await crossfeed.drop(processor);
  });

  it('handles stereo only: no hot path and a clear refusal for other layouts', async () => {
    for (const channels of [1, 6]) {
      const format = { sampleRate: RATE, channels };
      expect(await crossfeed.call('dsp', 'describe-hot-path', ['crossfeed', format, 256])).toBeUndefined();
      await expect(crossfeed.call('dsp', 'create', ['crossfeed', format, 256])).rejects.toMatchObject({
        message: expect.stringContaining(`crossfeed needs stereo audio (2 channels), got ${channels}`),
      });
    }
  });

  it('refuses settings it cannot use, saying which, and keeps the old ones', async () => {
    await configure('custom', 900, 5);
    const refused = [
      [{ key: 'preset', value: { tag: 'text', val: 'speakers' } }, 'preset must be default, cmoy, jmeier or custom'],
      [{ key: 'cutoff_hz', value: { tag: 'number', val: 5_000 } }, 'cutoff_hz must be between 300 and 2000 Hz'],
      [{ key: 'feed_db', value: { tag: 'number', val: 0 } }, 'feed_db must be between 1 and 15 dB'],
      [{ key: 'level', value: { tag: 'number', val: 1 } }, 'unknown setting level'],
    ] as const;
    for (const [setting, message] of refused) {
      await expect(crossfeed.call('settings', 'apply', ['crossfeed', [{ key: 'feed_db', value: { tag: 'number', val: 12 } }, setting]])).rejects.toMatchObject({
        message: expect.stringContaining(message),
      });
    }
    // feed_db 12 came before each refused value and was not kept either.
    const input = noise(1_024);
    const kept = await hotPath(512);
    const before = runHotPath(kept, input, 512);
    kept.dispose();
    await configure('custom', 900, 5);
    const fresh = await hotPath(512);
    expect(runHotPath(fresh, input, 512)).toEqual(before);
    fresh.dispose();
  });
});
