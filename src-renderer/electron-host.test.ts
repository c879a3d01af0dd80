// @vitest-environment happy-dom
/**
 * The renderer over the Electron preload's bridge: a real store and real commands, with
 * a fake `window.fugue` (the contract client is the boundary). A dropped or picked file
 * installs by its path; a file with no path is refused with a reason; host events reach
 * the store through the bridge.
 */
import { describe, expect, it } from 'vitest';
import type { ElectronBridge, FileLike } from '../src-shared/contract/electron-bridge.ts';
import { createContractClient, type ContractEvent, type OperationName, type PluginSummary } from '../src-shared/contract/index.ts';
import type { Result } from '../src-shared/errors.ts';
import { connectElectron, electronBridgeOf, electronHost } from './electron-host.ts';
import { createCommands, type Host } from './store/commands.ts';
import { createAppStore } from './store/store.ts';

const LYRICS: PluginSummary = { id: 'org.fugue.fixture.lyrics', name: 'Fixture lyrics', version: '0.1.0', status: 'active', desired: 'enabled', builtin: false, kinds: ['lyrics'], signature: { state: 'unverified', reason: 'not signed' } };

/** A bridge answering `plugins.install` as installed, recording every call. */
function fakeBridge(paths: Map<FileLike, string>) {
  const calls: { op: OperationName; params: unknown }[] = [];
  const listeners = new Set<(event: ContractEvent) => void>();
  const answer = (op: OperationName): Result<unknown> => {
    if (op === 'plugins.install') return { ok: true, value: { status: 'installed', outcome: { pluginId: LYRICS.id, version: '0.1.0', action: 'installed', running: true, granted: [], signature: LYRICS.signature } } };
    if (op === 'plugins.list') return { ok: true, value: [] };
    return { ok: false, error: { code: 'not-found', message: `${op} is not part of this test` } };
  };
  const bridge: ElectronBridge = {
    ...createContractClient((op, params) => {
      calls.push({ op, params });
      return Promise.resolve(answer(op) as Result<never>);
    }),
    onEvent: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    pathForFile: (file) => paths.get(file),
    pickFolder: () => Promise.resolve({ ok: true, value: '/home/me/my-plugin' }),
  };
  return { bridge, calls, emit: (event: ContractEvent) => listeners.forEach((listener) => listener(event)) };
}

function placeholderHost(): Host {
  return { contract: createContractClient(() => Promise.resolve({ ok: false, error: { code: 'io', message: 'not connected' } })), upload: () => Promise.resolve({ ok: true, value: 'would-upload' }) };
}

describe('the renderer in the Electron shell', () => {
  it('finds the bridge only where the preload put one', () => {
    const { bridge } = fakeBridge(new Map());
    expect(electronBridgeOf({ fugue: bridge })).toBe(bridge);
    expect(electronBridgeOf(window)).toBeUndefined();
    expect(electronBridgeOf({ fugue: { 'plugins.list': () => undefined } })).toBeUndefined();
  });

  it('installs a dropped package by its path on disk, not by upload', async () => {
    const file = new File([new Uint8Array([1, 2, 3])], 'lyrics.zip');
    const { bridge, calls } = fakeBridge(new Map([[file, '/home/me/lyrics.zip']]));
    const store = createAppStore();
    const host = placeholderHost();
    const commands = createCommands(host, store);
    connectElectron(bridge, host, store, commands);
    await commands.install(file);
    expect(calls.filter((call) => call.op === 'plugins.install')).toEqual([{ op: 'plugins.install', params: { source: { kind: 'path', path: '/home/me/lyrics.zip' } } }]);
    expect(store.getState().install).toMatchObject({ step: 'installed', result: `${LYRICS.id} 0.1.0 installed` });
    expect(store.getState().connection).toBe('open');
  });

  it('refuses a file that has no path on disk, saying what to do instead', async () => {
    const { bridge, calls } = fakeBridge(new Map());
    const store = createAppStore();
    const commands = createCommands(electronHost(bridge), store);
    await commands.install(new File(['x'], 'made-in-page.zip'));
    expect(calls.filter((call) => call.op === 'plugins.install')).toEqual([]);
    expect(store.getState().error).toMatch(/made-in-page\.zip .*drop the package from your file manager/);
    expect(store.getState().install).toBeUndefined();
  });

  it('delivers host events to the store and picks folders natively', async () => {
    const { bridge, emit } = fakeBridge(new Map());
    const store = createAppStore();
    const host = placeholderHost();
    connectElectron(bridge, host, store, createCommands(host, store));
    emit({ event: 'plugins.changed', payload: { pluginId: LYRICS.id, summary: LYRICS } });
    expect(store.getState().plugins.map((plugin) => [plugin.id, plugin.status])).toEqual([[LYRICS.id, 'active']]);
    await expect(host.pickFolder?.()).resolves.toBe('/home/me/my-plugin');
  });
});
