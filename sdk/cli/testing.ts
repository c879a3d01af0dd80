/**
 * Testing a plugin project through Fugue's real runtime: `openPlugin(dir)` builds the
 * project (cached), loads its component in a runtime worker with the sandboxed host
 * services, enables it and hands it its default settings, as the host does when a user
 * turns the plugin on. Project tests import it as `fugue-plugin/testing` (see
 * test-hooks.mjs); `fugue-plugin test` uses it too.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ComponentManifest, PluginManifest } from '../../src-shared/manifest/index.ts';
import { checkSettings, toWitSettings } from '../../src-shared/settings/settings.ts';
import type { ComponentInstance } from '../../src-main/runtime/component-instance.ts';
import { ComponentRuntime, schedulingOf } from '../../src-main/runtime/component-runtime.ts';
import type { CallOptions } from '../../src-main/scheduler/scheduled-component.ts';
import type { ResourceRef } from '../../src-main/runtime/protocol.ts';
import { WitRegistry } from '../../src-main/runtime/wit-registry.ts';
import { BUNDLED_WIT_ROOT } from '../../src-main/app/paths.ts';
import { buildProject, projectDir, projectManifest } from './project.ts';

export type { ResourceRef };

/** A running plugin under test. */
export interface PluginUnderTest {
  readonly manifest: PluginManifest;
  readonly component: ComponentManifest;
  /** The first ability's type id (what `create`, `open` and `apply` take). */
  readonly typeId: string;
  readonly instance: ComponentInstance;
  /** Everything the plugin logged, in order. */
  readonly logs: { level: string; message: string }[];
  /** Calls an exported function, e.g. `call('lyrics', 'find', [{ title: 'x' }])`; a plugin-error rejects. */
  call(iface: string, fn: string, args?: unknown[], options?: CallOptions): Promise<unknown>;
  /** Calls a method of a resource the plugin returned (a session, processor, sink). */
  callMethod(ref: unknown, method: string, args?: unknown[], options?: CallOptions): Promise<unknown>;
  /** Drops a resource the plugin returned (its `dispose()` runs). */
  drop(ref: unknown): Promise<void>;
  dispose(): Promise<void>;
}

export interface OpenPluginOptions {
  /** Settings over the schema defaults, by key (as the host would store them). */
  settings?: Record<string, unknown>;
}

function asRef(ref: unknown): ResourceRef {
  if (typeof ref !== 'object' || ref === null || typeof (ref as { $resource?: unknown }).$resource !== 'number') {
    throw new TypeError('not a resource handle: pass what a call returned (a session, processor or sink)');
  }
  return ref as ResourceRef;
}

/** Hands each ability its settings (schema defaults under `values`), as the host does at start. */
async function applySettings(instance: ComponentInstance, component: ComponentManifest, values: Record<string, unknown>): Promise<void> {
  for (const ability of component.abilities) {
    if (ability.config_schema === undefined) continue;
    const checked = checkSettings(ability.config_schema, values);
    if (!checked.ok) throw new Error(`settings for ${ability.type_id}: ${checked.issues.map((issue) => issue.message).join('; ')}`);
    const settings = toWitSettings(ability.config_schema, checked.values);
    if (settings.length > 0) await instance.call('settings', 'apply', [ability.type_id, settings]);
  }
}

/** Builds and starts the project's first component. `dir` may be a path or a `file:` URL. */
export async function openPlugin(dir: string | URL, options: OpenPluginOptions = {}): Promise<PluginUnderTest> {
  const folder = projectDir(typeof dir === 'string' ? dir : fileURLToPath(dir));
  const manifest = await projectManifest(folder);
  const built = await buildProject(folder);
  const component = manifest.components[0];
  const output = built.components[0];
  if (component === undefined || output === undefined) throw new Error(`${folder}/plugin.json declares no component`);
  const root = await mkdtemp(join(tmpdir(), 'fugue-plugin-test-'));
  const runtime = new ComponentRuntime(await WitRegistry.open(BUNDLED_WIT_ROOT), join(root, 'cache'));
  const logs: { level: string; message: string }[] = [];
  const release = async (): Promise<void> => {
    await runtime.dispose();
    await rm(root, { recursive: true, force: true });
  };
  try {
    const { instance } = await runtime.load({
      identity: { pluginId: manifest.id, version: manifest.version, component: component.id },
      world: component.world,
      apiVersion: manifest.api_version,
      bytes: new Uint8Array(await readFile(output.outPath)),
      dataDir: join(root, 'data'),
      onLog: (level, message) => void logs.push({ level, message }),
      ...schedulingOf(component),
      // As if the user granted the network hosts the manifest declares.
      grants: { network: (manifest.permissions?.network ?? []).map((permission) => permission.host) },
    });
    await instance.enable();
    await applySettings(instance, component, options.settings ?? {});
    return {
      manifest,
      component,
      typeId: component.abilities[0]?.type_id ?? '',
      instance,
      logs,
      call: (iface, fn, args = [], callOptions = {}) => instance.call(iface, fn, args, callOptions),
      callMethod: (ref, method, args = [], callOptions = {}) => instance.callMethod(asRef(ref), method, args, callOptions),
      drop: (ref) => instance.drop(asRef(ref)),
      dispose: async () => {
        await instance.dispose('unload');
        await release();
      },
    };
  } catch (error) {
    await release();
    throw error;
  }
}
