/**
 * The desktop shell's composition in plain Node: real plugin services, playback (null
 * output) and contract over a temp data folder, behind Electron objects that are
 * recording fakes (no Electron binary exists on the build machines; testing/fake-electron.ts
 * is the one place Electron is faked). It checks the wiring a user depends on: the
 * window opens hardened on the app page, the page is served with the CSP, and the
 * window's calls reach the contract.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IPC_PICK_FOLDER_CHANNEL } from '../../src-shared/contract/electron-bridge.ts';
import { ipcChannelOf } from '../../src-shared/contract/registry.ts';
import { contentSecurityPolicy } from '../web/security.ts';
import { APP_INDEX_URL, APP_SCHEME } from './app-protocol.ts';
import { parseElectronArgs } from './main.ts';
import { DesktopShell } from './shell.ts';
import { FakeDialog, FakeIpcMain, FakeSession, FakeWindow, invokeFrom } from './testing/fake-electron.ts';

describe('the desktop shell', () => {
  let dataDir: string;
  let protocols: Map<string, (request: Request) => Promise<Response>>;
  let ipcMain: FakeIpcMain;
  let session: FakeSession;
  let dialog: FakeDialog;
  let shell: DesktopShell<FakeWindow>;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'fugue-shell-'));
    protocols = new Map();
    ipcMain = new FakeIpcMain();
    session = new FakeSession();
    dialog = new FakeDialog({ canceled: false, filePaths: ['/home/me/plugin'] });
    const electron = {
      BrowserWindow: FakeWindow,
      ipcMain,
      session: { defaultSession: session },
      dialog,
      protocol: { handle: (scheme: string, handler: (request: Request) => Promise<Response>) => void protocols.set(scheme, handler), unhandle: (scheme: string) => void protocols.delete(scheme) },
    };
    shell = await DesktopShell.start<FakeWindow>(electron, { dataDir, rendererDir: undefined, preload: '/app/preload.cjs', sink: 'null', builtinPackages: [], notice: () => {} });
  });

  afterEach(async () => {
    await shell.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('opens one hardened window on the app page, served with the CSP', async () => {
    const window = shell.currentWindow as FakeWindow;
    expect(window.loaded).toEqual([APP_INDEX_URL]);
    expect(window.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, preload: '/app/preload.cjs' });
    expect(window.webContents.fire('will-navigate', 'https://example.com/')).toBe(true);
    const page = await protocols.get(APP_SCHEME)?.(new Request(APP_INDEX_URL));
    expect(page?.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    let granted: boolean | undefined;
    session.permissionRequest?.({}, 'media', (answer) => (granted = answer));
    expect(granted).toBe(false);
  });

  it("answers the window's calls and no one else's; a second start focuses the same window", async () => {
    const window = shell.currentWindow as FakeWindow;
    await expect(ipcMain.invoke(ipcChannelOf('plugins.list'), invokeFrom(window.webContents))).resolves.toEqual({ ok: true, value: [] });
    await expect(ipcMain.invoke(ipcChannelOf('playback.status'), invokeFrom(window.webContents))).resolves.toMatchObject({ ok: true });
    await expect(ipcMain.invoke(ipcChannelOf('plugins.list'), invokeFrom({ id: window.webContents.id + 1000 }))).resolves.toMatchObject({ ok: false, error: { code: 'denied' } });
    expect(shell.showWindow()).toBe(window);
    expect(window.focused).toBe(1);
  });

  it('opens the native folder picker on its window', async () => {
    const window = shell.currentWindow as FakeWindow;
    await expect(ipcMain.invoke(IPC_PICK_FOLDER_CHANNEL, invokeFrom(window.webContents))).resolves.toEqual({ ok: true, value: '/home/me/plugin' });
    expect(dialog.asked).toEqual([expect.objectContaining({ properties: ['openDirectory'] })]);
  });

  it('removes its channels and protocol when disposed', async () => {
    await shell.dispose();
    expect(ipcMain.handlers.size).toBe(0);
    expect(protocols.size).toBe(0);
  });
});

describe('the command line of the desktop app', () => {
  it('reads the data folder, output and packages, and ignores Chromium switches', () => {
    expect(parseElectronArgs(['out/electron/main.js', '--data-dir=/tmp/d', '--no-sandbox', '--sink', 'null', 'eq.zip'], '/home/me')).toEqual({ dataDir: '/tmp/d', sink: 'null', renderer: undefined, builtins: true, packages: ['/home/me/eq.zip'] });
    expect(parseElectronArgs(['--no-builtins'])).toMatchObject({ dataDir: undefined, sink: 'default', builtins: false, packages: [] });
  });
});
