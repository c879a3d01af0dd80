// A stand-in for Electron's main-process `electron` module, for running the built
// launcher (out/electron/main.js) under plain Node in launcher.test.ts: no Electron
// binary can be downloaded on the build machines. It records what the app asks for and,
// once the window loads its page, plays a short scripted session, printing one JSON line
// per step on stdout: the page as the protocol serves it, a call from the window, a call
// from a stranger, optionally a package opened by a second start (FAKE_ELECTRON_OPEN), then
// a quit.
import { EventEmitter } from 'node:events';

const report = (step, detail = {}) => process.stdout.write(`${JSON.stringify({ step, ...detail })}\n`);

class FakeApp extends EventEmitter {
  paths = new Map();
  setPath(name, value) {
    this.paths.set(name, value);
    report('setPath', { name, value });
  }
  requestSingleInstanceLock() {
    return process.env.FAKE_ELECTRON_LOCK !== 'taken';
  }
  whenReady() {
    return Promise.resolve();
  }
  quit() {
    report('quit');
    let prevented = false;
    this.emit('will-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) process.exit(0);
  }
  exit(code) {
    report('exit', { code });
    process.exit(code);
  }
}

export const app = new FakeApp();
const handlers = new Map();
export const ipcMain = {
  handle: (channel, listener) => handlers.set(channel, listener),
  removeHandler: (channel) => handlers.delete(channel),
};
let protocolHandler;
export const protocol = {
  registerSchemesAsPrivileged: (schemes) => report('privileged', { schemes }),
  handle: (_scheme, handler) => (protocolHandler = handler),
  unhandle: () => (protocolHandler = undefined),
};
export const session = {
  defaultSession: {
    setPermissionRequestHandler: () => {},
    setPermissionCheckHandler: () => {},
    webRequest: { onHeadersReceived: () => {} },
  },
};
let outcomeShown = () => {};
const outcome = new Promise((resolve) => (outcomeShown = resolve));
export const dialog = {
  // Answers every question with the button in FAKE_ELECTRON_ANSWER (default 1: Cancel).
  showMessageBox: (...args) => {
    const box = args.at(-1);
    report('box', { type: box.type, message: box.message });
    if (box.type === 'info' || box.type === 'error') outcomeShown();
    return Promise.resolve({ response: Number(process.env.FAKE_ELECTRON_ANSWER ?? 1) });
  },
  showOpenDialog: () => Promise.resolve({ canceled: true, filePaths: [] }),
  showErrorBox: (title, message) => report('errorBox', { title, message }),
};

let nextId = 1;
export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    const contents = new EventEmitter();
    Object.assign(contents, { id: nextId++, isDestroyed: () => false, send: () => {}, setWindowOpenHandler: () => {} });
    this.webContents = contents;
    report('window', { webPreferences: options.webPreferences });
  }
  async loadURL(url) {
    report('load', { url });
    setImmediate(() => void playSession(this, url));
  }
  show() {}
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  isDestroyed() {
    return false;
  }
}

async function playSession(window, url) {
  const page = await protocolHandler(new Request(url));
  report('page', { status: page.status, csp: page.headers.get('content-security-policy') });
  const list = handlers.get('fugue:op:plugins.list');
  report('call', { answer: await list({ sender: { id: window.webContents.id }, senderFrame: { url, parent: null } }) });
  report('stranger', { answer: await list({ sender: { id: 999 }, senderFrame: { url, parent: null } }) });
  if (process.env.FAKE_ELECTRON_OPEN !== undefined) {
    // A second start with a package path, as "Open with Fugue" does while Fugue runs.
    app.emit('second-instance', {}, ['/usr/bin/fugue', process.env.FAKE_ELECTRON_OPEN], process.cwd());
    await outcome;
    report('after-open', { answer: await list({ sender: { id: window.webContents.id }, senderFrame: { url, parent: null } }) });
  }
  app.quit();
}

export default { app, ipcMain, protocol, session, dialog, BrowserWindow };
