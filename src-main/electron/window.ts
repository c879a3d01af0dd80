/**
 * The one window factory, and the hardening of the session its windows share: a sandboxed
 * renderer with context isolation and no Node, the app's CSP on every response, no
 * navigation away from the app, no new windows, and every permission request denied.
 * Electron's objects come in as narrow interfaces, so tests can check every setting
 * with recording fakes (no Electron binary exists on the build machines).
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { isAppUrl } from './app-protocol.ts';

export interface NavigationEvent {
  preventDefault(): void;
}

/** The `webContents` of a window, as far as the factory and the IPC handlers use it. */
export interface ContentsLike {
  readonly id: number;
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate', listener: (event: NavigationEvent, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: NavigationEvent) => void): unknown;
}

export interface WindowLike {
  readonly webContents: ContentsLike;
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isDestroyed(): boolean;
}

export type WindowConstructor<W extends WindowLike = WindowLike> = new (options: BrowserWindowConstructorOptions) => W;

/** The session of the app's windows, as far as the hardening uses it. */
export interface SessionLike {
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
  webRequest: {
    onHeadersReceived(listener: (details: { responseHeaders?: Record<string, string[]> }, callback: (response: { responseHeaders: Record<string, string[]> }) => void) => void): void;
  };
}

/** The web preferences of every Fugue window (Electron's security checklist). */
export function secureWebPreferences(preload: string): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/**
 * Creates a window showing `url` (an `app://fugue/…` page) with the secure preferences,
 * blocked navigation and no `window.open`; it shows once its first paint is ready.
 */
export function createAppWindow<W extends WindowLike>(BrowserWindow: WindowConstructor<W>, options: { preload: string; url: string }): W {
  const window = new BrowserWindow({
    title: 'Fugue',
    width: 1280,
    height: 800,
    minWidth: 420,
    minHeight: 480,
    show: false,
    backgroundColor: '#1b1b1f',
    webPreferences: secureWebPreferences(options.preload),
  });
  const contents = window.webContents;
  // A dropped file, a link or a script must never take the window to another page.
  contents.on('will-navigate', (event, url) => refuseForeign(event, url));
  contents.on('will-redirect', (event, url) => refuseForeign(event, url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(options.url);
  return window;
}

function refuseForeign(event: NavigationEvent, url: string): void {
  if (!isAppUrl(url)) event.preventDefault();
}

/** Denies every permission (camera, notifications, …) and puts `csp` on every response of `session`. */
export function hardenSession(session: SessionLike, csp: string): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = Object.fromEntries(Object.entries(details.responseHeaders ?? {}).filter(([name]) => name.toLowerCase() !== 'content-security-policy'));
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [csp] } });
  });
}
