// The WAV/AIFF plugin in the real host runtime: built from source, loaded into a component
// worker, reading a granted file through the host's input-stream, decoding it bit-exact
// against ffmpeg and seeking to the exact frame.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { buildPlugin } from '../../sdk/build/build-plugin.ts';
import { RuntimeHarness } from '../../src-main/runtime/testing/fixtures.ts';
import type { ComponentInstance } from '../../src-main/runtime/component-instance.ts';
import { ffmpegReference, firstDifference, MediaDir, type StreamInfo } from './testing/media.ts';

type SessionRef = { $resource: number; type: string };

let harness: RuntimeHarness;
let media: MediaDir;
let plugin: ComponentInstance;
let componentBytes: number;

beforeAll(async () => {
  const built = await buildPlugin(import.meta.dirname);
  const [component] = built.components;
  if (component === undefined) throw new Error('the wav plugin built no component');
  componentBytes = component.bytes;
  harness = await RuntimeHarness.create();
  media = await MediaDir.create();
  plugin = await harness.load(new Uint8Array(await readFile(component.outPath)), 'decoder-plugin', 'org.fugue.wav');
  await plugin.enable();
});
afterAll(async () => {
  await harness?.dispose();
  await media?.dispose();
});

async function decodeThroughHost(session: SessionRef, blockFrames: number): Promise<Float32Array> {
  const blocks: Float32Array[] = [];
  for (;;) {
    const block = (await plugin.callMethod(session, 'read', [blockFrames])) as Float32Array;
    if (block.length === 0) break;
    blocks.push(block);
  }
  const out = new Float32Array(blocks.reduce((sum, block) => sum + block.length, 0));
  let at = 0;
  for (const block of blocks) {
    out.set(block, at);
    at += block.length;
  }
  return out;
}

describe('org.fugue.wav in the real runtime', () => {
  it('decodes a granted 24-bit 6-channel WAV file through host-stream, bit-exact, and seeks', async () => {
    const path = await media.ffmpeg('host.wav', { channels: 6, rate: 48_000, seconds: 3, args: ['-c:a', 'pcm_s24le', '-metadata', 'title=Through the host'] });
    const expected = await ffmpegReference(path);
    const stream = { $hostStream: pathToFileURL(path).href };
    const hint = { extension: 'wav', typeId: 'wav' };
    const session = (await plugin.call('decoder', 'open', [stream, hint], { fileRoots: [media.path] })) as SessionRef;
    const info = (await plugin.callMethod(session, 'info')) as StreamInfo;
    expect(info).toMatchObject({ sampleRate: 48_000, channels: 6, bitsPerSample: 24, totalFrames: 144_000n, codec: 'PCM 24-bit', features: { seekable: true, lossless: true, gapless: true } });
    expect(await plugin.callMethod(session, 'metadata')).toMatchObject({ title: 'Through the host', durationMs: 3000n });
    expect(firstDifference(await decodeThroughHost(session, 4096), expected)).toBe(-1);
    expect(await plugin.callMethod(session, 'seek', [100_000n])).toBe(100_000n);
    const block = (await plugin.callMethod(session, 'read', [10])) as Float32Array;
    expect(firstDifference(block, expected.subarray(600_000, 600_060))).toBe(-1);
    await plugin.drop(session);
  });

  it('stays inside the first-party budgets: ≤ 2 MB of component, ≤ 10 MB of memory per instance', () => {
    expect(componentBytes).toBeLessThan(2 * 1024 * 1024);
    expect(plugin.metrics().peakMemoryBytes).toBeLessThan(10 * 1024 * 1024);
  });

  it('returns a plugin-error the user can act on for a codec it does not decode', async () => {
    const path = await media.ffmpeg('adpcm.wav', { channels: 2, args: ['-c:a', 'adpcm_ima_wav'] });
    const failure = await plugin.call('decoder', 'open', [{ $hostStream: pathToFileURL(path).href }, { extension: 'wav', typeId: 'wav' }], { fileRoots: [media.path] }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ pluginCode: 'unsupported', message: 'WAV: IMA ADPCM (format 0x0011) is not supported; convert the file to PCM WAV or FLAC' });
  });
});
