/**
 * Recording stand-ins for the few Electron objects the shell touches. No Electron binary
 * can be downloaded on the build machines, so this is the one place Electron is faked:
 * the fakes only record what the code under test asked for (settings, listeners,
 * handlers) and let a test fire the events Electron would fire.
 */
import type { BrowserWindowConstructorOptions, OpenDialogOptions } from 'electron';
import type { IpcInvokeEvent, IpcMainLike } from '../ipc.ts';
import type { ContentsLike, NavigationEvent, SessionLike, WindowLike } from '../window.ts';

let nextContentsId = 1;

export class FakeContents implements ContentsLike {
  readonly id = nextContentsId++;
  destroyed = false;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  readonly listeners = new Map<string, ((event: NavigationEvent, url: string) => void)[]>();
  openHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;

  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }
  on(event: string, listener: (event: NavigationEvent, url: string) => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  /** Fires `event` as Electron would; answers whether a listener prevented it. */
  fire(event: string, url = ''): boolean {
    let prevented = false;
    for (const listener of this.listeners.get(event) ?? []) listener({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

export class FakeWindow implements WindowLike {
  static readonly created: FakeWindow[] = [];
  readonly webContents = new FakeContents();
  readonly loaded: string[] = [];
  shown = false;
  focused = 0;
  private readyListeners: (() => void)[] = [];

  constructor(readonly options: BrowserWindowConstructorOptions) {
    FakeWindow.created.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    return Promise.resolve();
  }
  once(_event: 'ready-to-show', listener: () => void): this {
    this.readyListeners.push(listener);
    return this;
  }
  /** What Electron does after the first paint. */
  becomeReady(): void {
    for (const listener of this.readyListeners.splice(0)) listener();
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {
    this.focused += 1;
  }
  restore(): void {}
  isMinimized(): boolean {
    return false;
  }
  isDestroyed(): boolean {
    return this.webContents.destroyed;
  }
}

type PermissionRequest = Parameters<SessionLike['setPermissionRequestHandler']>[0];
type PermissionCheck = Parameters<SessionLike['setPermissionCheckHandler']>[0];
type HeadersListener = Parameters<SessionLike['webRequest']['onHeadersReceived']>[0];

export class FakeSession implements SessionLike {
  permissionRequest: PermissionRequest | undefined;
  permissionCheck: PermissionCheck | undefined;
  headersListener: HeadersListener | undefined;
  readonly webRequest = { onHeadersReceived: (listener: HeadersListener) => void (this.headersListener = listener) };

  setPermissionRequestHandler(handler: PermissionRequest): void {
    this.permissionRequest = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheck): void {
    this.permissionCheck = handler;
  }
}

type InvokeListener = (event: IpcInvokeEvent, ...args: unknown[]) => Promise<unknown>;

export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, InvokeListener>();

  handle(channel: string, listener: InvokeListener): void {
    if (this.handlers.has(channel)) throw new Error(`a second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Calls `channel` as `ipcRenderer.invoke` from `event`'s sender would. */
  invoke(channel: string, event: IpcInvokeEvent, ...args: unknown[]): Promise<unknown> {
    const listener = this.handlers.get(channel);
    if (listener === undefined) throw new Error(`no handler for ${channel}`);
    return listener(event, ...args);
  }
}

/** An invoke event from the main frame of `contents` showing `url`. */
export function invokeFrom(contents: { id: number }, url = 'app://fugue/index.html', parent: unknown = null): IpcInvokeEvent {
  return { sender: { id: contents.id }, senderFrame: { url, parent } };
}

export class FakeDialog {
  readonly asked: OpenDialogOptions[] = [];
  constructor(private readonly answer: { canceled: boolean; filePaths: string[] }) {}
  showOpenDialog(_window: unknown, options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }> {
    this.asked.push(options);
    return Promise.resolve(this.answer);
  }
}
