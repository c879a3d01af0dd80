/**
 * The desktop shell's composition root, given Electron's objects: the plugin services and
 * playback (as `fugue serve` builds them), the contract handlers, the `app://` protocol,
 * the hardened session, the IPC channels and the window. Electron comes in as narrow
 * interfaces, so the whole composition runs in plain Node tests with recording fakes.
 */
import type { OpenDialogOptions } from 'electron';
import { DisposableStore } from '../../src-shared/disposable.ts';
import { openAppHost } from '../app/app-host.ts';
import { PluginServices } from '../app/plugin-services.ts';
import type { ContractHost } from '../contract/handlers.ts';
import { contentSecurityPolicy } from '../web/security.ts';
import { APP_INDEX_URL, APP_SCHEME, appProtocolHandler } from './app-protocol.ts';
import { registerContractIpc, type IpcMainLike } from './ipc.ts';
import { createAppWindow, hardenSession, type SessionLike, type WindowConstructor, type WindowLike } from './window.ts';

/** The parts of Electron the shell uses, once the app is ready. */
export interface ShellElectron<W extends WindowLike> {
  BrowserWindow: WindowConstructor<W>;
  ipcMain: IpcMainLike;
  protocol: { handle(scheme: string, handler: (request: Request) => Promise<Response>): void; unhandle(scheme: string): void };
  session: { defaultSession: SessionLike };
  dialog: { showOpenDialog(window: W, options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }> };
}

export interface ShellOptions {
  dataDir: string;
  /** The built renderer; undefined shows a "not built" page. */
  rendererDir: string | undefined;
  /** The bundled preload (`out/electron/preload.cjs`). */
  preload: string;
  /** The output, as `fugue serve --sink` takes it. */
  sink: string;
  builtinPackages: readonly string[];
  /** Told about things the user should know that are not errors of a call (effects falling back). */
  notice(message: string): void;
}

export class DesktopShell<W extends WindowLike> {
  private window: W | undefined;

  private constructor(
    private readonly electron: ShellElectron<W>,
    private readonly options: ShellOptions,
    readonly contract: ContractHost,
    private readonly store: DisposableStore,
  ) {}

  /** Opens the services and the contract, serves the renderer, registers IPC and opens the window. */
  static async start<W extends WindowLike>(electron: ShellElectron<W>, options: ShellOptions): Promise<DesktopShell<W>> {
    const store = new DisposableStore();
    try {
      const services = store.add(await PluginServices.open({ dataDir: options.dataDir, builtinPackages: options.builtinPackages }));
      await services.start();
      const { contract } = store.add(openAppHost({ services, sink: options.sink, onEffectNotice: options.notice }));
      const csp = contentSecurityPolicy();
      electron.protocol.handle(APP_SCHEME, appProtocolHandler(options.rendererDir, csp));
      store.add({ dispose: () => electron.protocol.unhandle(APP_SCHEME) });
      hardenSession(electron.session.defaultSession, csp);
      const shell = new DesktopShell(electron, options, contract, store);
      store.add(
        registerContractIpc({
          ipcMain: electron.ipcMain,
          handlers: contract.handlers,
          events: contract.events,
          windows: () => (shell.window === undefined || shell.window.isDestroyed() ? [] : [shell.window.webContents]),
          pickFolder: () => shell.pickFolder(),
        }),
      );
      shell.showWindow();
      return shell;
    } catch (error) {
      await store.dispose();
      throw error;
    }
  }

  /** The app's window, if it is open. */
  get currentWindow(): W | undefined {
    return this.window === undefined || this.window.isDestroyed() ? undefined : this.window;
  }

  /** Brings the window to the front, opening it again if it was closed (macOS keeps running). */
  showWindow(): W {
    const current = this.currentWindow;
    if (current !== undefined) {
      if (current.isMinimized()) current.restore();
      current.focus();
      return current;
    }
    this.window = createAppWindow(this.electron.BrowserWindow, { preload: this.options.preload, url: APP_INDEX_URL });
    return this.window;
  }

  /** Stops IPC, the contract, playback and the services, in reverse order of start. */
  dispose(): Promise<void> {
    return this.store.dispose();
  }

  private async pickFolder(): Promise<string | undefined> {
    const window = this.currentWindow;
    if (window === undefined) return undefined;
    const picked = await this.electron.dialog.showOpenDialog(window, { title: 'Load a plugin folder', properties: ['openDirectory'] });
    return picked.canceled ? undefined : picked.filePaths[0];
  }
}
