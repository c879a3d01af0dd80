/**
 * The sidecar fault corpus, through a real component and the real runtime: a sidecar that
 * crashes, one that crashes at every restart, one that ignores SIGTERM, one that forks
 * grandchildren, one that floods stdout (scripts in bin/). For each: the host stays up,
 * another plugin keeps answering during the fault, the right error is reported, and after
 * teardown no process of the sidecar's group remains (checked in the process table).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResourceRef } from '../../src-main/runtime/protocol.ts';
import type { ComponentInstance } from '../../src-main/runtime/component-instance.ts';
import { builtFixture } from '../../src-main/runtime/testing/fixtures.ts';
import { isProcessAlive, liveGroupMembers } from '../../src-main/sidecars/process-table.ts';
import { SIDECAR_RECORD_FILE } from '../../src-main/sidecars/orphan-record.ts';
import { until } from '../../src-main/sidecars/testing/sidecar-kit.ts';
import type { Sidecar } from '../../src-main/sidecars/sidecar-registry.ts';
import { block, FORMAT, openProbe, type Probe } from './probe-harness.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface FaultSetup extends Probe {
  sink: ResourceRef;
  sidecar: Sidecar;
  /** Another plugin in the same runtime: it must keep answering. */
  neighbourAnswers(): Promise<void>;
  /** Disposes the probe, then checks that nothing of the sidecar runs any more. */
  teardown(): Promise<void>;
}

async function fault(script: string): Promise<FaultSetup> {
  const probe = await openProbe(cleanups, { registry: { graceMs: 300, restart: { baseDelayMs: 20, maxRestarts: 2 } } });
  const neighbour: ComponentInstance = await probe.harness.load(await builtFixture('world-output-sink'), 'output-sink-plugin', 'org.fugue.fixture.output-sink');
  await neighbour.enable();
  const sink = (await probe.instance.call('output-sink', 'open', ['probe', script, FORMAT])) as ResourceRef;
  const sidecar = probe.kit.started[0]!;
  return {
    ...probe,
    sink,
    sidecar,
    neighbourAnswers: async () => {
      expect(((await neighbour.call('output-sink', 'list-targets')) as unknown[]).length).toBe(2);
    },
    teardown: async () => {
      await probe.instance.dispose('shutdown');
      for (const pid of probe.kit.pids()) {
        expect(isProcessAlive(pid), `sidecar pid ${pid}`).toBe(false);
        expect(liveGroupMembers(pid), `members of group ${pid}`).toEqual([]);
      }
      expect(probe.kit.registry.list()).toEqual([]);
      expect(JSON.parse(readFileSync(join(probe.kit.temp.dataDir, SIDECAR_RECORD_FILE), 'utf8'))).toEqual([]);
    },
  };
}

describe('sidecar fault corpus', () => {
  it('a sidecar that crashes: the plugin sees its output end, the host logs the signal', async () => {
    const f = await fault('crash.sh');
    await expect(f.instance.callMethod(f.sink, 'write', [block(256)])).rejects.toThrow(/the sidecar's output ended after 0 of 2048 bytes/);
    expect(await f.sidecar.exited).toEqual({ exitCode: undefined, signal: 'SIGSEGV' });
    expect(f.kit.logged('sidecar bin/crash.sh')).toBe(true);
    expect(f.kit.logs.find((entry) => entry.message.includes('exited with signal SIGSEGV'))?.level).toBe('warn');
    await f.neighbourAnswers();
    await f.teardown();
  });

  it('a sidecar that crashes at every start: each crash reaches the plugin, then it is marked failed', async () => {
    const f = await fault('crash-loop.sh');
    const errors: string[] = [];
    while (!errors.some((message) => message.includes('marked failed')) && errors.length < 10) {
      await f.instance.callMethod(f.sink, 'write', [block(16)]).catch((error: Error) => errors.push(error.message));
      await f.neighbourAnswers();
    }
    // Crashes between two calls reach the plugin as one error (the latest); the log has each.
    for (const message of errors) expect(message).toMatch(/crash-loop\.sh \(pid \d+\) exited with code 3; (restarting in \d+ ms|it crashed)/);
    expect(f.kit.logged('exited with code 3; restarting in 20 ms (restart 1 of 2 within 60 s)')).toBe(true);
    expect(f.kit.logged('exited with code 3; restarting in 40 ms (restart 2 of 2 within 60 s)')).toBe(true);
    expect(errors.at(-1)).toMatch(/exited with code 3; it crashed 3 times within 60 s, so it is marked failed and not restarted/);
    expect(f.sidecar.state()).toBe('failed');
    expect(f.kit.logs.filter((entry) => entry.level === 'error')).toHaveLength(1);
    await f.teardown();
  });

  it('a sidecar that ignores end of input and SIGTERM is SIGKILLed, while other plugins answer', async () => {
    const f = await fault('ignore-term.py');
    expect(await f.instance.callMethod(f.sink, 'write', [block(64)])).toBe(64);
    const stopping = f.teardown();
    await f.neighbourAnswers();
    await stopping;
    expect(await f.sidecar.exited).toEqual({ exitCode: undefined, signal: 'SIGKILL' });
    expect(f.kit.logged('exited with signal SIGKILL')).toBe(true);
  });

  it('a sidecar that forks grandchildren: the whole process group is stopped', async () => {
    const f = await fault('fork-grandchildren.sh');
    expect(await f.instance.callMethod(f.sink, 'write', [block(64)])).toBe(64);
    await until(() => liveGroupMembers(f.sidecar.pid)!.length >= 4, 'the grandchildren');
    const members = liveGroupMembers(f.sidecar.pid)!;
    await f.neighbourAnswers();
    await f.teardown();
    for (const pid of members) expect(isProcessAlive(pid), `group member ${pid}`).toBe(false);
  });

  it('a sidecar that floods its stdio data channel is held back (nothing dropped, bounded memory) and is stopped', async () => {
    const f = await fault('flood.sh');
    await expect(f.instance.callMethod(f.sink, 'write', [block(64)])).rejects.toThrow(/the sidecar echoed a different byte at 0/);
    // stdout is the data channel here (no `channels`): its pipe is paused rather than its bytes dropped.
    await until(() => f.sidecar.stdout.paused, 'the stdout pipe to be paused');
    await f.neighbourAnswers();
    expect(f.sidecar.stdout.bufferedBytes).toBeLessThanOrEqual(32 * 1024 + 64 * 1024);
    expect(f.sidecar.stdout.dropped).toBe(0);
    expect(f.sidecar.stdout.total).toBeLessThan(1024 * 1024); // of an endless flood
    await f.teardown();
  });
});
