/**
 * The composition root of plugin management: builds the catalog, the runtime, the
 * plugin host and the installer over one data folder, in that order, and releases
 * them in reverse. Nothing else constructs these; front ends (CLI, Electron, web) call
 * {@link PluginServices.open} and pass the services on.
 */
import { mkdir } from 'node:fs/promises';
import { DisposableStore, toDisposable, type Disposable } from '../../src-shared/disposable.ts';
import { FugueError } from '../../src-shared/errors.ts';
import { checkSettings, toWitSettings } from '../../src-shared/settings/settings.ts';
import { findLyrics, type FindLyricsOptions, type LyricsLookup, type LyricsQuery } from '../lyrics/lyrics-service.ts';
import { installBuiltins, type BuiltinOutcome } from '../plugins/builtins.ts';
import { DevMode } from '../plugins/dev-mode.ts';
import { PluginDataLayout } from '../plugins/data-layout.ts';
import { Installer } from '../plugins/installer.ts';
import type { PackageLimits } from '../plugins/package-files.ts';
import { catalogGrants } from '../plugins/plugin-grants.ts';
import { PluginHost } from '../plugins/plugin-host.ts';
import { reconcile, startPlugins, type StartupEntry } from '../plugins/startup.ts';
import { ComponentRuntime } from '../runtime/component-runtime.ts';
import { WitRegistry } from '../runtime/wit-registry.ts';
import { worldInspector } from '../runtime/world-check.ts';
import { Catalog } from '../state/catalog.ts';
import { SidecarRegistry } from '../sidecars/sidecar-registry.ts';
import { DataDirLock } from './data-dir-lock.ts';
import { hostVersion } from './host-version.ts';
import { BUNDLED_WIT_ROOT } from './paths.ts';

export interface PluginServicesOptions {
  dataDir: string;
  /** Folder of supported WIT versions (default: the bundled `wit/`). */
  witRoot?: string;
  /** Built-in package zips, installed by {@link PluginServices.start}. */
  builtinPackages?: readonly string[];
  onPluginLog?(pluginId: string, level: string, message: string): void;
  limits?: Partial<PackageLimits>;
  /** How long a replaced version may finish in-flight calls before it is stopped. */
  drainTimeoutMs?: number;
}

/** What {@link PluginServices.start} did. */
export interface StartupReport {
  builtins: BuiltinOutcome[];
  plugins: StartupEntry[];
  milliseconds: number;
}

export class PluginServices implements Disposable {
  private readonly store = new DisposableStore();
  private dev: DevMode | undefined;

  private constructor(
    readonly layout: PluginDataLayout,
    readonly catalog: Catalog,
    readonly runtime: ComponentRuntime,
    readonly host: PluginHost,
    readonly installer: Installer,
    private readonly builtinPackages: readonly string[],
    lock: DataDirLock,
    readonly sidecars: SidecarRegistry,
  ) {
    // Released in reverse: let running operations finish, stop plugins, stop workers, close the catalog, stop sidecars, unlock.
    this.store.add(lock);
    this.store.add(sidecars);
    this.store.add(catalog);
    this.store.add(runtime);
    this.store.add(host);
    this.store.add(toDisposable(() => installer.idle()));
  }

  /**
   * Opens the services over a data folder, locking it against other Fugue processes;
   * no plugin runs until {@link start}.
   */
  static async open(options: PluginServicesOptions): Promise<PluginServices> {
    const layout = new PluginDataLayout(options.dataDir);
    await mkdir(layout.root, { recursive: true });
    const lock = await DataDirLock.acquire(layout.root);
    let catalog: Catalog | undefined;
    try {
      const wit = await WitRegistry.open(options.witRoot ?? BUNDLED_WIT_ROOT);
      catalog = Catalog.open(layout.catalogFile);
      return PluginServices.build(layout, wit, catalog, lock, options);
    } catch (error) {
      catalog?.close();
      await lock.dispose();
      throw error;
    }
  }

  private static build(layout: PluginDataLayout, wit: WitRegistry, catalog: Catalog, lock: DataDirLock, options: PluginServicesOptions): PluginServices {
    const runtime = new ComponentRuntime(wit, layout.transpileCacheDir);
    // Under the data-dir lock no other Fugue uses this folder, so recorded sidecars still alive are orphans.
    const sidecars = SidecarRegistry.open({
      dataDir: layout.root,
      ...(options.onPluginLog === undefined ? {} : { onLog: (entry) => options.onPluginLog?.(entry.pluginId, entry.level, entry.message) }),
      // A crash-restart and a sidecar given up on are what a user asks about later: they go to the event log.
      onEvent: ({ kind, sidecar }) => {
        const why = sidecar.lastCrash() ?? 'no reason given';
        const event =
          kind === 'restarting' ? { kind: 'sidecar-restarting' as const, message: `sidecar ${sidecar.executable} crashed (${why}); restarting it` }
          : kind === 'failed' ? { kind: 'sidecar-failed' as const, message: `sidecar ${sidecar.executable} kept crashing and was given up on: ${why}` }
          : undefined;
        if (event === undefined || !catalog.isOpen) return;
        catalog.events.add(sidecar.pluginId, event);
      },
    });
    const host = new PluginHost(runtime, {
      dataDirOf: (pluginId) => layout.pluginDataDir(pluginId),
      // Read from the catalog at every request: a grant or revoke reaches running plugins at once.
      grantsOf: (manifest, root) => catalogGrants(catalog, manifest.id, { manifest, root }, { registry: sidecars }),
      ...(options.onPluginLog === undefined ? {} : { onLog: options.onPluginLog }),
      ...(options.drainTimeoutMs === undefined ? {} : { drainTimeoutMs: options.drainTimeoutMs }),
      // Sidecars are native processes: none may outlive its plugin being turned off or removed.
      onUnloaded: (pluginId) => sidecars.stopPlugin(pluginId),
      savedSettings: (pluginId, typeId) => catalog.config.get(pluginId, typeId),
    });
    const installer = new Installer({
      layout,
      catalog,
      host,
      inspectComponent: worldInspector(wit),
      // Transpiling at install time means the first start after it pays only for instantiation.
      prepareComponent: async (bytes) => {
        await runtime.cache.get(bytes);
      },
      hostVersion: hostVersion(),
      ...(options.limits === undefined ? {} : { limits: options.limits }),
    });
    return new PluginServices(layout, catalog, runtime, host, installer, options.builtinPackages ?? [], lock, sidecars);
  }

  /** Dev mode over these services (created on first use; its links end when the services are disposed). */
  get devMode(): DevMode {
    if (this.dev === undefined) {
      this.dev = new DevMode({ catalog: this.catalog, host: this.host, installer: this.installer });
      // Added last, so released first: links unlink while the host and installer still run.
      this.store.add(this.dev);
    }
    return this.dev;
  }

  /**
   * Saves the settings of one ability (replacing what was saved) after checking them
   * against its schema, and hands them to the plugin if it runs. Resolves with how the
   * plugin took them: `applied`, `needs-recreate` (its sessions must be reopened), or
   * `saved` when it is not running (it gets them when it starts).
   */
  async saveSettings(pluginId: string, typeId: string, values: Record<string, unknown>): Promise<'applied' | 'needs-recreate' | 'saved'> {
    const { component, ability } = this.abilityWithSettings(pluginId, typeId);
    const checked = checkSettings(ability.config_schema, values);
    if (!checked.ok) {
      throw new FugueError({ code: 'invalid-argument', message: `the settings of ${pluginId}/${typeId} were not saved: ${checked.issues.map((issue) => issue.message).join('; ')}`, plugin: { pluginId } });
    }
    if (this.host.activeVersion(pluginId) === undefined) {
      this.catalog.config.set(pluginId, typeId, checked.values);
      return 'saved';
    }
    // Saved only once the plugin took them: values it refuses would be refused at every start.
    const outcome = await this.host.call(pluginId, 'settings', 'apply', [typeId, toWitSettings(ability.config_schema, checked.values)], { component: component.id });
    this.catalog.config.set(pluginId, typeId, checked.values);
    return outcome === 'needs-recreate' ? 'needs-recreate' : 'applied';
  }

  /** Lyrics for a track from the running lyrics providers (local files first, then the web). */
  findLyrics(query: LyricsQuery, options: FindLyricsOptions = {}): Promise<LyricsLookup> {
    return findLyrics(this.host, query, options);
  }

  private abilityWithSettings(pluginId: string, typeId: string) {
    const manifest = this.catalog.currentVersion(pluginId)?.manifest;
    if (manifest === undefined) throw new FugueError({ code: 'not-found', message: `no plugin "${pluginId}" is installed; "fugue plugin list" shows the installed ones` });
    const withSettings = manifest.components.flatMap((component) => component.abilities.filter((ability) => ability.config_schema !== undefined).map((ability) => ({ component, ability })));
    const found = withSettings.find((entry) => entry.ability.type_id === typeId);
    if (found === undefined) {
      throw new FugueError({ code: 'not-found', message: `${pluginId} has no settings for "${typeId}" (abilities with settings: ${withSettings.map((entry) => entry.ability.type_id).join(', ') || 'none'})`, plugin: { pluginId } });
    }
    return found;
  }

  /**
   * Makes the disk agree with the catalog after an interrupted install, update or
   * uninstall, and removes dev links left by a dev-mode process that was killed: under
   * the data-dir lock no such process can still be running.
   */
  async repair(): Promise<void> {
    await reconcile(this.layout, this.catalog, this.installer);
    for (const link of this.catalog.devLinks.list()) {
      if (this.dev?.isLinked(link.pluginId) === true) continue;
      this.catalog.transaction(() => {
        this.catalog.devLinks.unlink(link.pluginId);
        this.catalog.events.add(link.pluginId, { kind: 'dev-unlinked', message: `no longer running from ${link.folder}: the dev-mode process that linked it ended without unlinking` });
      });
    }
  }

  /** Repairs what an interrupted operation left, installs built-ins, then starts every enabled plugin. */
  async start(): Promise<StartupReport> {
    const started = performance.now();
    await this.repair();
    const builtins = await installBuiltins(this.builtinPackages, this.catalog, this.installer);
    const plugins = await startPlugins(this.catalog, this.installer, this.layout);
    return { builtins, plugins, milliseconds: performance.now() - started };
  }

  /** Stops every plugin (`on-disable(shutdown)`), then closes the catalog. */
  dispose(): Promise<void> {
    return this.store.dispose();
  }
}
