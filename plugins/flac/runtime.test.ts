// The built FLAC component through the real runtime: a component worker, the host's
// input-stream over a granted file root, the session resource driven by method calls.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlugin } from '../../sdk/build/build-plugin.ts';
import type { ComponentInstance } from '../../src-main/runtime/component-instance.ts';
import { RuntimeHarness } from '../../src-main/runtime/testing/fixtures.ts';
import { failureOf } from '../../src-main/scheduler/testing/faults.ts';
import { encodeFlac, ffmpegF32, makeSignal, type SignalSpec } from './test-media.ts';

const spec: SignalSpec = { channels: 2, bits: 24, rate: 96_000, frames: 96_000, seed: 3 };
const FRAME_BYTES = spec.channels * 4;
const hint = { extension: 'flac', typeId: 'flac' };

let harness: RuntimeHarness;
let decoder: ComponentInstance;
let music: string;
let reference: Buffer;
let uri: string;

beforeAll(async () => {
  harness = await RuntimeHarness.create();
  const built = await buildPlugin(import.meta.dirname);
  const bytes = new Uint8Array(await readFile(built.components[0]!.outPath));
  decoder = await harness.load(bytes, 'decoder-plugin', 'org.fugue.flac', { memoryMb: 64 });
  music = join(harness.root, 'music');
  await mkdir(music, { recursive: true });
  const path = join(music, 'tone 24-96.flac');
  await encodeFlac(path, makeSignal(spec), spec, ['-8']);
  reference = await ffmpegF32(path);
  uri = pathToFileURL(path).href;
}, 120_000);
afterAll(async () => {
  await harness?.dispose();
});

type Ref = { $resource: number; type: string };

async function open(): Promise<Ref> {
  return (await decoder.call('decoder', 'open', [{ $hostStream: uri }, hint], { fileRoots: [music] })) as Ref;
}

describe('FLAC decoder in the real runtime', () => {
  it('probes the file head the host reads', async () => {
    const head = new Uint8Array(await readFile(new URL(uri))).subarray(0, 4096);
    expect(await decoder.call('decoder', 'probe', [head, hint])).toBe(100);
  });

  it('decodes a 24-bit / 96 kHz file from a granted root bit-exact against ffmpeg', async () => {
    const session = await open();
    expect(await decoder.callMethod(session, 'info')).toMatchObject({ sampleRate: 96_000, channels: 2, bitsPerSample: 24, totalFrames: 96_000n, codec: 'FLAC' });
    const parts: Buffer[] = [];
    for (;;) {
      const block = (await decoder.callMethod(session, 'read', [8192])) as Float32Array;
      if (block.length === 0) break;
      parts.push(Buffer.from(new Uint8Array(block.buffer, block.byteOffset, block.byteLength)));
    }
    expect(Buffer.concat(parts).equals(reference)).toBe(true);
    await decoder.drop(session);
    // The first-party budget: at most 10 MB of memory per instance.
    expect(decoder.metrics().peakMemoryBytes).toBeLessThanOrEqual(10 * 1024 * 1024);
  });

  it('seeks to an exact sample through host-stream seeks', async () => {
    const session = await open();
    for (const target of [77_777, 5, 95_999]) {
      expect(await decoder.callMethod(session, 'seek', [BigInt(target)])).toBe(BigInt(target));
      const block = (await decoder.callMethod(session, 'read', [1])) as Float32Array;
      const expected = reference.subarray(target * FRAME_BYTES, (target + 1) * FRAME_BYTES);
      expect(Buffer.from(new Uint8Array(block.buffer, block.byteOffset, block.byteLength)).equals(expected)).toBe(true);
    }
    await decoder.drop(session);
  });

  it('cannot open a file outside the roots granted for the call', async () => {
    expect(await failureOf(decoder.call('decoder', 'open', [{ $hostStream: uri }, hint]))).toMatchObject({ pluginCode: 'denied' });
  });

  it('reports a truncated file as corrupt-data, and the worker keeps serving', async () => {
    const cut = join(music, 'cut.flac');
    await writeFile(cut, (await readFile(new URL(uri))).subarray(0, 50_000));
    const session = (await decoder.call('decoder', 'open', [{ $hostStream: pathToFileURL(cut).href }, hint], { fileRoots: [music] })) as Ref;
    const failure = await failureOf(
      (async () => {
        for (;;) if (((await decoder.callMethod(session, 'read', [65_536])) as Float32Array).length === 0) return;
      })(),
    );
    expect(failure).toMatchObject({ pluginCode: 'corrupt-data', message: expect.stringContaining('truncated') });
    await decoder.drop(session);
    expect(await decoder.call('decoder', 'probe', [new Uint8Array(0), hint])).toBe(10);
  });
});
