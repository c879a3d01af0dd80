/**
 * The scheduler with real workers and real components: dedicated workers and shared
 * pools, instance caps, requests pinned to the instance owning a resource, settings
 * replayed in every instance, the compiled-module cache, and the memory cap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResourceRef } from '../runtime/protocol.ts';
import { builtFixture, RuntimeHarness } from '../runtime/testing/fixtures.ts';
import { ask, failureOf, track } from './testing/faults.ts';

let harness: RuntimeHarness;
let faults: Uint8Array;
let lyricsJs: Uint8Array;
let dsp: Uint8Array;

beforeAll(async () => {
  harness = await RuntimeHarness.create({ poolSizes: { io: 2, cpu: 1 } });
  [faults, lyricsJs, dsp] = await Promise.all([builtFixture('fault-calls'), builtFixture('lyrics-js'), builtFixture('world-dsp')]);
});
afterAll(async () => {
  await harness?.dispose();
});

describe('shared pools', () => {
  it('components in one pool share its workers, each instantiated lazily where it runs', async () => {
    const a = await harness.load(faults, 'lyrics-plugin', 'org.test.pool-a', { threading: { model: 'shared_pool', pool: 'cpu', max_instances: 1 } });
    const b = await harness.load(lyricsJs, 'lyrics-plugin', 'org.test.pool-b', { threading: { model: 'shared_pool', pool: 'cpu', max_instances: 1 } });
    expect(await ask(a, 'hello')).toBe('ok: hello');
    expect(await b.call('lyrics', 'find', [{ title: 'instrumental' }])).toMatchObject({ body: { tag: 'instrumental' } });
    // The cpu pool has one worker here: both components live in it.
    expect(a.threadId).toBeGreaterThan(0);
    expect(b.threadId).toBe(a.threadId);
    const info = harness.runtime.scheduler.workers().find((worker) => worker.threadId === a.threadId);
    expect(info).toMatchObject({ kind: 'cpu' });
    expect(info?.components.sort()).toEqual(['org.test.pool-a/main', 'org.test.pool-b/main']);
  });

  it('a busy pool worker makes the other tenants wait for it, not fail', async () => {
    const busy = await harness.load(faults, 'lyrics-plugin', 'org.test.pool-busy', { threading: { model: 'shared_pool', pool: 'cpu', max_instances: 1 } });
    const other = await harness.load(faults, 'lyrics-plugin', 'org.test.pool-other', { threading: { model: 'shared_pool', pool: 'cpu', max_instances: 1 } });
    const spinning = track(ask(busy, 'spin 20000000'));
    expect(await ask(other, 'after')).toBe('ok: after');
    expect(spinning.settled()).toBe(true);
    expect(await spinning.promise).toBe('spun 20000000');
  });
});

describe('dedicated workers', () => {
  it('max_instances caps concurrently open instances, each in a worker of its own', async () => {
    const wide = await harness.load(faults, 'lyrics-plugin', 'org.test.wide', { threading: { model: 'dedicated', max_instances: 2 } });
    const calls = [ask(wide, 'spin 30000000'), ask(wide, 'spin 30000000'), ask(wide, 'spin 30000000')];
    await new Promise((resolve) => setImmediate(resolve));
    expect(wide.metrics()).toMatchObject({ instances: 2, running: 2, queued: 1 });
    expect(await Promise.all(calls)).toEqual(['spun 30000000', 'spun 30000000', 'spun 30000000']);
    const threads = new Set(wide.workerThreads().map((thread) => thread.threadId));
    expect(threads.size).toBe(2);
    expect(wide.metrics().calls).toBe(3);
  });

  it('settings applied in one instance are replayed in the others, and resource calls go to the instance that owns the resource', async () => {
    const gain = await harness.load(dsp, 'dsp-plugin', 'org.test.dsp-wide', { threading: { model: 'dedicated', max_instances: 2 } });
    await gain.enable();
    expect(await gain.call('settings', 'apply', ['gain', [{ key: 'gain_db', value: { tag: 'number', val: -6.0206 } }]])).toBe('applied');
    const format = { sampleRate: 48_000, channels: 1 };
    // Two creates at once land on two instances; only one of them saw `apply` directly.
    const processors = (await Promise.all([gain.call('dsp', 'create', ['gain', format, 64]), gain.call('dsp', 'create', ['gain', format, 64])])) as ResourceRef[];
    expect(gain.metrics().instances).toBe(2);
    for (const processor of processors) {
      const output = (await gain.callMethod(processor, 'process', [Float32Array.of(1)])) as Float32Array;
      expect(Number(output[0]!.toFixed(3))).toBe(0.5);
    }
    await Promise.all(processors.map((processor) => gain.drop(processor)));
  });
});

describe('compiled module cache', () => {
  it('a second instance and a restarted worker reuse compiled modules instead of compiling again', async () => {
    const first = await harness.runtime.load({ identity: { pluginId: 'org.test.cache-1', version: '0.1.0', component: 'main' }, world: 'lyrics-plugin', apiVersion: '0.1.0', bytes: faults, dataDir: harness.dataDir('org.test.cache-1'), memoryMb: 24, callTimeoutMs: 300 });
    harness.instances.push(first.instance);
    expect(first.timing.moduleCacheHit).toBe(false);
    const second = await harness.runtime.load({ identity: { pluginId: 'org.test.cache-2', version: '0.1.0', component: 'main' }, world: 'lyrics-plugin', apiVersion: '0.1.0', bytes: faults, dataDir: harness.dataDir('org.test.cache-2'), memoryMb: 24 });
    harness.instances.push(second.instance);
    expect(second.timing).toMatchObject({ moduleCacheHit: true, compileMs: 0 });
    const misses = harness.runtime.scheduler.modules.misses;
    expect((await failureOf(ask(first.instance, 'loop'))).code).toBe('timeout');
    expect(await ask(first.instance, 'back')).toBe('ok: back');
    expect(first.instance.restarts).toBe(1);
    expect(harness.runtime.scheduler.modules.misses).toBe(misses);
  });
});

describe('memory cap', () => {
  it('memory.grow fails inside the plugin at limits.memory_mb, though the module itself allows 1 GiB', async () => {
    const capped = await harness.load(faults, 'lyrics-plugin', 'org.test.capped', { memoryMb: 8 });
    expect(await ask(capped, 'memory-grow')).toMatch(/^memory\.grow refused at 128 pages/);
    expect(capped.metrics().memoryBytes).toBe(8 * 1024 * 1024);
  });
});
