import { afterEach, describe, expect, it } from 'vitest';
import { isProcessAlive } from './process-table.ts';
import { SidecarKit, TEST_PLUGIN } from './testing/sidecar-kit.ts';
import { NamedLocks } from './named-locks.ts';

let kits: SidecarKit[] = [];
afterEach(async () => {
  await Promise.all(kits.map((kit) => kit.dispose()));
  kits = [];
});

function kit(): SidecarKit {
  const created = new SidecarKit();
  kits.push(created);
  return created;
}

describe('package-shared sidecars', () => {
  it('attach every lease to one process and stop it when the last lease is released', async () => {
    const k = kit();
    const exe = k.temp.script('bin/bridge.sh', '#!/bin/sh\necho started >> starts.txt\nexec cat\n');
    const [a, b] = await Promise.all([k.registry.spawnShared(k.request(exe)), k.registry.spawnShared(k.request(exe))]);
    expect(b.sidecar).toBe(a.sidecar);
    expect(k.registry.list()).toHaveLength(1);
    expect(k.registry.sharedLeases(TEST_PLUGIN, exe)).toBe(2);
    const c = await k.registry.spawnShared(k.request(exe));
    expect(c.sidecar.pid).toBe(a.sidecar.pid);
    await a.dispose();
    await a.dispose(); // releasing twice counts once
    await b.dispose();
    expect(isProcessAlive(a.sidecar.pid)).toBe(true);
    expect(k.registry.sharedLeases(TEST_PLUGIN, exe)).toBe(1);
    await c.dispose();
    expect(isProcessAlive(a.sidecar.pid)).toBe(false);
    expect(k.registry.list()).toEqual([]);
  });

  it('start a fresh process for the next lease once the shared one has exited', async () => {
    const k = kit();
    const exe = k.temp.script('once.sh', '#!/bin/sh\nexit 0\n');
    const first = await k.registry.spawnShared(k.request(exe));
    await first.sidecar.exited;
    const second = await k.registry.spawnShared(k.request(exe));
    expect(second.sidecar.id).not.toBe(first.sidecar.id);
    await Promise.all([first.dispose(), second.dispose()]);
  });

  it('are separate per plugin, and a refused spawn leaves no lease behind', async () => {
    const k = kit();
    const exe = k.temp.script('wait.sh', '#!/bin/sh\nexec cat\n');
    const mine = await k.registry.spawnShared(k.request(exe));
    const theirs = await k.registry.spawnShared(k.request(exe, { pluginId: 'org.test.other' }));
    expect(theirs.sidecar.pid).not.toBe(mine.sidecar.pid);
    await expect(k.registry.spawnShared(k.request('missing.sh'))).rejects.toThrow(/sidecar "missing\.sh" refused/);
    expect(k.registry.sharedLeases(TEST_PLUGIN, 'missing.sh')).toBe(0);
    await Promise.all([mine.dispose(), theirs.dispose()]);
  });
});

describe('named locks', () => {
  it('answer busy to a second holder until the first releases, per plugin', async () => {
    const k = kit();
    const held = await k.registry.acquireLock(TEST_PLUGIN, 'device:hw0');
    await expect(k.registry.acquireLock(TEST_PLUGIN, 'device:hw0')).rejects.toMatchObject({ code: 'busy', message: expect.stringContaining('lock "device:hw0" is held by another instance of org.test.sidecar') as unknown });
    const other = await k.registry.acquireLock('org.test.other', 'device:hw0');
    await held.dispose();
    const again = await k.registry.acquireLock(TEST_PLUGIN, 'device:hw0');
    await Promise.all([again.dispose(), other.dispose()]);
  });

  it('hand the lock to waiters in order, and let a waiter give up', async () => {
    const locks = new NamedLocks();
    const order: string[] = [];
    const first = locks.tryAcquire('p', 'x');
    const giveUp = new AbortController();
    const second = locks.acquire('p', 'x').then((lock) => (order.push('second'), lock));
    const quitter = locks.acquire('p', 'x', giveUp.signal);
    const third = locks.acquire('p', 'x').then((lock) => (order.push('third'), lock));
    giveUp.abort();
    await expect(quitter).rejects.toMatchObject({ code: 'busy' });
    await first.dispose();
    await (await second).dispose();
    await (await third).dispose();
    expect(order).toEqual(['second', 'third']);
    expect(locks.isHeld('p', 'x')).toBe(false);
  });
});
