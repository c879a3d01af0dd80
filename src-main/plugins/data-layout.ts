/**
 * Where plugin things live inside the data folder. Staging and trash are inside it too,
 * so moving a package into place, or out of it, is one rename on the same file system.
 */
import { join, relative, resolve, sep } from 'node:path';
import { FugueError } from '../../src-shared/errors.ts';

export class PluginDataLayout {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = resolve(dataDir);
  }

  get catalogFile(): string {
    return join(this.root, 'catalog.db');
  }

  /** Installed packages: `plugins/<id>/<version>/`. */
  get pluginsDir(): string {
    return join(this.root, 'plugins');
  }

  /** Installs in progress, one folder each; anything here at startup is a leftover. */
  get stagingDir(): string {
    return join(this.root, 'staging');
  }

  /** Folders being deleted (renamed here first so a half-deleted package is never in place). */
  get trashDir(): string {
    return join(this.root, 'trash');
  }

  /** The runtime's transpiled-component cache. */
  get transpileCacheDir(): string {
    return join(this.root, 'cache', 'transpiled');
  }

  /** Every installed version of one plugin: `plugins/<id>/`. */
  pluginFolder(pluginId: string): string {
    return join(this.pluginsDir, pluginId);
  }

  /** The folder a plugin's WASI sees as `/data`, shared by its versions. */
  pluginDataDir(pluginId: string): string {
    return join(this.root, 'plugin-data', pluginId);
  }

  /** An install folder relative to the data folder, as the catalog stores it. */
  relativeInstallDir(pluginId: string, folderName: string): string {
    return ['plugins', pluginId, folderName].join('/');
  }

  /** The absolute path of a catalog install folder; refuses one that points outside `plugins/`. */
  absolute(relativeDir: string): string {
    const full = resolve(this.root, relativeDir);
    const inside = relative(this.pluginsDir, full);
    if (inside === '' || inside.startsWith('..') || inside.startsWith(sep)) {
      throw new FugueError({ code: 'corrupt-data', message: `the catalog names an install folder outside the plugins folder ("${relativeDir}"); reinstall the plugin` });
    }
    return full;
  }
}
