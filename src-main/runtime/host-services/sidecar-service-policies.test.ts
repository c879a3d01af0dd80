/**
 * The sidecar host service applying the manifest's per-executable settings (scope,
 * restart, channels) for real processes, as a component instance would see them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SidecarPermission } from '../../../src-shared/manifest/index.ts';
import { HostServices, type ServiceResult } from './host-services.ts';
import type { SidecarAccess } from './grants.ts';
import { MAX_STDIN_BACKLOG, type SidecarPermissionSource } from './sidecar-service.ts';
import { isProcessAlive } from '../../sidecars/process-table.ts';
import { SidecarKit } from '../../sidecars/testing/sidecar-kit.ts';
import { ECHO_SIDECAR } from '../../sidecars/testing/echo-sidecar.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setup(permissions: Omit<SidecarPermission, 'reason'>[]) {
  const kit = new SidecarKit({ restart: { baseDelayMs: 20 } });
  cleanups.push(() => kit.dispose());
  const access: SidecarAccess & SidecarPermissionSource = {
    pluginId: 'org.test.sc',
    pluginRoot: kit.temp.root,
    declared: permissions.map((p) => p.executable),
    granted: () => permissions.map((p) => p.executable),
    registry: kit.registry,
    permissions: permissions.map((p) => ({ ...p, reason: 'test' })),
  };
  const instance = (): HostServices => {
    const services = new HostServices({ sidecar: access });
    cleanups.push(() => services.dispose());
    return services;
  };
  return { kit, instance };
}

const value = (result: ServiceResult): unknown => {
  if (!result.ok) throw new Error(`service failed: ${JSON.stringify(result.error)}`);
  return result.value;
};

const encode = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Reads until `expected` arrived or the output ended; errors are kept in order among the data. */
async function readAll(services: HostServices, id: number, expected: string): Promise<{ text: string; errors: string[] }> {
  let text = '';
  const errors: string[] = [];
  while (!text.includes(expected)) {
    const result = await services.handle({ op: 'sidecar-read', process: id, maxBytes: 4096 });
    if (!result.ok) {
      const error = result.error as { code: string; message: string };
      errors.push(`${error.code}: ${error.message}`);
      continue;
    }
    const chunk = result.value as Uint8Array;
    if (chunk.length === 0) break;
    text += Buffer.from(chunk).toString();
  }
  return { text, errors };
}

describe('sidecar host service with manifest settings', () => {
  it('moves write-stdin and read-stdout over the negotiated data socket when the permission asks for channels', async () => {
    const { kit, instance } = setup([{ executable: 'echo.cjs', channels: true }]);
    kit.temp.script('bin/echo.cjs', ECHO_SIDECAR);
    const services = instance();
    const id = value(await services.handle({ op: 'sidecar-spawn', executable: 'bin/echo.cjs', args: [] })) as number;
    expect(kit.registry.list()[0]?.transport).toBe('unix');
    expect(value(await services.handle({ op: 'sidecar-write', process: id, data: encode('hello socket\n') }))).toBe(13);
    expect((await readAll(services, id, 'hello socket\n')).text).toBe('hello socket\n');
    value(await services.handle({ op: 'sidecar-kill', process: id }));
    expect(kit.registry.list()).toEqual([]);
  });

  it('queues at most stdin_buffer_kb towards a sidecar that stops reading', async () => {
    const { instance, kit } = setup([{ executable: 'sleeper.sh', stdin_buffer_kb: 4 }]);
    kit.temp.script('bin/sleeper.sh', '#!/bin/sh\nexec sleep 1000\n');
    const services = instance();
    const id = value(await services.handle({ op: 'sidecar-spawn', executable: 'bin/sleeper.sh', args: [] })) as number;
    let accepted = 0;
    for (let i = 0; i < 1024; i++) {
      const taken = value(await services.handle({ op: 'sidecar-write', process: id, data: new Uint8Array(4096) })) as number;
      if (taken === 0) break;
      accepted += taken;
    }
    // What the kernel pipe absorbed plus the 4 KiB the host agreed to queue; by default it would queue 1 MiB.
    expect(accepted).toBeLessThan(MAX_STDIN_BACKLOG);
    expect(kit.registry.list()[0]!.stdinBacklog()).toBeLessThanOrEqual(8 * 1024);
    value(await services.handle({ op: 'sidecar-kill', process: id }));
  });

  it('shares one package-shared process between instances and stops it when the last instance goes', async () => {
    const { kit, instance } = setup([{ executable: 'bridge.sh', scope: 'package-shared' }]);
    kit.temp.script('bin/bridge.sh', '#!/bin/sh\necho "bridge $$"\nexec cat >/dev/null\n');
    const [one, two] = [instance(), instance()];
    const a = value(await one.handle({ op: 'sidecar-spawn', executable: 'bin/bridge.sh', args: [] })) as number;
    const b = value(await two.handle({ op: 'sidecar-spawn', executable: 'bin/bridge.sh', args: [] })) as number;
    const [shared] = kit.registry.list();
    expect(kit.registry.list()).toHaveLength(1);
    expect((await readAll(one, a, '\n')).text).toBe(`bridge ${shared!.pid}\n`);
    expect(kit.registry.sharedLeases('org.test.sc', 'bin/bridge.sh')).toBe(2);
    value(await two.handle({ op: 'sidecar-kill', process: b })); // releases instance two's lease only
    expect(isProcessAlive(shared!.pid)).toBe(true);
    await one.dispose();
    expect(isProcessAlive(shared!.pid)).toBe(false);
    expect(kit.registry.list()).toEqual([]);
  });

  it('tells the guest about each crash of an on-failure sidecar once, then reads from the restarted process', async () => {
    const { kit, instance } = setup([{ executable: 'flaky.sh', restart: 'on-failure' }]);
    kit.temp.script('bin/flaky.sh', '#!/bin/sh\nif [ -f crashed ]; then echo second; exec cat >/dev/null; fi\ntouch crashed\necho first\nexit 3\n');
    const services = instance();
    const id = value(await services.handle({ op: 'sidecar-spawn', executable: 'bin/flaky.sh', args: [] })) as number;
    const { text, errors } = await readAll(services, id, 'second\n');
    expect(text).toBe('first\nsecond\n');
    expect(errors).toEqual([expect.stringMatching(/^io: sidecar bin\/flaky\.sh \(pid \d+\) exited with code 3; restarting in 20 ms \(restart 1 of 5 within 60 s\)$/)]);
    expect(value(await services.handle({ op: 'sidecar-exit-code', process: id }))).toBeUndefined();
  });

  it('reports a failed on-failure sidecar once, then end of output and its last exit code', async () => {
    const { kit, instance } = setup([{ executable: 'crash.sh', restart: 'on-failure' }]);
    kit.temp.script('crash.sh', '#!/bin/sh\nexit 9\n');
    const services = instance();
    const id = value(await services.handle({ op: 'sidecar-spawn', executable: 'crash.sh', args: [] })) as number;
    const sidecar = kit.registry.list()[0]!;
    await sidecar.exited;
    const { errors } = await readAll(services, id, 'nothing');
    expect(errors).toEqual([expect.stringMatching(/exited with code 9; it crashed 6 times within 60 s, so it is marked failed/)]);
    expect(value(await services.handle({ op: 'sidecar-exit-code', process: id }))).toBe(9);
  });
});
