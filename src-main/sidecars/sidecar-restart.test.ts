import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive } from './process-table.ts';
import { SIDECAR_RECORD_FILE, type SidecarRecord } from './orphan-record.ts';
import { groupMembers, SidecarKit, until } from './testing/sidecar-kit.ts';
import type { SidecarRegistryOptions } from './sidecar-registry.ts';

let kits: SidecarKit[] = [];
afterEach(async () => {
  await Promise.all(kits.map((kit) => kit.dispose()));
  kits = [];
});

function kit(options: Omit<SidecarRegistryOptions, 'dataDir'> = {}): SidecarKit {
  const created = new SidecarKit(options);
  kits.push(created);
  return created;
}

/** Appends the start time (ns) of every run to runs.txt, then crashes with code 3. */
const CRASHER = '#!/bin/sh\ndate +%s%N >> runs.txt\necho "boom $$" >&2\nexit 3\n';

const runs = (k: SidecarKit): number[] =>
  readFileSync(join(k.temp.root, 'runs.txt'), 'utf8').trim().split('\n').map((ns) => Number(BigInt(ns) / 1_000_000n));

describe('sidecar crash and restart', () => {
  it('restarts an on-failure sidecar after 50, 100, 200 ms, then marks it failed with a clear message', async () => {
    const k = kit({ restart: { maxRestarts: 3, baseDelayMs: 50, windowMs: 60_000 } });
    const sidecar = await k.spawn(k.temp.script('bin/crash.sh', CRASHER), { restart: 'on-failure' });
    expect(await sidecar.exited).toEqual({ exitCode: 3, signal: undefined });
    expect(sidecar.state()).toBe('failed');
    expect(sidecar.crashes()).toBe(4);
    const starts = runs(k);
    expect(starts).toHaveLength(4);
    // Each run started no sooner than its backoff after the one before.
    [50, 100, 200].forEach((backoff, i) => expect(starts[i + 1]! - starts[i]!).toBeGreaterThanOrEqual(backoff));
    for (const [attempt, ms] of [[1, 50], [2, 100], [3, 200]]) expect(k.logged(`restarting in ${ms} ms (restart ${attempt} of 3 within 60 s)`)).toBe(true);
    const failure = k.logs.find((entry) => entry.level === 'error');
    expect(failure?.message).toMatch(/bin\/crash\.sh .* exited with code 3; it crashed 4 times within 60 s, so it is marked failed and not restarted/);
    expect(failure?.message).toContain('boom');
    expect(sidecar.lastCrash()).toContain('marked failed');
    expect(k.registry.list()).toEqual([]);
  });

  it('does not restart a sidecar without restart: on-failure; its handle sees the exit code', async () => {
    const k = kit({ restart: { baseDelayMs: 10 } });
    const sidecar = await k.spawn(k.temp.script('crash.sh', CRASHER));
    expect(await sidecar.exited).toEqual({ exitCode: 3, signal: undefined });
    expect(sidecar.state()).toBe('exited');
    expect(runs(k)).toHaveLength(1);
    expect(sidecar.crashes()).toBe(0);
  });

  it('does not restart an on-failure sidecar that exits with code 0', async () => {
    const k = kit({ restart: { baseDelayMs: 10 } });
    const sidecar = await k.spawn(k.temp.script('done.sh', '#!/bin/sh\ndate +%s%N >> runs.txt\nexit 0\n'), { restart: 'on-failure' });
    expect(await sidecar.exited).toEqual({ exitCode: 0, signal: undefined });
    expect(sidecar.state()).toBe('exited');
    expect(runs(k)).toHaveLength(1);
  });

  it('keeps its id but moves to a new pid at a restart, and records the new pid for orphan reaping', async () => {
    const k = kit({ restart: { baseDelayMs: 20 } });
    const exe = k.temp.script('flaky.sh', '#!/bin/sh\nif [ -f crashed ]; then exec sleep 1000; fi\ntouch crashed\nkill -SEGV $$\n');
    const sidecar = await k.spawn(exe, { restart: 'on-failure' });
    const first = sidecar.pid;
    await until(() => sidecar.pid !== first && sidecar.state() === 'running', 'the restart');
    expect(isProcessAlive(first)).toBe(false);
    expect(k.logged('exited with signal SIGSEGV; restarting in 20 ms (restart 1 of 5')).toBe(true);
    expect(k.registry.get(sidecar.id)).toBe(sidecar);
    const records = JSON.parse(readFileSync(join(k.temp.dataDir, SIDECAR_RECORD_FILE), 'utf8')) as SidecarRecord[];
    expect(records.map((r) => r.pid)).toEqual([sidecar.pid]);
    const second = sidecar.pid;
    await k.registry.stop(sidecar.id);
    expect(isProcessAlive(second)).toBe(false);
    expect(sidecar.state()).toBe('exited');
  });

  it('a stop during the backoff cancels the restart', async () => {
    const k = kit({ restart: { baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    const sidecar = await k.spawn(k.temp.script('crash.sh', CRASHER), { restart: 'on-failure' });
    await until(() => sidecar.state() === 'restarting', 'the crash');
    expect(await k.registry.stop(sidecar.id)).toEqual({ exitCode: 3, signal: undefined });
    expect(sidecar.state()).toBe('exited');
    expect(runs(k)).toHaveLength(1);
    expect(k.registry.list()).toEqual([]);
  });

  it('a stop while a crashed run\'s group is being cleaned up ends the sidecar without a restart', async () => {
    const k = kit({ restart: { baseDelayMs: 10 } });
    // The grandchild ignores SIGTERM, so cleaning up the crashed run's group takes the whole grace period.
    const exe = k.temp.script('stubborn-crash.sh', "#!/bin/sh\ndate +%s%N >> runs.txt\nsh -c 'trap \"\" TERM; exec sleep 1000' </dev/null >/dev/null 2>&1 &\nexit 3\n");
    const sidecar = await k.spawn(exe, { restart: 'on-failure' });
    await until(() => !isProcessAlive(sidecar.pid), 'the crash');
    expect(await k.registry.stop(sidecar.id)).toEqual({ exitCode: 3, signal: undefined });
    expect(sidecar.state()).toBe('exited');
    expect(runs(k)).toHaveLength(1);
    expect(k.registry.list()).toEqual([]);
    expect(groupMembers(sidecar.pid)).toEqual([]);
  });

  it('kills the grandchildren of a sidecar that crashed, before any restart', async () => {
    const k = kit({ restart: { maxRestarts: 1, baseDelayMs: 10 } });
    const exe = k.temp.script('fork-crash.sh', '#!/bin/sh\nsleep 1000 </dev/null >/dev/null 2>&1 &\necho $! >> kids.txt\nexit 5\n');
    const sidecar = await k.spawn(exe, { restart: 'on-failure' });
    await sidecar.exited;
    const kids = readFileSync(join(k.temp.root, 'kids.txt'), 'utf8').trim().split('\n').map(Number);
    expect(kids).toHaveLength(2);
    for (const pid of kids) expect(isProcessAlive(pid), `grandchild ${pid}`).toBe(false);
  });
});
