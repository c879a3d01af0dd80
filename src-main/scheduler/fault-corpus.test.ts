/**
 * The fault corpus (plugin-fixtures/fault-*): for each fault, the host stays up, other
 * plugins keep answering while it happens, the faulty plugin reports the right error,
 * and after teardown none of its worker threads remain — checked against Node's own
 * thread ids and the process's OS thread list, not against a counter of ours.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComponentInstance, WorkerThreadView } from '../runtime/component-instance.ts';
import type { LoadExtras } from '../runtime/testing/fixtures.ts';
import { builtFixture, RuntimeHarness } from '../runtime/testing/fixtures.ts';
import { allExited, ask, eventually, failureOf, osThreadCount, track } from './testing/faults.ts';

let harness: RuntimeHarness;
let dedicatedBystander: ComponentInstance;
let pooledBystander: ComponentInstance;

beforeAll(async () => {
  harness = await RuntimeHarness.create({ poolSizes: { io: 2, cpu: 1 } });
  dedicatedBystander = await harness.load(await builtFixture('lyrics-js'), 'lyrics-plugin', 'org.test.bystander-js');
  pooledBystander = await harness.load(await builtFixture('world-lyrics'), 'lyrics-plugin', 'org.test.bystander-pooled', {
    threading: { model: 'shared_pool', pool: 'io', max_instances: 1 },
  });
  await Promise.all([dedicatedBystander.enable(), pooledBystander.enable()]);
});
afterAll(async () => {
  await harness?.dispose();
});

/** Both bystanders answer; resolves once they have. */
async function bystandersAnswer(): Promise<void> {
  expect(await dedicatedBystander.call('lyrics', 'find', [{ title: 'still here' }])).toMatchObject({ body: { tag: 'synced' }, provider: 'lyrics-js' });
  expect(await pooledBystander.call('lyrics', 'find', [{ title: 'me too' }])).toMatchObject({ body: { tag: 'synced' }, provider: 'Fixture words' });
}

interface Fault {
  name: string;
  fixture: string;
  extra?: LoadExtras;
  /** Commits the fault; resolves with the error the plugin reported. */
  commit(instance: ComponentInstance): Promise<unknown>;
  code: string;
  message: RegExp;
  /** The fault lasts until its deadline, so the bystanders must answer before it settles. */
  lasting: boolean;
}

const FAULTS: Fault[] = [
  { name: 'trap', fixture: 'fault-calls', commit: (plugin) => ask(plugin, 'trap'), code: 'trap', message: /find trapped \(wasm trap: wasm `unreachable` instruction executed\)/, lasting: false },
  { name: 'infinite loop in a call', fixture: 'fault-calls', extra: { callTimeoutMs: 1000 }, commit: (plugin) => ask(plugin, 'loop'), code: 'timeout', message: /did not answer fugue:plugin\/lyrics@0\.1\.0#find within 1000 ms/, lasting: true },
  { name: 'infinite loop in on-enable', fixture: 'fault-enable-loop', extra: { lifecycleTimeoutMs: 1000 }, commit: (plugin) => plugin.enable(), code: 'timeout', message: /on-enable within 1000 ms/, lasting: true },
  {
    name: 'hang in on-disable',
    fixture: 'fault-disable-hang',
    extra: { lifecycleTimeoutMs: 1000 },
    commit: async (plugin) => {
      await plugin.enable();
      return plugin.disable('host-disable');
    },
    code: 'timeout',
    message: /on-disable within 1000 ms/,
    lasting: true,
  },
  { name: 'memory bomb', fixture: 'fault-calls', extra: { memoryMb: 32 }, commit: (plugin) => ask(plugin, 'memory-bomb'), code: 'trap', message: /find trapped/, lasting: false },
  { name: 'deep recursion', fixture: 'fault-calls', commit: (plugin) => ask(plugin, 'recursion'), code: 'trap', message: /find trapped \(Maximum call stack size exceeded/, lasting: false },
  { name: 'exit()', fixture: 'fault-exit', commit: (plugin) => ask(plugin, 'exit'), code: 'exit', message: /called exit\(1\); the host kept running/, lasting: false },
];

describe('fault corpus', () => {
  for (const fault of FAULTS) {
    it(`${fault.name}: the host stays up, others keep answering, the plugin reports ${fault.code}, and no thread of it remains`, async () => {
      await bystandersAnswer();
      const baseline = await osThreadCount();
      const pluginId = `org.test.fault-${fault.name.replace(/[^a-z]+/g, '-')}`;
      const plugin = await harness.load(await builtFixture(fault.fixture), 'lyrics-plugin', pluginId, fault.extra);
      const threads: WorkerThreadView[] = [...plugin.workerThreads()];

      const committed = track(fault.commit(plugin));
      await bystandersAnswer();
      if (fault.lasting) expect(committed.settled()).toBe(false);
      const failure = await failureOf(committed.promise);
      expect(failure).toMatchObject({ code: fault.code, plugin: { pluginId } });
      expect(failure.message).toMatch(fault.message);

      // The plugin recovers (a fresh instance where its worker was stopped), then is torn down.
      if (fault.name !== 'hang in on-disable') {
        expect(await ask(plugin, 'after')).toBe('ok: after');
        threads.push(...plugin.workerThreads());
      }
      await plugin.dispose('unload');
      await bystandersAnswer();
      expect(plugin.isRunning).toBe(false);
      expect(await eventually(() => allExited(threads), Boolean)).toBe(true);
      expect(await eventually(osThreadCount, (count) => count <= baseline)).toBeLessThanOrEqual(baseline);
    });
  }

  it('a memory bomb never holds more than its cap', async () => {
    const plugin = await harness.load(await builtFixture('fault-calls'), 'lyrics-plugin', 'org.test.bomb-cap', { memoryMb: 32 });
    await failureOf(ask(plugin, 'memory-bomb'));
    expect(plugin.metrics().peakMemoryBytes).toBeLessThanOrEqual(32 * 1024 * 1024);
    expect(plugin.metrics().peakMemoryBytes).toBeGreaterThan(16 * 1024 * 1024);
    await plugin.dispose();
  });
});

describe('a fault in a shared pool worker', () => {
  it('neighbours on that worker lose their instance: a pending resource call fails naming the cause, other calls get a fresh instance', async () => {
    const pool = { threading: { model: 'shared_pool' as const, pool: 'cpu' as const, max_instances: 1 } };
    const looping = await harness.load(await builtFixture('fault-calls'), 'lyrics-plugin', 'org.test.pool-looper', { ...pool, callTimeoutMs: 1000 });
    const neighbour = await harness.load(await builtFixture('world-dsp'), 'dsp-plugin', 'org.test.pool-neighbour', pool);
    await neighbour.enable();
    const processor = await neighbour.call('dsp', 'create', ['gain', { sampleRate: 48_000, channels: 1 }, 64]);
    expect(neighbour.threadId).toBe(looping.threadId);
    const lost = harness.runtime.scheduler.events.next('instance-lost', (event) => event.identity.pluginId === 'org.test.pool-neighbour');

    const loop = track(ask(looping, 'loop'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(looping.metrics().running).toBe(1);
    // Both wait behind the loop on the pool's only worker.
    const pinned = track(neighbour.callMethod(processor as { $resource: number; type: string }, 'process', [Float32Array.of(1)]));
    const unpinned = neighbour.call('settings', 'apply', ['gain', []]);
    expect((await failureOf(loop.promise)).code).toBe('timeout');
    const pinnedFailure = await failureOf(pinned.promise);
    expect(pinnedFailure).toMatchObject({ code: 'worker-crashed' });
    expect(pinnedFailure.message).toMatch(/stopped because another plugin missed its deadline \(fugue:plugin\/lyrics@0\.1\.0#find\)/);
    expect(await unpinned).toBe('applied');
    expect(await lost).toMatchObject({ culprit: false, reason: 'deadline' });
    expect(neighbour.metrics().restarts).toBe(1);
    // Its old processor is gone with the instance, and the error says why.
    const stale = await failureOf(neighbour.callMethod(processor as { $resource: number; type: string }, 'process', [Float32Array.of(1)]));
    expect(stale).toMatchObject({ code: 'worker-crashed', message: expect.stringContaining('open them again') });
    // The neighbour was re-enabled in its fresh instance before serving.
    expect(neighbour.state).toBe('active');
    await Promise.all([looping.dispose(), neighbour.dispose()]);
  });
});
