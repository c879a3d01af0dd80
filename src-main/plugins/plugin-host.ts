/**
 * The running plugins: one generation (a set of component instances of one version)
 * per plugin id, and the routing of calls to it. An update starts the new generation
 * beside the old one and swaps the route in one synchronous step; calls already in
 * flight finish on the old generation, which is then told `on-disable(reload)` and
 * stopped. Nothing here touches the disk or the catalog.
 */
import type { Disposable } from '../../src-shared/disposable.ts';
import { FugueError } from '../../src-shared/errors.ts';
import { kindOfWorld, type Ability, type ComponentManifest, type PluginManifest } from '../../src-shared/manifest/index.ts';
import type { CallOptions, ComponentInstance, DisableReason } from '../runtime/component-instance.ts';
import { schedulingOf, type LoadComponentOptions } from '../runtime/component-runtime.ts';
import type { Grants } from '../runtime/host-services/grants.ts';
import { toWitSettings, type SettingValue } from '../../src-shared/settings/settings.ts';

/** The part of the runtime the host uses (ComponentRuntime satisfies it). */
export interface ComponentLoader {
  load(options: LoadComponentOptions): Promise<{ instance: ComponentInstance }>;
}

/** A version to start: its manifest and each component's verified bytes by component id. */
export interface PluginToStart {
  manifest: PluginManifest;
  components: ReadonlyMap<string, Uint8Array>;
  /** The folder holding the version's files (install folder, or a dev project): sidecars start from here. */
  root?: string | undefined;
}

export interface PluginHostOptions {
  /** The folder a plugin's WASI sees as `/data`. */
  dataDirOf(pluginId: string): string;
  onLog?(pluginId: string, level: string, message: string): void;
  /** What the plugin's version may reach through host services (network hosts, kv store, sidecars); default nothing. */
  grantsOf?(manifest: PluginManifest, root: string | undefined): Grants;
  /** How long a replaced or unloaded generation may keep serving in-flight calls and leases. */
  drainTimeoutMs?: number;
  /**
   * Called after a plugin's last instance stopped on unload (disable, uninstall,
   * shutdown): releases what outlives instances, such as its shared sidecars.
   */
  onUnloaded?(pluginId: string): Promise<void>;
  /** The values the user saved for an ability (applied through `settings.apply` at start). */
  savedSettings?(pluginId: string, typeId: string): Record<string, SettingValue>;
}

/** A started version; hand it to {@link PluginHost.activate} or {@link PluginHost.discard}. */
export class PluginGeneration {
  inFlight = 0;
  private retiredWith: DisableReason | undefined;
  private drainTimer: NodeJS.Timeout | undefined;
  private stopped: Promise<void> | undefined;
  /** Set while retiring: stops the generation; runs once, at the last release or the drain deadline. */
  private onIdle: (() => void) | undefined;

  constructor(
    readonly manifest: PluginManifest,
    readonly instances: ReadonlyMap<string, ComponentInstance>,
  ) {}

  get pluginId(): string {
    return this.manifest.id;
  }

  get version(): string {
    return this.manifest.version;
  }

  /** The component serving `iface` (its world's kind), else the named or the only one. */
  instanceFor(componentId: string | undefined, iface?: string): ComponentInstance {
    const component = componentId === undefined ? this.pickComponent(iface) : this.manifest.components.find((entry) => entry.id === componentId);
    const instance = component === undefined ? undefined : this.instances.get(component.id);
    if (instance === undefined) {
      const ids = this.manifest.components.map((entry) => entry.id).join(', ');
      throw new FugueError({ code: 'not-found', message: `${this.pluginId} ${this.version} has no component "${componentId ?? iface ?? ''}" (it has: ${ids})`, plugin: { pluginId: this.pluginId, version: this.version } });
    }
    return instance;
  }

  /** Stops the generation once its in-flight work has finished (or the drain deadline passed). */
  retire(reason: DisableReason, drainTimeoutMs: number): Promise<void> {
    if (this.retiredWith === undefined) {
      this.retiredWith = reason;
      this.stopped = new Promise((resolve) => {
        this.onIdle = () => resolve(this.stop(reason));
        this.drainTimer = setTimeout(() => this.onIdle?.(), drainTimeoutMs);
        if (this.inFlight === 0) this.onIdle();
      });
    }
    return this.stopped as Promise<void>;
  }

  /** Called when the last in-flight call or lease ends. */
  released(): void {
    this.inFlight -= 1;
    if (this.inFlight === 0 && this.retiredWith !== undefined) this.onIdle?.();
  }

  private async stop(reason: DisableReason): Promise<void> {
    this.onIdle = undefined;
    clearTimeout(this.drainTimer);
    await Promise.all([...this.instances.values()].map((instance) => instance.dispose(reason)));
  }

  private pickComponent(iface: string | undefined): ComponentManifest | undefined {
    const components = this.manifest.components;
    if (components.length === 1) return components[0];
    return components.find((component) => kindOfWorld(component.world) === iface);
  }
}

/** An ability a running plugin provides, and where it lives. */
export interface RunningAbility {
  pluginId: string;
  version: string;
  componentId: string;
  ability: Ability;
}

/** A hold on one generation's component: calls through it stay on that version until released. */
export interface PluginLease {
  readonly version: string;
  readonly instance: ComponentInstance;
  release(): void;
}

export class PluginHost implements Disposable {
  private readonly active = new Map<string, PluginGeneration>();
  private readonly retiring = new Set<Promise<void>>();
  private readonly drainTimeoutMs: number;

  constructor(
    private readonly loader: ComponentLoader,
    private readonly options: PluginHostOptions,
  ) {
    this.drainTimeoutMs = options.drainTimeoutMs ?? 30_000;
  }

  /**
   * Loads every component of a version and calls `on-enable` on each. Not routed yet.
   * On any failure, what was loaded is stopped and the error is thrown.
   */
  async start(plugin: PluginToStart): Promise<PluginGeneration> {
    const { manifest } = plugin;
    const instances = new Map<string, ComponentInstance>();
    try {
      for (const component of manifest.components) {
        const bytes = plugin.components.get(component.id);
        if (bytes === undefined) throw new FugueError({ code: 'internal', message: `no bytes for component "${component.id}" of ${manifest.id}` });
        const { instance } = await this.loader.load(this.loadOptions(manifest, component, bytes, plugin.root));
        instances.set(component.id, instance);
        await instance.enable();
        await this.applySavedSettings(manifest, component, instance);
      }
    } catch (error) {
      await Promise.all([...instances.values()].map((instance) => instance.dispose('unload')));
      throw error;
    }
    return new PluginGeneration(manifest, instances);
  }

  /** Routes the plugin's new calls to `generation`; the one it replaces drains and gets `on-disable(reload)`. */
  activate(generation: PluginGeneration): void {
    const previous = this.active.get(generation.pluginId);
    this.active.set(generation.pluginId, generation);
    if (previous !== undefined && previous !== generation) this.track(previous.retire('reload', this.drainTimeoutMs));
  }

  /** Stops a started generation that was never activated. */
  async discard(generation: PluginGeneration): Promise<void> {
    await generation.retire('unload', 0);
  }

  /** Stops routing to the plugin; resolves when its instances are stopped. Returns whether it was running. */
  async unload(pluginId: string, reason: DisableReason): Promise<boolean> {
    const generation = this.active.get(pluginId);
    if (generation === undefined) return false;
    this.active.delete(pluginId);
    await this.track(generation.retire(reason, this.drainTimeoutMs));
    // A generation started meanwhile (an install racing the unload) keeps what it needs.
    if (!this.active.has(pluginId)) await this.options.onUnloaded?.(pluginId);
    return true;
  }

  /** Calls `fn` of `iface` on the plugin's current version. */
  async call(pluginId: string, iface: string, fn: string, args: unknown[] = [], options: CallOptions & { component?: string } = {}): Promise<unknown> {
    const lease = this.acquire(pluginId, options.component, iface);
    try {
      return await lease.instance.call(iface, fn, args, options);
    } finally {
      lease.release();
    }
  }

  /** Holds the current version of a component, e.g. for a decoder session spanning many calls. */
  acquire(pluginId: string, componentId?: string, iface?: string): PluginLease {
    const generation = this.active.get(pluginId);
    if (generation === undefined) {
      throw new FugueError({ code: 'not-found', message: `plugin ${pluginId} is not running; enable it first ("fugue plugin enable ${pluginId}")`, plugin: { pluginId } });
    }
    const instance = generation.instanceFor(componentId, iface);
    generation.inFlight += 1;
    let released = false;
    return {
      version: generation.version,
      instance,
      release: () => {
        if (released) return;
        released = true;
        generation.released();
      },
    };
  }

  /** The running version of a plugin, if it runs. */
  activeVersion(pluginId: string): string | undefined {
    return this.active.get(pluginId)?.version;
  }

  /** The manifest of the plugin's running version (a dev folder's included, which the catalog lacks). */
  manifestOf(pluginId: string): PluginManifest | undefined {
    return this.active.get(pluginId)?.manifest;
  }

  /** The abilities of `kind` that running plugins provide, in plugin id order. */
  abilities(kind: Ability['kind']): RunningAbility[] {
    const found: RunningAbility[] = [];
    for (const generation of [...this.active.values()].sort((a, b) => a.pluginId.localeCompare(b.pluginId))) {
      for (const component of generation.manifest.components) {
        for (const ability of component.abilities) {
          if (ability.kind === kind) found.push({ pluginId: generation.pluginId, version: generation.version, componentId: component.id, ability });
        }
      }
    }
    return found;
  }

  /** Every running plugin and its version. */
  running(): { pluginId: string; version: string }[] {
    return [...this.active.values()].map((generation) => ({ pluginId: generation.pluginId, version: generation.version }));
  }

  /** Resolves when every replaced generation has stopped. */
  async settled(): Promise<void> {
    while (this.retiring.size > 0) await Promise.all(this.retiring);
  }

  /** Stops every plugin with `on-disable(shutdown)`. */
  async dispose(): Promise<void> {
    await Promise.all([...this.active.keys()].map((pluginId) => this.unload(pluginId, 'shutdown')));
    await this.settled();
  }

  /**
   * Hands each ability of a started component its settings (defaults with saved values
   * over them); the scheduler replays them into every later instance. A plugin refusing
   * its settings keeps running with its defaults, and says so in its log.
   */
  private async applySavedSettings(manifest: PluginManifest, component: ComponentManifest, instance: ComponentInstance): Promise<void> {
    for (const ability of component.abilities) {
      if (ability.config_schema === undefined) continue;
      const settings = toWitSettings(ability.config_schema, this.options.savedSettings?.(manifest.id, ability.type_id) ?? {});
      if (settings.length === 0) continue;
      try {
        await instance.call('settings', 'apply', [ability.type_id, settings]);
      } catch (error) {
        this.options.onLog?.(manifest.id, 'warn', `the saved settings of ${ability.type_id} were refused, so its defaults apply: ${(error as Error).message}`);
      }
    }
  }

  private track(stopping: Promise<void>): Promise<void> {
    const tracked = stopping.finally(() => this.retiring.delete(tracked));
    this.retiring.add(tracked);
    return tracked;
  }

  private loadOptions(manifest: PluginManifest, component: ComponentManifest, bytes: Uint8Array, root: string | undefined): LoadComponentOptions {
    const onLog = this.options.onLog;
    return {
      identity: { pluginId: manifest.id, version: manifest.version, component: component.id },
      world: component.world,
      apiVersion: manifest.api_version,
      bytes,
      dataDir: this.options.dataDirOf(manifest.id),
      // The manifest's threading, memory cap and deadline: the scheduler places the instance.
      ...schedulingOf(component),
      grants: this.options.grantsOf?.(manifest, root) ?? {},
      ...(onLog === undefined ? {} : { onLog: (level: string, message: string) => onLog(manifest.id, level, message) }),
    };
  }
}
