/**
 * The contract over IPC: who may call (sender validation), with what (argument
 * validation), and that a good call reaches the real contract handlers over real plugin
 * services (temp data folder, real packages). No Electron binary exists on the build
 * machines, so `ipcMain` and the window's `webContents` are recording fakes
 * (testing/fake-electron.ts, the one place Electron is faked).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IPC_PICK_FOLDER_CHANNEL } from '../../src-shared/contract/electron-bridge.ts';
import { IPC_EVENT_CHANNEL, ipcChannelOf, operationNames } from '../../src-shared/contract/registry.ts';
import { createHandlers, type ContractHost } from '../contract/handlers.ts';
import { fixturePackage, ServicesHarness } from '../plugins/test-support/services.ts';
import { registerContractIpc } from './ipc.ts';
import { FakeContents, FakeIpcMain, invokeFrom } from './testing/fake-electron.ts';
import type { Disposable } from '../../src-shared/disposable.ts';

const LYRICS = 'org.fugue.fixture.lyrics';

describe('contract IPC', () => {
  let harness: ServicesHarness;
  let host: ContractHost;
  let ipcMain: FakeIpcMain;
  let ours: FakeContents;
  let registration: Disposable;
  let picked: number[];

  beforeEach(async () => {
    harness = await ServicesHarness.create();
    host = createHandlers({ plugins: harness.services });
    ipcMain = new FakeIpcMain();
    ours = new FakeContents();
    picked = [];
    registration = registerContractIpc({
      ipcMain,
      handlers: host.handlers,
      events: host.events,
      windows: () => [ours],
      pickFolder: (contentsId) => {
        picked.push(contentsId);
        return Promise.resolve('/home/me/my-plugin');
      },
    });
  });

  afterEach(async () => {
    await registration.dispose();
    await host.dispose();
    await harness.dispose();
  });

  const call = (op: (typeof operationNames)[number], ...args: unknown[]) => ipcMain.invoke(ipcChannelOf(op), invokeFrom(ours), ...args);

  it('registers one channel per operation and the folder picker, and removes them on dispose', async () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...operationNames.map(ipcChannelOf), IPC_PICK_FOLDER_CHANNEL].sort());
    await registration.dispose();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('answers a call from our window with the real handler’s value', async () => {
    await expect(call('plugins.list')).resolves.toEqual({ ok: true, value: [] });
    await expect(call('plugins.details', { pluginId: 'org.example.missing' })).resolves.toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('installs a package by path and pushes the change to our window', async () => {
    const reply = await call('plugins.install', { source: { kind: 'path', path: await fixturePackage('world-lyrics') } });
    expect(reply).toMatchObject({ ok: true, value: { status: 'installed', outcome: { pluginId: LYRICS } } });
    await expect(call('plugins.list')).resolves.toMatchObject({ ok: true, value: [{ id: LYRICS, status: 'active' }] });
    const pushed = ours.sent.filter((message) => message.channel === IPC_EVENT_CHANNEL).map((message) => message.args[0]);
    expect(pushed).toContainEqual({ event: 'plugins.changed', payload: expect.objectContaining({ pluginId: LYRICS }) });
  });

  it('refuses callers that are not our window’s main frame on an app page, as values', async () => {
    const stranger = new FakeContents();
    const refusals = [
      [invokeFrom(stranger), /not a Fugue window/],
      [invokeFrom(ours, 'app://fugue/index.html', { url: 'app://fugue/index.html' }), /embedded frame/],
      [invokeFrom(ours, 'https://evil.example/page'), /"https:\/\/evil\.example" is not Fugue's own/],
      [invokeFrom(ours, 'file:///tmp/page.html'), /not Fugue's own/],
      [invokeFrom(ours, 'app://fugue.evil/index.html'), /not Fugue's own/],
      [{ sender: { id: ours.id }, senderFrame: null }, /frame is gone/],
    ] as const;
    for (const [event, reason] of refusals) {
      const answer = (await ipcMain.invoke(ipcChannelOf('plugins.install'), event, { source: { kind: 'path', path: '/tmp/x.zip' } })) as { ok: boolean; error: { code: string; message: string } };
      expect(answer).toMatchObject({ ok: false, error: { code: 'denied' } });
      expect(answer.error.message).toMatch(reason);
      await expect(ipcMain.invoke(IPC_PICK_FOLDER_CHANNEL, event)).resolves.toMatchObject({ ok: false, error: { code: 'denied' } });
    }
    expect(picked).toEqual([]);
    ours.destroyed = true;
    await expect(call('plugins.list')).resolves.toMatchObject({ ok: false, error: { code: 'denied', message: expect.stringMatching(/not a Fugue window/) } });
  });

  it('refuses arguments that are not one plain value, naming where the problem is', async () => {
    const refused = async (op: (typeof operationNames)[number], args: unknown[], message: RegExp) => {
      const answer = (await call(op, ...args)) as { ok: boolean; error: { code: string; message: string } };
      expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
      expect(answer.error.message).toMatch(message);
    };
    await refused('plugins.list', [{}, {}], /^plugins\.list: takes one argument \(its params\), got 2/);
    await refused('plugins.saveSettings', [{ pluginId: LYRICS, typeId: 'x', values: { when: new Date() } }], /params\.values\.when: a Date is not plain data/);
    await refused('plugins.install', [{ source: new Map() }], /params\.source: a Map is not plain data/);
    await refused('plugins.saveSettings', [{ pluginId: LYRICS, typeId: 'x', values: { list: [new Uint8Array(4)] } }], /params\.values\.list\[0\]: a Uint8Array is not plain data/);
    await refused('playback.setVolume', [{ gain: Number.NaN }], /params\.gain: must be a finite number/);
    await refused('plugins.devLink', [{ folder: 'x'.repeat(300_000) }], /params: too large/);
    // Past the shape check, the contract's schema names the field.
    await refused('plugins.enable', [{ pluginId: 'Not An Id' }], /^plugins\.enable: pluginId: /);
    await refused('plugins.install', [{ source: { kind: 'url', url: 'https://example.com/x.zip' } }], /^plugins\.install: source/);
  });

  it('opens the folder picker for our window and takes no arguments', async () => {
    await expect(ipcMain.invoke(IPC_PICK_FOLDER_CHANNEL, invokeFrom(ours))).resolves.toEqual({ ok: true, value: '/home/me/my-plugin' });
    expect(picked).toEqual([ours.id]);
    await expect(ipcMain.invoke(IPC_PICK_FOLDER_CHANNEL, invokeFrom(ours), '/etc')).resolves.toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(picked).toEqual([ours.id]);
  });
});
