/**
 * Backpressure: a flooded component answers `busy` at once beyond its queue bound
 * (the queue never grows past it), while other components — in their own workers and
 * in the same shared pool worker — keep answering during the flood.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtFixture, RuntimeHarness } from '../runtime/testing/fixtures.ts';
import { ask, track } from './testing/faults.ts';

let harness: RuntimeHarness;

beforeAll(async () => {
  harness = await RuntimeHarness.create({ poolSizes: { io: 2, cpu: 1 } });
});
afterAll(async () => {
  await harness?.dispose();
});

const FLOOD = 5000;
const QUEUE = 16;

describe('backpressure', () => {
  it('a flood past the queue bound is refused with busy at once, and other components keep answering', async () => {
    const faults = await builtFixture('fault-calls');
    const pool = { threading: { model: 'shared_pool' as const, pool: 'cpu' as const, max_instances: 1 } };
    const flooded = await harness.load(faults, 'lyrics-plugin', 'org.test.flooded', { ...pool, maxQueue: QUEUE });
    const poolNeighbour = await harness.load(faults, 'lyrics-plugin', 'org.test.pool-neighbour', pool);
    const dedicated = await harness.load(await builtFixture('lyrics-js'), 'lyrics-plugin', 'org.test.dedicated-neighbour');

    const hog = track(ask(flooded, 'spin 200000000'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(flooded.metrics().running).toBe(1);

    const outcomes = Array.from({ length: FLOOD }, (_, index) => track(ask(flooded, `n${index}`).then(() => 'ok', (error: { code: string }) => error.code)));
    expect(flooded.metrics().queued).toBe(QUEUE);
    const refused = outcomes.slice(QUEUE);
    expect(await Promise.all(refused.map((outcome) => outcome.promise))).toEqual(Array.from({ length: FLOOD - QUEUE }, () => 'busy'));
    // Refused immediately: the call holding the worker has not even finished.
    expect(hog.settled()).toBe(false);
    expect(flooded.metrics()).toMatchObject({ queued: QUEUE, busyRejections: FLOOD - QUEUE });

    // A component in its own worker answers during the flood.
    expect(await dedicated.call('lyrics', 'find', [{ title: 'during' }])).toMatchObject({ provider: 'lyrics-js' });
    expect(hog.settled()).toBe(false);

    // The neighbour on the same pool worker gets its turn before the flooded queue drains.
    const neighbourAnswer = await ask(poolNeighbour, 'my turn');
    expect(neighbourAnswer).toBe('ok: my turn');
    expect(flooded.metrics().queued).toBeGreaterThan(0);

    expect(await Promise.all(outcomes.slice(0, QUEUE).map((outcome) => outcome.promise))).toEqual(Array.from({ length: QUEUE }, () => 'ok'));
    expect(await hog.promise).toBe('spun 200000000');
    expect(flooded.metrics()).toMatchObject({ queued: 0, calls: 1 + QUEUE });
  });
});
