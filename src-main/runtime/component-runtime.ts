/**
 * Loads plugin components: checks a component against the world its manifest declares
 * (before anything runs), transpiles it once into the content-addressed cache, and hands
 * it to the scheduler, which starts it in a sandboxed worker (dedicated or pooled).
 */
import { mkdir } from 'node:fs/promises';
import { FugueError, type PluginIdentity } from '../../src-shared/errors.ts';
import {
  DEFAULT_CALL_TIMEOUT_MS,
  DEFAULT_MEMORY_MB,
  WORLDS,
  kindOfWorld,
  type ComponentManifest,
  type Threading,
  type World,
} from '../../src-shared/manifest/index.ts';
import { Scheduler, type SchedulerOptions } from '../scheduler/scheduler.ts';
import type { ThreadingSpec } from '../scheduler/types.ts';
import { ComponentInstance, type LoadTiming } from './component-instance.ts';
import type { Grants } from './host-services/grants.ts';
import { TranspileCache } from './transpile-cache.ts';
import type { WitRegistry } from './wit-registry.ts';
import { worldProblems } from './world-check.ts';

/**
 * A call's deadline when the caller sets none: the manifest's default for the world's
 * kind (an unknown world never gets this far: the world check refuses it first).
 */
function defaultCallTimeoutMs(world: string): number {
  const known = (WORLDS as readonly string[]).includes(world);
  return known ? DEFAULT_CALL_TIMEOUT_MS[kindOfWorld(world as World)] : DEFAULT_CALL_TIMEOUT_MS.decoder;
}

const DEFAULT_LIFECYCLE_TIMEOUT_MS = 5_000;
/** Calls that may wait for a busy component before more are refused with `busy`. */
export const DEFAULT_MAX_QUEUE = 64;

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
  /** The manifest's `threading`; default: a dedicated worker, one instance. */
  threading?: Threading;
  /** Wasm memory cap per instance (`limits.memory_mb`); default 64. */
  memoryMb?: number;
  /** What the user granted (network hosts, folders); default nothing. */
  grants?: Grants;
  /** Calls allowed to wait before `busy`; default {@link DEFAULT_MAX_QUEUE}. */
  maxQueue?: number;
}

/** The scheduling part of load options, from a component's manifest entry. */
export function schedulingOf(component: ComponentManifest): Pick<LoadComponentOptions, 'threading' | 'memoryMb' | 'callTimeoutMs'> {
  return { threading: component.threading, memoryMb: component.limits.memory_mb, callTimeoutMs: component.limits.call_timeout_ms };
}

function threadingSpec(threading: Threading | undefined): ThreadingSpec {
  if (!threading) return { model: 'dedicated', maxInstances: 1 };
  return threading.model === 'dedicated'
    ? { model: 'dedicated', maxInstances: threading.max_instances }
    : { model: 'shared_pool', pool: threading.pool, maxInstances: threading.max_instances };
}

export interface RuntimeOptions extends SchedulerOptions {
  /** A scheduler shared with other runtimes; by default the runtime makes (and disposes) its own. */
  scheduler?: Scheduler;
}

export interface LoadedComponent {
  instance: ComponentInstance;
  timing: LoadTiming & { transpileMs: number };
}

export class ComponentRuntime {
  readonly cache: TranspileCache;
  readonly scheduler: Scheduler;
  private readonly ownsScheduler: boolean;

  constructor(
    private readonly wit: WitRegistry,
    cacheDir: string,
    options: RuntimeOptions = {},
  ) {
    this.cache = new TranspileCache(cacheDir);
    this.ownsScheduler = options.scheduler === undefined;
    this.scheduler = options.scheduler ?? new Scheduler(options);
  }

  /** Unloads every component and stops the worker pools (when the runtime made its scheduler). */
  async dispose(): Promise<void> {
    if (this.ownsScheduler) await this.scheduler.dispose();
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

  /** Checks, transpiles (or reuses the cache) and instantiates a component where its threading says. */
  async load(options: LoadComponentOptions): Promise<LoadedComponent> {
    await this.checkWorld(options.bytes, options.world, options.apiVersion, options.identity);
    const transpiled = await this.cache.get(options.bytes);
    await mkdir(options.dataDir, { recursive: true });
    const component = this.scheduler.add({
      identity: options.identity,
      apiVersion: options.apiVersion,
      transpiled: { ...transpiled, usesWasi: transpiled.imports.some((name) => name.startsWith('wasi:')) },
      dataDir: options.dataDir,
      threading: threadingSpec(options.threading),
      callTimeoutMs: options.callTimeoutMs ?? defaultCallTimeoutMs(options.world),
      lifecycleTimeoutMs: options.lifecycleTimeoutMs ?? DEFAULT_LIFECYCLE_TIMEOUT_MS,
      memoryMb: options.memoryMb ?? DEFAULT_MEMORY_MB,
      maxQueue: options.maxQueue ?? DEFAULT_MAX_QUEUE,
      grants: options.grants ?? {},
      ...(options.onLog ? { onLog: options.onLog } : {}),
    });
    const instance = new ComponentInstance(component, options.apiVersion);
    try {
      const timing = await instance.start();
      return { instance, timing: { ...timing, transpileMs: transpiled.transpileMs } };
    } catch (error) {
      await instance.dispose();
      throw error;
    }
  }
}
