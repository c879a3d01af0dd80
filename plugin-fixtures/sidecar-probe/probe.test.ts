/**
 * A real component calling `sidecar.spawn` through the real runtime: the probe sink sends
 * each block through its sidecar (a python echo over the negotiated data channel) and
 * checks the bytes that come back. Disposing the instance leaves no process behind.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ResourceRef } from '../../src-main/runtime/protocol.ts';
import { isProcessAlive, liveGroupMembers } from '../../src-main/sidecars/process-table.ts';
import type { TransportKind } from '../../src-main/sidecars/sidecar-channels.ts';
import { block, FORMAT, openProbe } from './probe-harness.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const probe = (transports?: readonly TransportKind[], granted?: string[]) =>
  openProbe(cleanups, { ...(transports === undefined ? {} : { registry: { transports } }), ...(granted === undefined ? {} : { granted }) });

describe('sidecar-probe component', () => {
  it('round-trips audio blocks through its sidecar over a unix socket, and leaves no process when disposed', async () => {
    const { kit, instance } = await probe();
    const sink = (await instance.call('output-sink', 'open', ['echo', 'echo-sidecar.py', FORMAT])) as ResourceRef;
    const [sidecar] = kit.registry.list();
    expect(sidecar?.transport).toBe('unix');
    expect(kit.logged('started sidecar bin/echo-sidecar.py')).toBe(true);
    for (const frames of [1, 480, 48_000]) expect(await instance.callMethod(sink, 'write', [block(frames)])).toBe(frames);
    const pid = sidecar!.pid;
    const socketDir = dirname(sidecar!.control!.address.slice('unix:'.length));
    expect(isProcessAlive(pid)).toBe(true);
    expect(existsSync(socketDir)).toBe(true);
    await instance.dispose('shutdown');
    expect(isProcessAlive(pid)).toBe(false);
    expect(existsSync(socketDir)).toBe(false);
    expect(liveGroupMembers(pid)).toEqual([]);
    expect(kit.registry.list()).toEqual([]);
  });

  it('works the same over loopback TCP and over stdio: the plugin only sees bytes', async () => {
    for (const transports of [['tcp', 'stdio'], ['stdio']] as const) {
      const { kit, instance, logs } = await probe(transports);
      const sink = (await instance.call('output-sink', 'open', ['echo', 'echo-sidecar.py', FORMAT])) as ResourceRef;
      expect(kit.registry.list()[0]?.transport).toBe(transports[0]);
      expect(await instance.callMethod(sink, 'write', [block(4096)])).toBe(4096);
      await instance.callMethod(sink, 'drain');
      expect(logs).toContain(`info: sidecar echoed ${4096 * 2 * 4} bytes over ${transports[0]}; exit code 0`);
      await instance.drop(sink);
    }
  });

  it('stops the sidecar when the guest drops its process handle', async () => {
    const { kit, instance } = await probe();
    const sink = (await instance.call('output-sink', 'open', ['echo', 'echo-sidecar.py', FORMAT])) as ResourceRef;
    const sidecar = kit.registry.list()[0]!;
    await instance.drop(sink);
    expect(await sidecar.exited).toEqual({ exitCode: 0, signal: undefined });
    expect(isProcessAlive(sidecar.pid)).toBe(false);
  });

  it('gets denied, naming the executable, for a sidecar the user did not grant or that is not shipped', async () => {
    const notGranted = await probe(undefined, []);
    await expect(notGranted.instance.call('output-sink', 'open', ['echo', 'echo-sidecar.py', FORMAT])).rejects.toThrow(/sidecar "bin\/echo-sidecar\.py" refused: the user has not granted it/);
    const { instance, kit } = await probe();
    await expect(instance.call('output-sink', 'open', ['echo', 'missing', FORMAT])).rejects.toThrow(/sidecar "bin\/missing" refused: it does not exist inside the plugin root/);
    expect(kit.registry.list()).toEqual([]);
  });
});
