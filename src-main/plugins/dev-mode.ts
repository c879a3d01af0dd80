/**
 * Dev mode: a plugin project folder linked into the host. It is validated like any
 * package, runs instead of an installed copy of the same id (which stays installed and
 * comes back when the link is removed), and is watched: after a change settles (a
 * debounce), the folder is validated again and the new build swaps in through the
 * host's hot reload. A change that makes the package invalid keeps the running version
 * and records the error as an event. Nothing is copied into the data folder.
 */
import { resolve } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { toDisposable, type Disposable } from '../../src-shared/disposable.ts';
import { FugueError, toFugueErrorData, type FugueErrorData } from '../../src-shared/errors.ts';
import type { Catalog } from '../state/catalog.ts';
import type { ReceiptEntry } from '../state/catalog-types.ts';
import type { Installer } from './installer.ts';
import type { PluginHost } from './plugin-host.ts';
import type { StagedPackage } from './stage-package.ts';

/** What a linked folder's watcher did with a change. */
export type DevReloadEvent =
  | { kind: 'reloaded'; pluginId: string; version: string; changed: string[] }
  | { kind: 'failed'; pluginId: string; error: FugueErrorData; changed: string[] };

export interface DevModeOptions {
  catalog: Catalog;
  host: PluginHost;
  installer: Installer;
  /** Quiet time after the last change before reloading (a rebuild writes several files). */
  debounceMs?: number;
}

/** Folders that change without changing the plugin. */
const IGNORED = /(^|[\\/])(node_modules|\.git|\.cache)([\\/]|$)|\.partial$/;

export class DevMode implements Disposable {
  private readonly links = new Map<string, DevLink>();

  constructor(private readonly options: DevModeOptions) {}

  /** Whether `pluginId` runs from a folder linked by this process. */
  isLinked(pluginId: string): boolean {
    return this.links.has(pluginId);
  }

  /** Validates `folder`, runs it in place of any installed copy, and starts watching it. */
  async link(folder: string): Promise<DevLink> {
    const { catalog, host, installer } = this.options;
    const path = resolve(folder);
    const staged = await installer.validate({ kind: 'project', path });
    const pluginId = staged.manifest.id;
    if (this.links.has(pluginId)) {
      throw new FugueError({ code: 'conflict', message: `${pluginId} is already linked in dev mode from ${this.links.get(pluginId)?.folder}; unlink it first`, plugin: { pluginId } });
    }
    await installer.serialise(pluginId, async () => {
      host.activate(await host.start({ ...staged.start, root: path }));
      catalog.transaction(() => {
        catalog.devLinks.link(pluginId, path, staged.manifest.version);
        catalog.events.add(pluginId, { kind: 'dev-linked', version: staged.manifest.version, message: `running from ${path} in dev mode` });
      });
    });
    const link = new DevLink(pluginId, path, staged.receipt, this.options, () => this.unlink(pluginId));
    this.links.set(pluginId, link);
    try {
      await link.watch();
    } catch (error) {
      await this.unlink(pluginId);
      throw new FugueError({ code: 'io', message: `cannot watch ${path}: ${(error as Error).message}; check that the folder exists and can be read`, plugin: { pluginId } });
    }
    return link;
  }

  /**
   * Stops watching and running the dev folder of `pluginId`; the installed copy, if it
   * is installed and enabled, starts again.
   */
  async unlink(pluginId: string): Promise<void> {
    const link = this.links.get(pluginId);
    if (link === undefined) return;
    this.links.delete(pluginId);
    await link.stopWatching();
    const { catalog, host, installer } = this.options;
    await installer.serialise(pluginId, async () => {
      catalog.transaction(() => {
        catalog.devLinks.unlink(pluginId);
        catalog.events.add(pluginId, { kind: 'dev-unlinked', message: `no longer running from ${link.folder}` });
      });
      const installed = catalog.getPlugin(pluginId);
      if (installed !== undefined && installed.desired === 'enabled' && (installed.lifecycle === 'active' || installed.lifecycle === 'failed')) {
        // A failure is recorded on the plugin by load(); the dev copy is gone either way.
        await installer.load(installed).catch(() => host.unload(pluginId, 'unload'));
      } else {
        await host.unload(pluginId, 'unload');
      }
    });
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.links.keys()].map((pluginId) => this.unlink(pluginId)));
  }
}

/** One linked folder and its watcher. */
export class DevLink implements Disposable {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private changed = new Set<string>();
  private readonly listeners = new Set<(event: DevReloadEvent) => void>();

  constructor(
    readonly pluginId: string,
    readonly folder: string,
    private receipt: readonly ReceiptEntry[],
    private readonly options: DevModeOptions,
    private readonly remove: () => Promise<void>,
  ) {}

  /** Calls `listener` after each reload or refused change. */
  onEvent(listener: (event: DevReloadEvent) => void): Disposable {
    this.listeners.add(listener);
    return toDisposable(() => {
      this.listeners.delete(listener);
    });
  }

  /** Resolves with the next reload or refused change. */
  nextEvent(): Promise<DevReloadEvent> {
    return new Promise((resolvePromise) => {
      const subscription = this.onEvent((event) => {
        void subscription.dispose();
        resolvePromise(event);
      });
    });
  }

  /** Unlinks the folder (see {@link DevMode.unlink}). */
  dispose(): Promise<void> {
    return this.remove();
  }

  async watch(): Promise<void> {
    const watcher = watch(this.folder, { ignoreInitial: true, ignored: (path) => IGNORED.test(path.slice(this.folder.length)) });
    this.watcher = watcher;
    watcher.on('all', (_event, path) => this.schedule(path));
    await new Promise<void>((resolvePromise, reject) => {
      watcher.once('ready', resolvePromise);
      watcher.once('error', reject);
    });
  }

  async stopWatching(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.watcher?.close();
    this.watcher = undefined;
  }

  private schedule(path: string): void {
    if (this.watcher === undefined) return;
    this.changed.add(path.slice(this.folder.length + 1) || path);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reload(), this.options.debounceMs ?? 100);
  }

  private async reload(): Promise<void> {
    const changed = [...this.changed].sort();
    this.changed.clear();
    const { catalog, host, installer } = this.options;
    const event = await installer.serialise(this.pluginId, async (): Promise<DevReloadEvent | undefined> => {
      if (this.watcher === undefined) return undefined;
      try {
        const staged = await installer.validate({ kind: 'project', path: this.folder });
        this.checkSameId(staged);
        // A change outside what the package holds (sources, notes) leaves the build as it is.
        if (sameReceipt(staged.receipt, this.receipt)) return undefined;
        host.activate(await host.start({ ...staged.start, root: this.folder }));
        this.receipt = staged.receipt;
        const version = staged.manifest.version;
        catalog.transaction(() => {
          catalog.devLinks.setOutcome(this.pluginId, { version });
          catalog.events.add(this.pluginId, { kind: 'dev-reloaded', version, message: `reloaded from ${this.folder} after changes to ${changed.join(', ')}` });
        });
        return { kind: 'reloaded', pluginId: this.pluginId, version, changed };
      } catch (thrown) {
        const error = toFugueErrorData(thrown);
        const kept = host.activeVersion(this.pluginId);
        catalog.transaction(() => {
          catalog.devLinks.setOutcome(this.pluginId, { error });
          catalog.events.add(this.pluginId, { kind: 'dev-reload-failed', message: `the change to ${changed.join(', ')} was not loaded${kept === undefined ? '' : `; ${kept} keeps running`}: ${error.message}`, error });
        });
        return { kind: 'failed', pluginId: this.pluginId, error, changed };
      }
    });
    if (event !== undefined) for (const listener of [...this.listeners]) listener(event);
  }

  private checkSameId(staged: StagedPackage): void {
    if (staged.manifest.id !== this.pluginId) {
      throw new FugueError({ code: 'conflict', message: `plugin.json now says the id is ${staged.manifest.id}, but this folder was linked as ${this.pluginId}; stop dev mode and link it again to change the id`, plugin: { pluginId: this.pluginId } });
    }
  }
}

function sameReceipt(a: readonly ReceiptEntry[], b: readonly ReceiptEntry[]): boolean {
  return a.length === b.length && a.every((entry, index) => entry.path === b[index]?.path && entry.sha256 === b[index]?.sha256);
}
