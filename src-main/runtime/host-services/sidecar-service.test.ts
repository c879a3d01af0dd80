import { afterEach, describe, expect, it } from 'vitest';
import { HostServices, type ServiceResult } from './host-services.ts';
import type { SidecarAccess } from './grants.ts';
import { SidecarRegistry } from '../../sidecars/sidecar-registry.ts';
import { isProcessAlive, signalGroup } from '../../sidecars/process-table.ts';
import { TempPluginRoot } from '../../sidecars/testing/plugin-root.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setup(granted: string[]) {
  const temp = new TempPluginRoot();
  const registry = SidecarRegistry.open({ dataDir: temp.dataDir, graceMs: 200 });
  cleanups.push(() => temp.dispose(), () => registry.disposeAll());
  temp.script('bin/echo.sh', '#!/bin/sh\necho "args: $*"\ncat\nexit 7\n');
  temp.script('bin/linger.sh', '#!/bin/sh\nexec sleep 1000\n');
  const grantedNow = [...granted];
  const access: SidecarAccess = { pluginId: 'org.test.sc', pluginRoot: temp.root, declared: ['echo.sh', 'linger.sh'], granted: () => grantedNow, registry };
  const services = new HostServices({ sidecar: access });
  cleanups.push(() => services.dispose());
  return { services, registry, grantedNow };
}

const value = (result: ServiceResult): unknown => {
  if (!result.ok) throw new Error(`service failed: ${JSON.stringify(result.error)}`);
  return result.value;
};

describe('sidecar host service', () => {
  it('spawns a granted sidecar, talks to it over stdin/stdout and reports its exit code', async () => {
    const { services } = setup(['echo.sh']);
    const id = value(await services.handle({ op: 'sidecar-spawn', executable: 'bin/echo.sh', args: ['a', 'b'] })) as number;
    expect(value(await services.handle({ op: 'sidecar-write', process: id, data: new TextEncoder().encode('ping\n') }))).toBe(5);
    value(await services.handle({ op: 'sidecar-close-stdin', process: id }));
    let out = '';
    for (;;) {
      const chunk = value(await services.handle({ op: 'sidecar-read', process: id, maxBytes: 4096 })) as Uint8Array;
      if (chunk.length === 0) break;
      out += Buffer.from(chunk).toString();
    }
    expect(out).toBe('args: a b\nping\n');
    expect(value(await services.handle({ op: 'sidecar-exit-code', process: id }))).toBe(7);
  });

  it('answers denied for an executable that is declared but not granted, and for any without sidecar grants', async () => {
    const { services } = setup([]);
    const refused = await services.handle({ op: 'sidecar-spawn', executable: 'bin/echo.sh', args: [] });
    expect(refused).toEqual({ ok: false, error: { code: 'denied', message: expect.stringMatching(/sidecar "bin\/echo\.sh" refused: the user has not granted it/) as unknown } });
    const none = new HostServices({});
    expect(await none.handle({ op: 'sidecar-spawn', executable: 'x', args: [] })).toMatchObject({ ok: false, error: { code: 'denied' } });
  });

  it('kills on request, refuses processes it did not start, and stops the rest when the instance goes away', async () => {
    const { services, registry } = setup(['linger.sh']);
    const a = value(await services.handle({ op: 'sidecar-spawn', executable: 'bin/linger.sh', args: [] })) as number;
    const b = value(await services.handle({ op: 'sidecar-spawn', executable: 'bin/linger.sh', args: [] })) as number;
    const [pa, pb] = registry.list().map((sidecar) => sidecar.pid) as [number, number];
    cleanups.push(() => signalGroup(pa, 'SIGKILL'), () => signalGroup(pb, 'SIGKILL'));
    value(await services.handle({ op: 'sidecar-kill', process: a }));
    expect(isProcessAlive(pa)).toBe(false);
    expect(isProcessAlive(pb)).toBe(true);
    const other = new HostServices({});
    expect(await other.handle({ op: 'sidecar-exit-code', process: b })).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    await services.dispose();
    expect(isProcessAlive(pb)).toBe(false);
  });
});
