/**
 * `fugue-plugin dev [dir] [--data-dir <dir>]`: builds the project, links it into Fugue's
 * dev mode (it runs in place of an installed copy), and watches its sources: a save
 * rebuilds (debounced), and the dev link reloads the rebuilt component through the
 * host's hot reload. A failed build keeps the running version and prints the compiler's
 * message.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { PluginServices } from '../../src-main/app/plugin-services.ts';
import type { DevLink, DevReloadEvent } from '../../src-main/plugins/dev-mode.ts';
import type { Disposable } from '../../src-shared/disposable.ts';
import { FugueError } from '../../src-shared/errors.ts';
import { buildProject, CliError, describeBuild, projectDir, type Io } from './project.ts';

/** What the author edits; everything else (dist/, generated bindings, caches) is output. */
const WATCHED = ['plugin.json', 'assembly', 'src', 'kernels', 'wit'];
const IGNORED = /(^|[\\/])(generated|node_modules|dist|\.cache)([\\/]|$)/;

export type RebuildEvent = { kind: 'rebuilt'; changed: string[]; milliseconds: number } | { kind: 'build-failed'; changed: string[]; message: string };

export interface DevOptions {
  dataDir: string;
  /** Quiet time after the last save before rebuilding. */
  debounceMs?: number;
}

/** A running dev session: the services holding the link, the source watcher, and its events. */
export class DevSession implements Disposable {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly changed = new Set<string>();
  private building: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(event: RebuildEvent) => void>();

  private constructor(
    readonly folder: string,
    readonly services: PluginServices,
    readonly link: DevLink,
    private readonly io: Io,
    private readonly debounceMs: number,
  ) {}

  /** Builds, links and starts watching. */
  static async start(dir: string | undefined, options: DevOptions, io: Io): Promise<DevSession> {
    const folder = projectDir(dir);
    await describeBuild(await buildProject(folder), io);
    const services = await PluginServices.open({ dataDir: options.dataDir }).catch((error: unknown) => {
      if (!(error instanceof FugueError) || error.code !== 'busy') throw error;
      throw new CliError(`${error.message}; or run dev mode on a separate data folder: --data-dir <folder>`);
    });
    let session: DevSession | undefined;
    try {
      await services.repair();
      const link = await services.devMode.link(folder);
      session = new DevSession(folder, services, link, io, options.debounceMs ?? 200);
      link.onEvent((event) => session?.reportReload(event));
      await session.watch();
      io.out(`dev mode: ${link.pluginId} ${services.host.activeVersion(link.pluginId) ?? ''} runs from ${folder} in the Fugue data folder ${options.dataDir}`);
      io.out(`watching ${WATCHED.filter((name) => existsSync(join(folder, name))).join(', ')} (Ctrl-C to stop)`);
      return session;
    } catch (error) {
      await (session === undefined ? services.dispose() : session.dispose());
      throw error;
    }
  }

  /** Calls `listener` after each rebuild attempt. */
  onRebuild(listener: (event: RebuildEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async watch(): Promise<void> {
    const paths = WATCHED.map((name) => join(this.folder, name)).filter((path) => existsSync(path));
    const watcher = watch(paths, { ignoreInitial: true, ignored: (path) => IGNORED.test(relative(this.folder, path)) });
    this.watcher = watcher;
    watcher.on('all', (_event, path) => this.schedule(relative(this.folder, path)));
    await new Promise<void>((resolvePromise, reject) => {
      watcher.once('ready', resolvePromise);
      watcher.once('error', reject);
    });
  }

  private schedule(path: string): void {
    this.changed.add(path);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      // One build at a time; saves during a build are picked up by the next one.
      this.building = this.building.then(() => this.rebuild());
    }, this.debounceMs);
  }

  private async rebuild(): Promise<void> {
    if (this.watcher === undefined || this.changed.size === 0) return;
    const changed = [...this.changed].sort();
    this.changed.clear();
    const time = new Date().toLocaleTimeString();
    let event: RebuildEvent;
    try {
      const result = await buildProject(this.folder);
      event = { kind: 'rebuilt', changed, milliseconds: result.milliseconds };
      this.io.out(`${time} rebuilt ${result.id} in ${(result.milliseconds / 1000).toFixed(2)} s (changed: ${changed.join(', ')})`);
    } catch (error) {
      event = { kind: 'build-failed', changed, message: (error as Error).message };
      this.io.err(`${time} ${(error as Error).message}\nthe running version stays until the next successful build`);
    }
    for (const listener of [...this.listeners]) listener(event);
  }

  private reportReload(event: DevReloadEvent): void {
    const time = new Date().toLocaleTimeString();
    // A package written beside and renamed shows up as a `.partial` file too; it is not news.
    const changed = event.changed.filter((path) => !path.endsWith('.partial')).join(', ');
    if (event.kind === 'reloaded') this.io.out(`${time} reloaded ${event.pluginId} ${event.version} in Fugue (changed: ${changed})`);
    else this.io.err(`${time} Fugue did not load the change, the running version stays: ${event.error.message}`);
  }

  /** Stops watching, unlinks (an installed copy runs again) and closes the services. */
  async dispose(): Promise<void> {
    clearTimeout(this.timer);
    await this.watcher?.close();
    this.watcher = undefined;
    await this.building;
    await this.services.dispose();
  }
}
