/**
 * Test support: the built bytes of fixture components, and a runtime over temp folders
 * that tests dispose deterministically.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildPlugin } from '../../../sdk/build/build-plugin.ts';
import { ComponentRuntime, type LoadComponentOptions, type RuntimeOptions } from '../component-runtime.ts';
import type { ComponentInstance } from '../component-instance.ts';
import { WitRegistry } from '../wit-registry.ts';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..');
export const WIT_ROOT = join(REPO_ROOT, 'wit');

/**
 * The built bytes of a fixture's component, from the build pipeline (content-hash cached:
 * after `npm run build:plugins` this only checks the cache).
 */
export async function builtFixture(fixture: string, componentId?: string): Promise<Uint8Array> {
  const result = await buildPlugin(join(REPO_ROOT, 'plugin-fixtures', fixture));
  const component = componentId === undefined ? result.components[0] : result.components.find((entry) => entry.outPath.endsWith(`/${componentId}.wasm`));
  if (!component) throw new Error(`fixture ${fixture} has no component ${componentId ?? ''}`);
  return new Uint8Array(await readFile(component.outPath));
}

export type LoadExtras = Partial<Pick<LoadComponentOptions, 'callTimeoutMs' | 'lifecycleTimeoutMs' | 'onLog' | 'threading' | 'memoryMb' | 'grants' | 'maxQueue'>>;

/** A runtime with its own cache and data folders, plus everything it loaded, for one test file. */
export class RuntimeHarness {
  readonly instances: ComponentInstance[] = [];

  private constructor(
    readonly root: string,
    readonly runtime: ComponentRuntime,
  ) {}

  static async create(options: RuntimeOptions = {}): Promise<RuntimeHarness> {
    const root = await mkdtemp(join(tmpdir(), 'fugue-runtime-'));
    const wit = await WitRegistry.open(WIT_ROOT);
    return new RuntimeHarness(root, new ComponentRuntime(wit, join(root, 'cache'), options));
  }

  dataDir(pluginId: string): string {
    return join(this.root, 'data', pluginId);
  }

  /** Loads a component and remembers it for {@link dispose}. */
  async load(bytes: Uint8Array, world: string, pluginId: string, extra: LoadExtras = {}): Promise<ComponentInstance> {
    const { instance } = await this.runtime.load({
      identity: { pluginId, version: '0.1.0', component: 'main' },
      world,
      apiVersion: '0.1.0',
      bytes,
      dataDir: this.dataDir(pluginId),
      ...extra,
    });
    this.instances.push(instance);
    return instance;
  }

  async dispose(): Promise<void> {
    await Promise.all(this.instances.map((instance) => instance.dispose('shutdown')));
    await this.runtime.dispose();
    await rm(this.root, { recursive: true, force: true });
  }
}
