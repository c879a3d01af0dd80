/**
 * The installer: install, update, enable, disable and uninstall, as a serialised state
 * machine (one operation per plugin id at a time; different plugins proceed in
 * parallel). Lifecycle states move only along these edges:
 *
 *   (none) → installing → active | disabled        first install (undone on failure)
 *   active | disabled | failed → same or active     update, reinstall (old kept on failure)
 *   disabled | failed → active | failed             enable
 *   active | failed → disabled                      disable
 *   any installed → pending-uninstall → (none)      uninstall (retried at startup)
 */
import { FugueError, toFugueErrorData } from '../../src-shared/errors.ts';
import type { Catalog } from '../state/catalog.ts';
import type { PluginRecord } from '../state/catalog-types.ts';
import { commitInstall, type InstallOptions, type InstallOutcome } from './commit-install.ts';
import type { PluginDataLayout } from './data-layout.ts';
import { readInstalledVersion, removeFolder } from './installed-files.ts';
import { KeyedQueue } from './keyed-queue.ts';
import type { PackageLimits } from './package-files.ts';
import type { PluginHost } from './plugin-host.ts';
import { stagePackage, type InstallSource, type StagedPackage } from './stage-package.ts';
import { StagingArea } from './staging.ts';
import type { InspectComponent } from './validate-package.ts';

export type { InstallOptions, InstallOutcome, InstallStep } from './commit-install.ts';
export type { InstallSource } from './stage-package.ts';

export interface InstallerOptions {
  layout: PluginDataLayout;
  catalog: Catalog;
  host: PluginHost;
  /** The component check of package validation (`worldInspector(wit)`). */
  inspectComponent: InspectComponent;
  /** Transpiles a component into the runtime's cache before it is committed. */
  prepareComponent?: (bytes: Uint8Array) => Promise<void>;
  /** This host's version, checked against `engines.fugue`. */
  hostVersion?: string;
  limits?: Partial<PackageLimits>;
}

/** How an uninstall ended: `completed`, or `pending` when files could not be removed yet. */
export interface UninstallOutcome {
  pluginId: string;
  completed: boolean;
}

export class Installer {
  private readonly queue = new KeyedQueue();

  constructor(private readonly options: InstallerOptions) {}

  /** Installs or updates a package; see {@link InstallOptions}. Throws a FugueError (a PackageRejectedError for bad packages). */
  async install(source: InstallSource, options: InstallOptions = {}): Promise<InstallOutcome> {
    const { layout, catalog, host } = this.options;
    const staging = await StagingArea.create(layout.stagingDir);
    try {
      const staged = await stagePackage(source, staging, {
        inspectComponent: this.options.inspectComponent,
        hostVersion: this.options.hostVersion,
        limits: this.options.limits,
        onStaged: () => options.onProgress?.('staged'),
      });
      options.onProgress?.('validated');
      const context = { layout, catalog, host, prepareComponent: this.options.prepareComponent };
      return await this.queue.run(staged.manifest.id, () => commitInstall(context, staged, staging, options));
    } finally {
      await staging.remove();
    }
  }

  /**
   * Copies and validates a package exactly as {@link install} does, without installing
   * it: dev mode runs the result straight from memory. Throws a PackageRejectedError.
   */
  async validate(source: InstallSource): Promise<StagedPackage> {
    const staging = await StagingArea.create(this.options.layout.stagingDir);
    try {
      return await stagePackage(source, staging, { inspectComponent: this.options.inspectComponent, hostVersion: this.options.hostVersion, limits: this.options.limits });
    } finally {
      await staging.remove();
    }
  }

  /** Turns a plugin on: verifies its files, starts it, and records the outcome. */
  enable(pluginId: string): Promise<PluginRecord> {
    return this.queue.run(pluginId, async () => {
      const plugin = this.installed(pluginId);
      if (this.options.host.activeVersion(pluginId) === undefined) await this.load(plugin);
      this.options.catalog.transaction(() => {
        this.options.catalog.setState(pluginId, { desired: 'enabled', lifecycle: 'active', lastError: null });
        this.options.catalog.events.add(pluginId, { kind: 'enabled', version: plugin.version, message: 'enabled' });
      });
      return this.options.catalog.requirePlugin(pluginId);
    });
  }

  /** Turns a plugin off: `on-disable(host-disable)`, then its instances are stopped. */
  disable(pluginId: string): Promise<PluginRecord> {
    return this.queue.run(pluginId, async () => {
      const plugin = this.installed(pluginId);
      const { catalog, host } = this.options;
      catalog.setState(pluginId, { desired: 'disabled' });
      await host.unload(pluginId, 'host-disable');
      catalog.transaction(() => {
        catalog.setState(pluginId, { lifecycle: 'disabled' });
        catalog.events.add(pluginId, { kind: 'disabled', version: plugin.version, message: 'disabled' });
      });
      return catalog.requirePlugin(pluginId);
    });
  }

  /**
   * Removes a plugin: `on-disable(unload)`, its files, and its config, KV and data
   * folder unless `keepData`. Built-in plugins cannot be uninstalled (disable them).
   */
  uninstall(pluginId: string, options: { keepData?: boolean } = {}): Promise<UninstallOutcome> {
    return this.queue.run(pluginId, async () => {
      const { catalog, host } = this.options;
      const plugin = catalog.requirePlugin(pluginId);
      if (plugin.builtin) {
        throw new FugueError({ code: 'conflict', message: `${pluginId} is built into Fugue and cannot be uninstalled; disable it instead ("fugue plugin disable ${pluginId}")`, plugin: { pluginId } });
      }
      const keepData = plugin.lifecycle === 'pending-uninstall' ? plugin.keepData || options.keepData === true : options.keepData === true;
      catalog.transaction(() => {
        catalog.markPendingUninstall(pluginId, keepData);
        catalog.events.add(pluginId, { kind: 'uninstall-started', version: plugin.version, message: keepData ? 'uninstalling, keeping its data' : 'uninstalling' });
      });
      await host.unload(pluginId, 'unload');
      return { pluginId, completed: await this.finishUninstall(pluginId) };
    });
  }

  /** Completes a pending uninstall: removes the files, then the rows. Returns false when files remain. */
  async finishUninstall(pluginId: string): Promise<boolean> {
    const { catalog, layout } = this.options;
    const plugin = catalog.requirePlugin(pluginId);
    const folders = [layout.pluginFolder(pluginId)];
    if (!plugin.keepData) folders.push(layout.pluginDataDir(pluginId));
    for (const folder of folders) {
      if (!(await removeFolder(layout, folder))) {
        catalog.events.add(pluginId, { kind: 'uninstall-retry-failed', version: plugin.version, message: `could not remove ${folder}; Fugue will try again at the next start` });
        return false;
      }
    }
    catalog.transaction(() => {
      catalog.deletePlugin(pluginId, { keepData: plugin.keepData });
      catalog.events.add(pluginId, { kind: 'uninstalled', version: plugin.version, message: plugin.keepData ? 'uninstalled; its config and data were kept' : 'uninstalled' });
    });
    return true;
  }

  /** The version of the plugin that is running now, if any. */
  runningVersion(pluginId: string): string | undefined {
    return this.options.host.activeVersion(pluginId);
  }

  /** Runs `work` as this plugin's next operation (startup loads use it too). */
  serialise<T>(pluginId: string, work: () => Promise<T>): Promise<T> {
    return this.queue.run(pluginId, work);
  }

  /** Settles once no operation is running or queued. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /**
   * Verifies and starts the installed version; on failure marks the plugin failed with
   * the error (a `modified-on-disk` one names the file) and an event, and rethrows.
   */
  async load(plugin: PluginRecord): Promise<void> {
    const { catalog, layout, host } = this.options;
    const record = catalog.currentVersion(plugin.id);
    try {
      if (record === undefined) throw new FugueError({ code: 'corrupt-data', message: `${plugin.id} has no installed version in the catalog; reinstall it`, plugin: { pluginId: plugin.id } });
      const generation = await host.start(await readInstalledVersion(layout, catalog, record));
      host.activate(generation);
    } catch (error) {
      const data = toFugueErrorData(error);
      catalog.transaction(() => {
        catalog.setState(plugin.id, { lifecycle: 'failed', lastError: data });
        catalog.events.add(plugin.id, { kind: data.code === 'modified-on-disk' ? 'modified-on-disk' : 'load-failed', version: plugin.version, message: data.message, error: data });
      });
      throw error;
    }
  }

  private installed(pluginId: string): PluginRecord {
    const plugin = this.options.catalog.requirePlugin(pluginId);
    if (plugin.lifecycle === 'pending-uninstall' || plugin.lifecycle === 'installing') {
      throw new FugueError({ code: 'conflict', message: `${pluginId} is ${plugin.lifecycle === 'installing' ? 'being installed' : 'being uninstalled'}; try again when that has finished`, plugin: { pluginId } });
    }
    return plugin;
  }
}
