/**
 * The preload as Electron runs it: `npm run build:electron`'s bundle, evaluated as
 * CommonJS with a `require` that records what it is asked for. No Electron binary exists
 * on the build machines, so `contextBridge`, `ipcRenderer` and `webUtils` are recording
 * fakes here (the one place Electron is faked).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IPC_PICK_FOLDER_CHANNEL, type ElectronBridge } from '../../src-shared/contract/electron-bridge.ts';
import { IPC_EVENT_CHANNEL, ipcChannelOf, operationNames, type ContractEvent } from '../../src-shared/contract/registry.ts';
import { buildElectron } from './build.ts';

type Listener = (event: unknown, ...args: unknown[]) => void;

class FakeIpcRenderer {
  readonly invoked: { channel: string; args: unknown[] }[] = [];
  readonly listeners = new Map<string, Set<Listener>>();
  answer: (channel: string) => Promise<unknown> = () => Promise.resolve({ ok: true, value: 'answered' });

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return this.answer(channel);
  }
  on(channel: string, listener: Listener): this {
    this.listeners.set(channel, (this.listeners.get(channel) ?? new Set()).add(listener));
    return this;
  }
  removeListener(channel: string, listener: Listener): this {
    this.listeners.get(channel)?.delete(listener);
    return this;
  }
  emit(channel: string, message: unknown): void {
    for (const listener of this.listeners.get(channel) ?? []) listener({ sender: this, ports: [] }, message);
  }
}

/** Runs the bundled preload with fake Electron modules; answers what it exposed and required. */
function runPreload(code: string, getPathForFile: (file: unknown) => string) {
  const ipcRenderer = new FakeIpcRenderer();
  const exposed = new Map<string, unknown>();
  const required: string[] = [];
  const electron = { contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) }, ipcRenderer, webUtils: { getPathForFile } };
  const require = (name: string) => {
    required.push(name);
    if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
    return electron;
  };
  const module = { exports: {} };
  new Function('require', 'module', 'exports', code)(require, module, module.exports);
  return { ipcRenderer, exposed, required };
}

describe('the preload bundle', () => {
  let outDir: string;
  let code: string;

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'fugue-preload-'));
    code = await readFile((await buildElectron(outDir)).preload, 'utf8');
  });
  afterAll(() => rm(outDir, { recursive: true, force: true }));

  it('requires only electron and exposes exactly one function per operation plus the named extras', () => {
    const { exposed, required, ipcRenderer } = runPreload(code, () => '');
    expect(required).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['fugue']);
    const api = exposed.get('fugue') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...operationNames, 'onEvent', 'pathForFile', 'pickFolder'].sort());
    for (const [name, member] of Object.entries(api)) expect(typeof member, name).toBe('function');
    expect(Object.values(api)).not.toContain(ipcRenderer);
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/ipc|invoke|send/i);
  });

  it('sends each operation on its own channel with exactly its params, and turns a failed invoke into an error value', async () => {
    const { exposed, ipcRenderer } = runPreload(code, () => '');
    const api = exposed.get('fugue') as ElectronBridge;
    await expect(api['plugins.enable']({ pluginId: 'org.example.x' })).resolves.toEqual({ ok: true, value: 'answered' });
    await api['plugins.list']();
    await api.pickFolder();
    expect(ipcRenderer.invoked).toEqual([
      { channel: ipcChannelOf('plugins.enable'), args: [{ pluginId: 'org.example.x' }] },
      { channel: ipcChannelOf('plugins.list'), args: [] },
      { channel: IPC_PICK_FOLDER_CHANNEL, args: [] },
    ]);
    ipcRenderer.answer = () => Promise.reject(new Error("No handler registered for 'fugue:op:plugins.list'"));
    await expect(api['plugins.list']()).resolves.toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringMatching(/No handler registered/) } });
  });

  it('gives event listeners the event only, never the IPC event, until they unsubscribe', () => {
    const { exposed, ipcRenderer } = runPreload(code, () => '');
    const api = exposed.get('fugue') as ElectronBridge;
    const seen: unknown[][] = [];
    const stop = api.onEvent((...args) => seen.push(args));
    const event: ContractEvent = { event: 'plugins.changed', payload: { pluginId: 'org.example.x' } };
    ipcRenderer.emit(IPC_EVENT_CHANNEL, event);
    expect(seen).toEqual([[event]]);
    stop();
    ipcRenderer.emit(IPC_EVENT_CHANNEL, event);
    expect(seen).toHaveLength(1);
    expect(ipcRenderer.listeners.get(IPC_EVENT_CHANNEL)?.size).toBe(0);
  });

  it('answers the path of a file from disk through webUtils, and undefined for anything else', () => {
    const onDisk = { name: 'eq.zip', size: 10 };
    const { exposed } = runPreload(code, (file) => {
      if (file === onDisk) return '/home/me/eq.zip';
      if (typeof file === 'object' && file !== null && 'size' in file) return '';
      throw new TypeError('not a File');
    });
    const api = exposed.get('fugue') as ElectronBridge;
    expect(api.pathForFile(onDisk)).toBe('/home/me/eq.zip');
    expect(api.pathForFile({ name: 'made-in-page.zip', size: 3 })).toBeUndefined();
    expect(api.pathForFile('not a file' as unknown as File)).toBeUndefined();
  });
});
