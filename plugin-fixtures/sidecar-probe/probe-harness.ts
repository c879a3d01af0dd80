/**
 * Test support for the sidecar-probe fixture: loads the built component in a real runtime
 * with a sidecar registry of its own, grants it the sidecars its manifest declares (with
 * their settings), and registers everything for cleanup.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SidecarPermission } from '../../src-shared/manifest/index.ts';
import type { SidecarAccess } from '../../src-main/runtime/host-services/grants.ts';
import type { SidecarPermissionSource } from '../../src-main/runtime/host-services/sidecar-service.ts';
import type { ComponentInstance } from '../../src-main/runtime/component-instance.ts';
import { builtFixture, RuntimeHarness } from '../../src-main/runtime/testing/fixtures.ts';
import { SidecarKit } from '../../src-main/sidecars/testing/sidecar-kit.ts';
import type { SidecarRegistryOptions } from '../../src-main/sidecars/sidecar-registry.ts';

export const PROBE_ROOT = import.meta.dirname;
export const PROBE_MANIFEST = JSON.parse(readFileSync(join(PROBE_ROOT, 'plugin.json'), 'utf8')) as { id: string; permissions: { sidecar: SidecarPermission[] } };
export const FORMAT = { sampleRate: 48_000, channels: 2 };

export interface Probe {
  kit: SidecarKit;
  harness: RuntimeHarness;
  instance: ComponentInstance;
  logs: string[];
}

export interface ProbeOptions {
  registry?: Omit<SidecarRegistryOptions, 'dataDir'>;
  /** Executables the user granted; default every declared one. */
  granted?: string[];
}

/** Loads and enables the probe; `cleanups` receives what the caller must release (in reverse). */
export async function openProbe(cleanups: (() => Promise<void>)[], options: ProbeOptions = {}): Promise<Probe> {
  const kit = new SidecarKit(options.registry);
  cleanups.push(() => kit.dispose());
  const harness = await RuntimeHarness.create();
  cleanups.push(() => harness.dispose());
  const declared = PROBE_MANIFEST.permissions.sidecar;
  const granted = options.granted ?? declared.map((p) => p.executable);
  const access: SidecarAccess & SidecarPermissionSource = {
    pluginId: PROBE_MANIFEST.id,
    pluginRoot: PROBE_ROOT,
    declared: declared.map((p) => p.executable),
    granted: () => granted,
    registry: kit.registry,
    permissions: declared,
  };
  const logs: string[] = [];
  const instance = await harness.load(await builtFixture('sidecar-probe'), 'output-sink-plugin', PROBE_MANIFEST.id, {
    grants: { sidecar: access },
    onLog: (level, message) => logs.push(`${level}: ${message}`),
  });
  await instance.enable();
  return { kit, harness, instance, logs };
}

/** A block of distinct samples, so a wrong or shifted byte would show. */
export function block(frames: number): Float32Array {
  return Float32Array.from({ length: frames * FORMAT.channels }, (_, i) => Math.sin(i / 7) * 0.5);
}
