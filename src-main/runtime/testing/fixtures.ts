/**
 * Test support: the built bytes of fixture components, and a runtime over temp folders
 * that tests dispose deterministically.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildJsComponent } from '../../../sdk/build/js-component.ts';
import { ComponentRuntime } from '../component-runtime.ts';
import type { ComponentInstance } from '../component-instance.ts';
import { WitRegistry } from '../wit-registry.ts';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..');
export const WIT_ROOT = join(REPO_ROOT, 'wit');
const CONTRACT_WIT = join(WIT_ROOT, 'fugue-plugin@0.1.0');

const built = new Map<string, Promise<Uint8Array>>();

/** Builds a JavaScript fixture component from `plugin-fixtures/<fixture>/src/<component>.js`. */
export function jsFixture(fixture: string, component: string, world: string, options: { extraWit?: boolean } = {}): Promise<Uint8Array> {
  const key = `${fixture}/${component}/${world}`;
  let bytes = built.get(key);
  if (!bytes) {
    const dir = join(REPO_ROOT, 'plugin-fixtures', fixture);
    bytes = buildJsComponent({
      sourcePath: join(dir, 'src', `${component}.js`),
      world,
      contractWitDir: CONTRACT_WIT,
      ...(options.extraWit ? { extraWitDir: join(dir, 'wit') } : {}),
    });
    built.set(key, bytes);
  }
  return bytes;
}

/** A runtime with its own cache and data folders, plus everything it loaded, for one test file. */
export class RuntimeHarness {
  readonly instances: ComponentInstance[] = [];

  private constructor(
    readonly root: string,
    readonly runtime: ComponentRuntime,
  ) {}

  static async create(): Promise<RuntimeHarness> {
    const root = await mkdtemp(join(tmpdir(), 'fugue-runtime-'));
    const wit = await WitRegistry.open(WIT_ROOT);
    return new RuntimeHarness(root, new ComponentRuntime(wit, join(root, 'cache')));
  }

  dataDir(pluginId: string): string {
    return join(this.root, 'data', pluginId);
  }

  /** Loads a component and remembers it for {@link dispose}. */
  async load(
    bytes: Uint8Array,
    world: string,
    pluginId: string,
    extra: { callTimeoutMs?: number; onLog?: (level: string, message: string) => void } = {},
  ): Promise<ComponentInstance> {
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
    await rm(this.root, { recursive: true, force: true });
  }
}
