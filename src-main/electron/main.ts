/**
 * The desktop app: `electron out/electron/main.js [--data-dir=<dir>] [--sink=…]
 * [--renderer=<dir>] [--no-builtins] [package.zip…]`. One instance per data folder: a
 * second start focuses the first and hands it the packages it was asked to open; packages
 * opened from the OS (arguments, macOS `open-file`) install after the user's consent in
 * native dialogs (see open-packages.ts). Quitting shuts the services down in order.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type * as Electron from 'electron';
import { toFugueErrorData } from '../../src-shared/errors.ts';
import { firstPartyPackages, resolveDataDir } from '../app/paths.ts';
import { DEFAULT_RENDERER_DIR } from '../cli/serve.ts';
import { APP_SCHEME_PRIVILEGES } from './app-protocol.ts';
import { nativePrompts } from './native-prompts.ts';
import { PackageOpener, packagePathsIn } from './open-packages.ts';
import { ELECTRON_PRELOAD_CJS } from './out-paths.ts';
import { DesktopShell } from './shell.ts';

/** The parts of the `electron` module the app uses. */
export type ElectronMain = Pick<typeof Electron, 'app' | 'BrowserWindow' | 'ipcMain' | 'dialog' | 'protocol' | 'session'>;

export interface ElectronAppOptions {
  dataDir: string | undefined;
  sink: string;
  renderer: string | undefined;
  builtins: boolean;
  /** Package paths to install (after consent). */
  packages: string[];
}

/** Reads the app's options from `argv` (without the executable); Chromium's own switches are ignored. */
export function parseElectronArgs(args: readonly string[], cwd = process.cwd()): ElectronAppOptions {
  const { values } = parseArgs({
    args: [...args],
    options: { 'data-dir': { type: 'string' }, sink: { type: 'string' }, renderer: { type: 'string' }, 'no-builtins': { type: 'boolean' } },
    strict: false,
    allowPositionals: true,
  });
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  return { dataDir: text(values['data-dir']), sink: text(values.sink) ?? 'default', renderer: text(values.renderer), builtins: values['no-builtins'] !== true, packages: packagePathsIn(args, cwd) };
}

/** Runs the app until it quits; `argv` is `process.argv`. */
export async function runElectronApp(electron: ElectronMain, argv: readonly string[]): Promise<void> {
  const { app, dialog } = electron;
  const options = parseElectronArgs(argv.slice(1));
  const dataDir = resolveDataDir(options.dataDir);
  // Chromium's profile (and so the single-instance lock) lives in the data folder: one instance per data folder.
  app.setPath('userData', join(dataDir, 'electron'));
  electron.protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  if (!app.requestSingleInstanceLock()) return app.quit();

  let shell: DesktopShell<Electron.BrowserWindow> | undefined;
  const ask = (box: Electron.MessageBoxOptions) => (shell?.currentWindow === undefined ? dialog.showMessageBox(box) : dialog.showMessageBox(shell.currentWindow, box));
  const opener = new PackageOpener(nativePrompts(ask));
  void opener.open(options.packages);
  app.on('open-file', (event, path) => {
    event.preventDefault();
    void opener.open([path]);
  });
  app.on('second-instance', (_event, commandLine, workingDirectory) => {
    shell?.showWindow();
    void opener.open(packagePathsIn(commandLine.slice(1), workingDirectory));
  });

  await app.whenReady();
  try {
    shell = await DesktopShell.start(electron, { dataDir, sink: options.sink, rendererDir: rendererDir(options.renderer), preload: ELECTRON_PRELOAD_CJS, builtinPackages: builtins(options.builtins), notice: (message) => console.error(`fugue: ${message}`) });
  } catch (error) {
    const message = toFugueErrorData(error).message;
    console.error(`fugue: could not start: ${message}`);
    dialog.showErrorBox('Fugue could not start', message);
    return app.exit(1);
  }
  void opener.ready(shell.contract.handlers);
  quitInOrder(app, shell);
}

/** Quits when the last window closes (except on macOS), and on SIGINT/SIGTERM; services are disposed first. */
function quitInOrder(app: ElectronMain['app'], shell: DesktopShell<Electron.BrowserWindow>): void {
  let stopping: Promise<void> | undefined;
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => void shell.showWindow());
  app.on('will-quit', (event) => {
    event.preventDefault();
    stopping ??= shell
      .dispose()
      .catch((error: unknown) => console.error(`fugue: shutting down: ${toFugueErrorData(error).message}`))
      .finally(() => app.exit(0));
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.quit());
}

function rendererDir(explicit: string | undefined): string | undefined {
  const dir = explicit ?? DEFAULT_RENDERER_DIR;
  if (existsSync(join(dir, 'index.html'))) return dir;
  console.error(`fugue: the renderer is not built in ${dir} ("npm run build:renderer"); the window shows a placeholder`);
  return undefined;
}

function builtins(enabled: boolean): string[] {
  if (!enabled) return [];
  const { packages, missing } = firstPartyPackages();
  if (missing.length > 0) console.error(`fugue: the built-in plugins ${missing.join(', ')} are not built ("npm run build:plugins" builds them)`);
  return packages;
}
