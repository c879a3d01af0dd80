/**
 * Packages opened from the OS: nothing installs without consent, permissions are granted
 * only as the user chose, and packages opened before the app was ready install once it
 * is. Real contract handlers over real plugin services; the user is a scripted prompt.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsentRequestView } from '../../src-shared/contract/plugins.ts';
import { createHandlers, type ContractHost } from '../contract/handlers.ts';
import { fixturePackage, ServicesHarness } from '../plugins/test-support/services.ts';
import { nativePrompts } from './native-prompts.ts';
import { installOpened, PackageOpener, packagePathsIn, type ConsentPrompts } from './open-packages.ts';

const LYRICS = 'org.fugue.fixture.lyrics';
const PROBE = 'org.fugue.fixture.net-kv-probe';

/** A user who answers as scripted and remembers what they were asked and told. */
function scriptedUser(answers: { install: boolean; permissions?: 'grant' | 'withhold' | 'cancel' }) {
  const log = { confirmed: [] as string[], asked: [] as ConsentRequestView[], told: [] as { ok: boolean; message: string }[] };
  const prompts: ConsentPrompts = {
    confirmPackage: (path) => (log.confirmed.push(path), Promise.resolve(answers.install)),
    decidePermissions: (request) => (log.asked.push(request), Promise.resolve(answers.permissions ?? 'cancel')),
    report: (outcome) => void log.told.push(outcome),
  };
  return { prompts, log };
}

describe('packages opened from the OS', () => {
  let harness: ServicesHarness;
  let host: ContractHost;

  beforeEach(async () => {
    harness = await ServicesHarness.create();
    host = createHandlers({ plugins: harness.services });
  });
  afterEach(async () => {
    await host.dispose();
    await harness.dispose();
  });

  const installedIds = async () => {
    const list = await host.handlers['plugins.list']();
    return list.ok ? list.value.map((plugin) => plugin.id) : [];
  };

  it('installs nothing when the user declines the package', async () => {
    const user = scriptedUser({ install: false });
    await installOpened(await fixturePackage('world-lyrics'), host.handlers, user.prompts);
    expect(await installedIds()).toEqual([]);
    expect(user.log.told).toEqual([]);
  });

  it('installs a package that asks for nothing after the user agrees, and says so', async () => {
    const path = await fixturePackage('world-lyrics');
    const user = scriptedUser({ install: true });
    await installOpened(path, host.handlers, user.prompts);
    expect(user.log.confirmed).toEqual([path]);
    expect(user.log.asked).toEqual([]);
    expect(await installedIds()).toEqual([LYRICS]);
    expect(user.log.told).toEqual([{ ok: true, message: `${LYRICS} 0.1.0 installed` }]);
  });

  it('asks about the permissions and grants all, none, or cancels the install', async () => {
    const path = await fixturePackage('net-kv-probe');
    const cancelled = scriptedUser({ install: true, permissions: 'cancel' });
    await installOpened(path, host.handlers, cancelled.prompts);
    expect(cancelled.log.asked.map((request) => request.toAsk.map((permission) => permission.key).sort())).toEqual([['network:127.0.0.1', 'storage']]);
    expect(await installedIds()).toEqual([]);

    const withheld = scriptedUser({ install: true, permissions: 'withhold' });
    await installOpened(path, host.handlers, withheld.prompts);
    const details = await host.handlers['plugins.details']({ pluginId: PROBE });
    expect(details.ok && details.value.permissions.map((permission) => permission.granted)).toEqual([false, false]);

    await host.handlers['plugins.uninstall']({ pluginId: PROBE });
    const granted = scriptedUser({ install: true, permissions: 'grant' });
    await installOpened(path, host.handlers, granted.prompts);
    const after = await host.handlers['plugins.details']({ pluginId: PROBE });
    expect(after.ok && after.value.permissions.map((permission) => permission.granted)).toEqual([true, true]);
  });

  it('reports a file that is not a package instead of installing it', async () => {
    const user = scriptedUser({ install: true });
    await installOpened('/nonexistent/broken.zip', host.handlers, user.prompts);
    expect(user.log.told).toEqual([{ ok: false, message: expect.stringMatching(/^\/nonexistent\/broken\.zip was not installed: /) }]);
  });

  it('holds packages opened before the app is ready, then installs them in order', async () => {
    const user = scriptedUser({ install: true });
    const opener = new PackageOpener(user.prompts);
    void opener.open([await fixturePackage('world-lyrics')]);
    expect(user.log.confirmed).toEqual([]);
    await opener.ready(host.handlers);
    expect(await installedIds()).toEqual([LYRICS]);
  });
});

describe('package paths on a command line', () => {
  it('takes .zip and .fuguepkg arguments, resolved against the working folder, and skips switches', () => {
    expect(packagePathsIn(['out/electron/main.js', '--data-dir=/d', 'eq.ZIP', '/abs/x.fuguepkg', '--flag', 'notes.txt'], '/home/me')).toEqual(['/home/me/eq.ZIP', '/abs/x.fuguepkg']);
  });
});

describe('the native consent dialogs', () => {
  it('default to the safe answer and map the buttons to decisions', async () => {
    const shown: { buttons?: string[]; defaultId?: number; cancelId?: number; detail?: string }[] = [];
    let button = 0;
    const prompts = nativePrompts((options) => (shown.push(options), Promise.resolve({ response: button })));
    expect(await prompts.confirmPackage('/home/me/eq.zip')).toBe(true);
    expect(shown[0]).toMatchObject({ buttons: ['Install', 'Cancel'], defaultId: 1, cancelId: 1 });
    const request = { consentId: 'c', pluginId: PROBE, name: 'Probe', version: '0.1.0', declared: [], toAsk: [{ key: 'storage', kind: 'storage' as const, target: '', reason: 'cache', description: 'storage (to cache)' }], expiresAt: 0 };
    const decisions = [];
    for (button = 0; button < 3; button += 1) decisions.push(await prompts.decidePermissions(request));
    expect(decisions).toEqual(['grant', 'withhold', 'cancel']);
    expect(shown[1]).toMatchObject({ defaultId: 2, cancelId: 2, detail: expect.stringContaining('storage (to cache)') });
  });
});
