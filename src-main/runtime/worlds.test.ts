/**
 * Every world's fixture component, built from AssemblyScript by the build pipeline, is
 * transpiled, loaded in a worker and answers real calls through its WIT interface —
 * including guest resources created, used and dropped across the thread boundary.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComponentInstance } from './component-instance.ts';
import type { ResourceRef } from './protocol.ts';
import { builtFixture, RuntimeHarness } from './testing/fixtures.ts';

let harness: RuntimeHarness;
beforeAll(async () => {
  // Destructors are observed through the plugin log, one line each: lift the per-plugin log rate limit.
  harness = await RuntimeHarness.create({ logRate: { perSecond: 1e9, burst: 1e9 } });
});
afterAll(async () => {
  await harness?.dispose();
});

async function enabled(fixture: string, world: string, logs: string[]): Promise<ComponentInstance> {
  const instance = await harness.load(await builtFixture(fixture), world, `org.fugue.fixture.${fixture}`, {
    onLog: (level, message) => logs.push(`${level}: ${message}`),
  });
  await instance.enable();
  return instance;
}

/** A FRAW stream head (the fixture decoder's raw format): magic, then anything. */
const frawHead = new Uint8Array([0x46, 0x52, 0x41, 0x57, 1, 0, 0, 0]);

describe('world fixtures in workers', () => {
  it('decoder-plugin: probes by magic number and by extension', async () => {
    const logs: string[] = [];
    const decoder = await enabled('world-decoder', 'decoder-plugin', logs);
    expect(logs).toEqual(['info: FRAW decoder enabled']);
    expect(await decoder.call('decoder', 'probe', [frawHead, { extension: 'fraw', typeId: 'fraw' }])).toBe(100);
    expect(await decoder.call('decoder', 'probe', [new TextEncoder().encode('fLaC'), { typeId: 'fraw' }])).toBe(0);
  });

  it('dsp-plugin: a processor is created, configured, used and dropped across the thread boundary', async () => {
    const logs: string[] = [];
    const dsp = await enabled('world-dsp', 'dsp-plugin', logs);
    expect(await dsp.call('settings', 'apply', ['gain', [{ key: 'gain_db', value: { tag: 'number', val: -6.0206 } }]])).toBe('applied');
    const processor = (await dsp.call('dsp', 'create', ['gain', { sampleRate: 48_000, channels: 2 }, 1024])) as ResourceRef;
    expect(processor).toMatchObject({ type: 'processor' });
    const output = (await dsp.callMethod(processor, 'process', [Float32Array.of(1, -1, 0.5, 0.25)])) as Float32Array;
    expect(Array.from(output, (sample) => Number(sample.toFixed(3)))).toEqual([0.5, -0.5, 0.25, 0.125]);
    expect(await dsp.callMethod(processor, 'latency-frames')).toBe(0);
    await dsp.drop(processor);
    // The guest's destructor ran before drop() resolved.
    expect(logs.at(-1)).toBe('debug: processor released, 0 live');
    await expect(dsp.callMethod(processor, 'process', [Float32Array.of(1)])).rejects.toMatchObject({ code: 'invalid-argument' });
  });

  it('dsp-plugin: 5,000 processors created and dropped through the worker run their destructors', async () => {
    // The fixture's memory is capped at 16 MiB: were dropped processors not freed in the
    // guest (or kept in the worker's table), this loop would trap on the cap.
    const logs: string[] = [];
    const dsp = await enabled('world-dsp', 'dsp-plugin', logs);
    const kept = (await dsp.call('dsp', 'create', ['gain', { sampleRate: 44_100, channels: 1 }, 256])) as ResourceRef;
    for (let i = 0; i < 5_000; i += 1) {
      const processor = (await dsp.call('dsp', 'create', ['gain', { sampleRate: 44_100, channels: 1 }, 256])) as ResourceRef;
      await dsp.drop(processor);
      if (i % 1000 === 0) expect(logs.at(-1)).toBe('debug: processor released, 1 live');
    }
    expect(logs.filter((line) => line.startsWith('debug: processor released')).length).toBe(5_000);
    await dsp.drop(kept);
    expect(logs.at(-1)).toBe('debug: processor released, 0 live');
    const survivor = (await dsp.call('dsp', 'create', ['gain', { sampleRate: 44_100, channels: 1 }, 256])) as ResourceRef;
    expect(Array.from((await dsp.callMethod(survivor, 'process', [Float32Array.of(0.5)])) as Float32Array)).toEqual([0.5]);
  });

  it('source-plugin: browses its catalog', async () => {
    const source = await enabled('world-source', 'source-plugin', []);
    const page = (await source.call('source', 'browse', [{ tag: 'root' }, undefined])) as { items: { id: string; kind: string }[] };
    expect(page.items.map((item) => [item.id, item.kind])).toEqual([
      ['album-1', 'album'],
      ['album-2', 'album'],
    ]);
  });

  it('lyrics-plugin: finds synced lines', async () => {
    const lyrics = await enabled('world-lyrics', 'lyrics-plugin', []);
    const found = await lyrics.call('lyrics', 'find', [{ title: 'Hello brave wörld', artist: 'Fixtures', durationMs: 1000n }]);
    expect(found).toEqual({
      body: {
        tag: 'synced',
        val: [
          { startMs: 0n, text: 'Hello' },
          { startMs: 1000n, text: 'brave' },
          { startMs: 2000n, text: 'wörld' },
        ],
      },
      provider: 'Fixture words',
      language: 'en',
    });
  });

  it('output-sink-plugin: lists targets, opens a sink and applies backpressure', async () => {
    const output = await enabled('world-output-sink', 'output-sink-plugin', []);
    const targets = (await output.call('output-sink', 'list-targets')) as { id: string; isDefault: boolean }[];
    expect(targets.some((target) => target.isDefault)).toBe(true);
    const sink = (await output.call('output-sink', 'open', ['counter', undefined, { sampleRate: 48_000, channels: 2 }])) as ResourceRef;
    expect(await output.callMethod(sink, 'write', [new Float32Array(2 * 1000)])).toBe(1000);
    expect(await output.callMethod(sink, 'queued-frames')).toBe(1000);
    await output.drop(sink);
  });
});
