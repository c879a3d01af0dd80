// The WAV recorder in the real host runtime: built from source, loaded into a sandboxed
// component worker, writing into its own data folder. The files it makes are read back
// by ffmpeg, and the samples compared with what was written.
import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlugin } from '../../sdk/build/build-plugin.ts';
import type { ComponentInstance } from '../../src-main/runtime/component-instance.ts';
import { RuntimeHarness } from '../../src-main/runtime/testing/fixtures.ts';

type SinkRef = { $resource: number; type: string };

const PLUGIN_ID = 'org.fugue.wav-recorder';
let harness: RuntimeHarness;
let plugin: ComponentInstance;

beforeAll(async () => {
  const [component] = (await buildPlugin(import.meta.dirname)).components;
  if (component === undefined) throw new Error('the wav-recorder plugin built no component');
  harness = await RuntimeHarness.create();
  plugin = await harness.load(new Uint8Array(await readFile(component.outPath)), 'output-sink-plugin', PLUGIN_ID);
  await plugin.enable();
});
afterAll(() => harness?.dispose());

/** Interleaved stereo: a sine on the left, awkward float values (tiny, negative zero, clipping) on the right. */
function signal(frames: number, from = 0): Float32Array {
  const samples = new Float32Array(frames * 2);
  for (let frame = 0; frame < frames; frame++) {
    const t = from + frame;
    samples[frame * 2] = Math.fround(0.6 * Math.sin((2 * Math.PI * 441 * t) / 48_000));
    samples[frame * 2 + 1] = [1e-38, -0, 1.5, -1.25, 0.1][t % 5] as number;
  }
  return samples;
}

async function recordings(): Promise<string[]> {
  return (await readdir(harness.dataDir(PLUGIN_ID))).filter((name) => name.endsWith('.wav')).sort();
}

async function record(blocks: Float32Array[]): Promise<string> {
  const before = new Set(await recordings());
  const sink = (await plugin.call('output-sink', 'open', ['wav-recorder', undefined, { sampleRate: 48_000, channels: 2 }])) as SinkRef;
  for (const block of blocks) expect(await plugin.callMethod(sink, 'write', [block])).toBe(block.length / 2);
  await plugin.callMethod(sink, 'drain');
  expect(await plugin.callMethod(sink, 'queued-frames')).toBe(0);
  await plugin.drop(sink);
  const made = (await recordings()).filter((name) => !before.has(name));
  expect(made).toHaveLength(1);
  return join(harness.dataDir(PLUGIN_ID), made[0] as string);
}

/** What ffmpeg reads from a file, as raw little-endian samples of `format`. */
function ffmpegRaw(path: string, format: 'f32le' | 's16le'): Buffer {
  return execFileSync('ffmpeg', ['-v', 'error', '-i', path, '-f', format, '-acodec', `pcm_${format}`, '-'], { maxBuffer: 64 * 1024 * 1024 });
}

describe('org.fugue.wav-recorder in the real runtime', () => {
  it('lists its one target: a file in its data folder', async () => {
    expect(await plugin.call('output-sink', 'list-targets')).toEqual([expect.objectContaining({ id: 'data-folder', isDefault: true, maxChannels: 32 })]);
    expect(await plugin.call('output-sink', 'describe-hot-path', ['wav-recorder', { sampleRate: 48_000, channels: 2 }, 512])).toBeUndefined();
  });

  it('records 32-bit float bit-exact, into a timestamped file ffmpeg reads', async () => {
    const blocks = [signal(4096), signal(1, 4096), signal(10_000, 4097)];
    const path = await record(blocks);
    expect(path).toMatch(/recording-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ(-\d+)?\.wav$/);
    const written = new Float32Array(blocks.reduce((sum, block) => sum + block.length, 0));
    let at = 0;
    for (const block of blocks) {
      written.set(block, at);
      at += block.length;
    }
    const decoded = ffmpegRaw(path, 'f32le');
    expect(Buffer.compare(decoded, Buffer.from(written.buffer))).toBe(0);
    const file = await readFile(path);
    expect(file.readUInt16LE(20)).toBe(3); // WAVE_FORMAT_IEEE_FLOAT
    expect(file.length).toBe(58 + written.byteLength);
  });

  it('records 16-bit PCM when the setting says so, and a second recording gets its own file', async () => {
    expect(await plugin.call('settings', 'apply', ['wav-recorder', [{ key: 'sample_format', value: { tag: 'text', val: 'pcm16' } }]])).toBe('applied');
    try {
      const block = signal(3000);
      const first = await record([block]);
      const second = await record([block]);
      expect(second).not.toBe(first);
      const decoded = new Int16Array(new Uint8Array(ffmpegRaw(second, 's16le')).buffer);
      const expected = Int16Array.from(block, (value) => Math.max(-32768, Math.min(32767, Math.round(value * 32768))));
      expect(decoded).toEqual(expected);
    } finally {
      await plugin.call('settings', 'apply', ['wav-recorder', [{ key: 'sample_format', value: { tag: 'text', val: 'float32' } }]]);
    }
  });

  it('stays within the first-party budgets: component ≤ 2 MB, ≤ 10 MB of wasm memory per instance', async () => {
    const [component] = (await buildPlugin(import.meta.dirname)).components;
    expect(component?.bytes).toBeLessThanOrEqual(2 * 1024 * 1024);
    await record([signal(48_000)]);
    const { memoryBytes } = plugin.metrics();
    expect(memoryBytes).toBeLessThanOrEqual(10 * 1024 * 1024);
  });

  it('refuses a target it does not have and a sample format it does not know', async () => {
    await expect(plugin.call('output-sink', 'open', ['wav-recorder', 'hdmi', { sampleRate: 48_000, channels: 2 }])).rejects.toMatchObject({ pluginCode: 'not-found' });
    await expect(plugin.call('settings', 'apply', ['wav-recorder', [{ key: 'sample_format', value: { tag: 'text', val: 'mp3' } }]])).rejects.toMatchObject({
      pluginCode: 'invalid-argument',
    });
  });
});
