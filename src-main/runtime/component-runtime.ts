/**
 * Loads plugin components: checks a component against the world its manifest declares
 * (before anything runs), transpiles it once into the content-addressed cache, and starts
 * it in a sandboxed worker.
 */
import { mkdir } from 'node:fs/promises';
import { FugueError, type PluginIdentity } from '../../src-shared/errors.ts';
import { ComponentInstance, type LoadTiming } from './component-instance.ts';
import { TranspileCache } from './transpile-cache.ts';
import type { WitRegistry } from './wit-registry.ts';
import { worldProblems } from './world-check.ts';

/** Default deadlines per world when the manifest sets none (ms). */
export const DEFAULT_CALL_TIMEOUT_MS: Record<string, number> = {
  'decoder-plugin': 5_000,
  'source-plugin': 10_000,
  'lyrics-plugin': 10_000,
  'dsp-plugin': 1_000,
  'output-sink-plugin': 2_000,
};
const DEFAULT_LIFECYCLE_TIMEOUT_MS = 5_000;

export interface LoadComponentOptions {
  identity: Required<Pick<PluginIdentity, 'pluginId' | 'version' | 'component'>>;
  world: string;
  apiVersion: string;
  bytes: Uint8Array;
  /** The plugin's data folder (created if missing); the only folder its WASI can see. */
  dataDir: string;
  callTimeoutMs?: number;
  lifecycleTimeoutMs?: number;
  onLog?: (level: string, message: string) => void;
}

export interface LoadedComponent {
  instance: ComponentInstance;
  timing: LoadTiming & { transpileMs: number };
}

export class ComponentRuntime {
  readonly cache: TranspileCache;

  constructor(
    private readonly wit: WitRegistry,
    cacheDir: string,
  ) {
    this.cache = new TranspileCache(cacheDir);
  }

  /** Rejects (with every problem in one message) a component that does not fit `world`. */
  async checkWorld(bytes: Uint8Array, world: string, apiVersion: string, identity?: PluginIdentity): Promise<void> {
    this.wit.assertSupported(apiVersion);
    const problems = await worldProblems(this.wit, bytes, world, apiVersion);
    if (problems.length === 0) return;
    const code = problems.some((problem) => problem.code === 'unsupported-api-version') ? 'unsupported-api-version' : 'world-mismatch';
    const who = identity ? `component ${identity.component ?? ''} of ${identity.pluginId}`.replace('  ', ' ') : 'the component';
    throw new FugueError({
      code,
      message: `${who} does not match world ${world}: ${problems.map((problem) => problem.message).join('; ')}`,
      ...(identity ? { plugin: identity } : {}),
    });
  }

  /** Checks, transpiles (or reuses the cache) and instantiates a component in a new worker. */
  async load(options: LoadComponentOptions): Promise<LoadedComponent> {
    await this.checkWorld(options.bytes, options.world, options.apiVersion, options.identity);
    const transpiled = await this.cache.get(options.bytes);
    await mkdir(options.dataDir, { recursive: true });
    const instance = new ComponentInstance({
      identity: options.identity,
      apiVersion: options.apiVersion,
      load: {
        identity: options.identity,
        entry: transpiled.entry,
        coreModules: transpiled.coreModules,
        dataDir: options.dataDir,
        usesWasi: transpiled.imports.some((name) => name.startsWith('wasi:')),
      },
      callTimeoutMs: options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS[options.world] ?? 5_000,
      lifecycleTimeoutMs: options.lifecycleTimeoutMs ?? DEFAULT_LIFECYCLE_TIMEOUT_MS,
      ...(options.onLog ? { onLog: options.onLog } : {}),
    });
    try {
      const timing = await instance.start();
      return { instance, timing: { ...timing, transpileMs: transpiled.transpileMs } };
    } catch (error) {
      await instance.dispose();
      throw error;
    }
  }
}
