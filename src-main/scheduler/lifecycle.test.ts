/**
 * Lifecycle with real components: every transition is an event, on-enable failing
 * leaves the component Loaded with the error recorded, on-disable past its deadline is
 * followed by forced teardown, quiescing lets in-flight calls finish and refuses new
 * ones, and repeated deadline strikes mark a component failed until it is re-enabled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtFixture, RuntimeHarness } from '../runtime/testing/fixtures.ts';
import { allExited, ask, eventually, failureOf, track } from './testing/faults.ts';
import type { FailedEvent, LifecycleState, StateEvent } from './types.ts';

let harness: RuntimeHarness;
let faults: Uint8Array;

beforeAll(async () => {
  harness = await RuntimeHarness.create({ strikes: { limit: 2, windowMs: 60_000 } });
  faults = await builtFixture('fault-calls');
});
afterAll(async () => {
  await harness?.dispose();
});

function statesOf(pluginId: string): LifecycleState[][] {
  const seen: LifecycleState[][] = [];
  harness.runtime.scheduler.events.on('state', (event: StateEvent) => {
    if (event.identity.pluginId === pluginId) seen.push([event.from, event.to]);
  });
  return seen;
}

describe('lifecycle', () => {
  it('goes Discovered → Loaded → Active → Quiescing → Loaded → Active → Quiescing → Unloaded, one event per transition', async () => {
    const seen = statesOf('org.test.life');
    const instance = await harness.load(faults, 'lyrics-plugin', 'org.test.life');
    expect(instance.state).toBe('loaded');
    await instance.enable();
    expect(instance.state).toBe('active');
    await instance.disable('host-disable');
    expect(instance.state).toBe('loaded');
    await instance.enable();
    await instance.dispose('unload');
    expect(seen).toEqual([
      ['discovered', 'loaded'],
      ['loaded', 'active'],
      ['active', 'quiescing'],
      ['quiescing', 'loaded'],
      ['loaded', 'active'],
      ['active', 'quiescing'],
      ['quiescing', 'unloaded'],
    ]);
    expect((await failureOf(ask(instance, 'late'))).code).toBe('disposed');
  });

  it('quiescing lets the call in flight finish and refuses new calls', async () => {
    const instance = await harness.load(faults, 'lyrics-plugin', 'org.test.quiesce');
    await instance.enable();
    const inFlight = ask(instance, 'spin 30000000');
    await new Promise((resolve) => setImmediate(resolve));
    const quiescing = harness.runtime.scheduler.events.next('state', (event) => event.identity.pluginId === 'org.test.quiesce' && event.to === 'quiescing');
    const disabling = instance.disable('host-disable');
    await quiescing;
    const refused = await failureOf(ask(instance, 'during'));
    expect(refused).toMatchObject({ code: 'disposed', message: expect.stringContaining('is being disabled') });
    expect(await inFlight).toBe('spun 30000000');
    await disabling;
    expect(instance.state).toBe('loaded');
  });

  it('an on-enable that never returns is stopped at its deadline; the component stays Loaded with the error recorded', async () => {
    const enableFailed = harness.runtime.scheduler.events.next('enable-failed', (event) => event.identity.pluginId === 'org.test.enable-loop');
    const instance = await harness.load(await builtFixture('fault-enable-loop'), 'lyrics-plugin', 'org.test.enable-loop', { lifecycleTimeoutMs: 500 });
    const threads = instance.workerThreads();
    const failure = await failureOf(instance.enable());
    expect(failure).toMatchObject({ code: 'timeout', message: expect.stringMatching(/did not answer fugue:plugin\/lifecycle@0\.1\.0#on-enable within 500 ms/) });
    expect(instance.state).toBe('loaded');
    expect(instance.metrics().lastError).toMatchObject({ code: 'timeout' });
    expect((await enableFailed).error.code).toBe('timeout');
    expect(allExited(threads)).toBe(true);
    // Its abilities still answer a direct call (a fresh instance, not enabled), but it is not Active.
    expect(await ask(instance, 'plain')).toBe('ok: plain');
    expect(instance.state).toBe('loaded');
  });

  it('an on-disable that never returns is stopped at its deadline and the component is torn down anyway', async () => {
    const instance = await harness.load(await builtFixture('fault-disable-hang'), 'lyrics-plugin', 'org.test.disable-hang', { lifecycleTimeoutMs: 500 });
    await instance.enable();
    const threads = instance.workerThreads();
    expect(threads).toHaveLength(1);
    await instance.dispose('unload');
    expect(instance.state).toBe('unloaded');
    expect(allExited(threads)).toBe(true);
    expect(instance.metrics()).toMatchObject({ timeouts: 1, lastError: { code: 'timeout' } });
  });
});

describe('strikes', () => {
  it('repeated deadline strikes mark the component failed with a message for the user; calls fail fast until it is re-enabled', async () => {
    const failed = harness.runtime.scheduler.events.next('failed', (event: FailedEvent) => event.identity.pluginId === 'org.test.strikes');
    const instance = await harness.load(faults, 'lyrics-plugin', 'org.test.strikes', { callTimeoutMs: 300 });
    await instance.enable();
    expect((await failureOf(ask(instance, 'loop'))).code).toBe('timeout');
    expect(instance.state).toBe('active');
    const queuedBehind = track(ask(instance, 'queued'));
    expect((await failureOf(ask(instance, 'loop'))).code).toBe('timeout');
    const event = await failed;
    expect(event.message).toMatch(/^Plugin org\.test\.strikes was stopped: it failed 2 times within 60 s .*Re-enable it to try again/);
    expect(instance.state).toBe('failed');
    // The call queued behind was answered before the second strike (it ran between the two loops) or refused.
    await queuedBehind.promise.catch(() => undefined);
    const fast = await failureOf(ask(instance, 'again'));
    expect(fast).toMatchObject({ code: 'plugin-failed' });
    expect(instance.isRunning).toBe(false);
    await instance.enable();
    expect(instance.state).toBe('active');
    expect(await ask(instance, 'again')).toBe('ok: again');
    expect(instance.metrics()).toMatchObject({ timeouts: 2, restarts: 2, strikes: 0 });
  });

  it('a failed component releases its workers', async () => {
    const instance = await harness.load(faults, 'lyrics-plugin', 'org.test.strikes-threads', { callTimeoutMs: 300 });
    await failureOf(ask(instance, 'loop'));
    const threads = instance.workerThreads();
    await failureOf(ask(instance, 'loop'));
    expect(instance.state).toBe('failed');
    expect(await eventually(() => allExited(threads), Boolean)).toBe(true);
  });
});
