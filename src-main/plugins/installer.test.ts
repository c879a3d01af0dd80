// Install, enable, disable, uninstall and restart with real packages, workers and SQLite.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FugueError } from '../../src-shared/errors.ts';
import { fixturePackage, ServicesHarness, unpackWith, versionedPackage } from './test-support/services.ts';

const VERSIONED = 'org.fugue.fixture.versioned';
const WORDS = 'org.fugue.fixture.lyrics';

let work: string;
let packages: { v1: string; v2: string; words: string; dsp: string };
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fugue-installer-'));
  packages = {
    v1: await versionedPackage('1.0.0', work),
    v2: await versionedPackage('2.0.0', work),
    words: await fixturePackage('world-lyrics'),
    dsp: await fixturePackage('world-dsp'),
  };
});
afterAll(async () => rm(work, { recursive: true, force: true }));

let harness: ServicesHarness;
beforeEach(async () => (harness = await ServicesHarness.create()));
afterEach(async () => harness.dispose());

async function provider(pluginId = VERSIONED): Promise<string> {
  const answer = (await harness.host.call(pluginId, 'lyrics', 'find', [{ title: 'la la' }])) as { provider: string };
  return answer.provider;
}

describe('install', () => {
  it('installs a zip, starts it, and records version, receipt and an event', async () => {
    const outcome = await harness.installer.install({ kind: 'path', path: packages.v1 });
    expect(outcome).toMatchObject({ pluginId: VERSIONED, version: '1.0.0', action: 'installed', running: true });
    expect(await provider()).toBe('versioned@1.0.0');
    expect(harness.catalog.getPlugin(VERSIONED)).toMatchObject({ version: '1.0.0', desired: 'enabled', lifecycle: 'active' });
    const receipt = harness.catalog.receipt(VERSIONED, '1.0.0');
    expect(receipt.map((file) => file.path)).toEqual(['lyrics.wasm', 'plugin.json']);
    const installed = join(harness.dataDir, 'plugins', VERSIONED, '1.0.0', 'plugin.json');
    expect(receipt[1]?.size).toBe((await readFile(installed)).length);
    expect(harness.catalog.events.list(VERSIONED).map((event) => event.message)).toEqual(['installed 1.0.0']);
    expect(existsSync(join(harness.dataDir, 'staging'))).toBe(true);
    expect(await readdir(join(harness.dataDir, 'staging'))).toEqual([]);
  });

  it('installs the bytes of an upload', async () => {
    const bytes = new Uint8Array(await readFile(packages.words));
    const outcome = await harness.installer.install({ kind: 'bytes', bytes, name: 'words.zip' });
    expect(outcome.action).toBe('installed');
    expect(harness.catalog.currentVersion(WORDS)?.source).toBe('upload:words.zip');
    expect(await harness.host.call(WORDS, 'lyrics', 'find', [{ title: 'a b' }])).toMatchObject({ provider: 'Fixture words' });
  });

  it('copies a folder: changing the folder afterwards changes nothing installed', async () => {
    const folder = await unpackWith(packages.words, join(work, 'folder-source'));
    await harness.installer.install({ kind: 'path', path: folder });
    await writeFile(join(folder, 'main.wasm'), 'changed');
    const report = await harness.restart();
    expect(report.plugins).toEqual([{ pluginId: WORDS, version: '0.1.0', state: 'active' }]);
  });

  it('updates in place: the new version answers, the old folder is gone, and an event says what changed', async () => {
    await harness.installer.install({ kind: 'path', path: packages.v1 });
    const outcome = await harness.installer.install({ kind: 'path', path: packages.v2 });
    expect(outcome).toMatchObject({ action: 'updated', previousVersion: '1.0.0', version: '2.0.0' });
    expect(await provider()).toBe('versioned@2.0.0');
    await harness.host.settled();
    expect(harness.logged(VERSIONED)).toContain('versioned 1.0.0 disabled (reload)');
    expect(existsSync(join(harness.dataDir, 'plugins', VERSIONED, '1.0.0'))).toBe(false);
    expect(harness.catalog.events.list(VERSIONED).map((event) => event.message)).toEqual(['installed 1.0.0', 'updated 1.0.0 → 2.0.0']);
  });

  it('refuses an older version without allowDowngrade, and installs it with the flag', async () => {
    await harness.installer.install({ kind: 'path', path: packages.v2 });
    const refused = await harness.installer.install({ kind: 'path', path: packages.v1 }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(FugueError);
    expect((refused as FugueError).code).toBe('conflict');
    expect((refused as FugueError).message).toBe(`${VERSIONED} 1.0.0 is older than the installed 2.0.0; to go back to it, install again allowing a downgrade (--allow-downgrade)`);
    expect(await provider()).toBe('versioned@2.0.0');
    const outcome = await harness.installer.install({ kind: 'path', path: packages.v1 }, { allowDowngrade: true });
    expect(outcome.action).toBe('downgraded');
    expect(await provider()).toBe('versioned@1.0.0');
  });

  it('an update that fails to start keeps the old version running and records why', async () => {
    await harness.installer.install({ kind: 'path', path: packages.v1 });
    const broken = await versionedPackage('2.0.0', work, { failOnEnable: true });
    const failure = await harness.installer.install({ kind: 'path', path: broken }).then(
      () => new Error('installed'),
      (error: unknown) => error as Error,
    );
    expect(failure.message).toMatch(new RegExp(`^${VERSIONED} 2\\.0\\.0 failed to start, so version 1\\.0\\.0 keeps running: .*this build refuses to start`));
    expect(await provider()).toBe('versioned@1.0.0');
    expect(harness.catalog.getPlugin(VERSIONED)).toMatchObject({ version: '1.0.0', lifecycle: 'active' });
    expect(await readdir(join(harness.dataDir, 'plugins', VERSIONED))).toEqual(['1.0.0']);
    expect(harness.catalog.events.list(VERSIONED).at(-1)).toMatchObject({ kind: 'activation-failed', version: '2.0.0' });
  });

  it('a first install that fails to start installs nothing', async () => {
    const broken = await versionedPackage('2.0.0', work, { failOnEnable: true });
    await expect(harness.installer.install({ kind: 'path', path: broken })).rejects.toThrow(`${VERSIONED} 2.0.0 failed to start, so nothing was installed`);
    expect(harness.catalog.listPlugins()).toEqual([]);
    expect(await readdir(join(harness.dataDir, 'plugins'))).toEqual([]);
    expect(existsSync(join(harness.dataDir, 'plugin-data', VERSIONED))).toBe(false);
  });

  it('reinstalls the same version into a fresh folder', async () => {
    await harness.installer.install({ kind: 'path', path: packages.v1 });
    const outcome = await harness.installer.install({ kind: 'path', path: packages.v1 });
    expect(outcome.action).toBe('reinstalled');
    expect(harness.catalog.currentVersion(VERSIONED)?.installDir).toBe(`plugins/${VERSIONED}/1.0.0-2`);
    expect(existsSync(join(harness.dataDir, 'plugins', VERSIONED, '1.0.0'))).toBe(false);
    expect(await provider()).toBe('versioned@1.0.0');
  });
});

describe('enable, disable, uninstall', () => {
  it('disable calls on-disable(host-disable) and stops it; enable starts it again', async () => {
    await harness.installer.install({ kind: 'path', path: packages.v1 });
    const disabled = await harness.installer.disable(VERSIONED);
    expect(disabled).toMatchObject({ desired: 'disabled', lifecycle: 'disabled' });
    expect(harness.logged(VERSIONED)).toContain('versioned 1.0.0 disabled (host-disable)');
    await expect(provider()).rejects.toThrow(`plugin ${VERSIONED} is not running; enable it first`);
    expect(await harness.installer.enable(VERSIONED)).toMatchObject({ desired: 'enabled', lifecycle: 'active' });
    expect(await provider()).toBe('versioned@1.0.0');
    expect(harness.catalog.events.list(VERSIONED).map((event) => event.kind)).toEqual(['installed', 'disabled', 'enabled']);
  });

  it('serialises operations on one plugin: concurrent requests apply in the order they were made', async () => {
    await harness.installer.install({ kind: 'path', path: packages.v1 });
    const { installer } = harness;
    await Promise.all([installer.disable(VERSIONED), installer.enable(VERSIONED), installer.disable(VERSIONED), installer.enable(VERSIONED)]);
    expect(harness.catalog.events.list(VERSIONED).map((event) => event.kind)).toEqual(['installed', 'disabled', 'enabled', 'disabled', 'enabled']);
    expect(harness.catalog.getPlugin(VERSIONED)).toMatchObject({ desired: 'enabled', lifecycle: 'active' });
    expect(harness.host.running()).toEqual([{ pluginId: VERSIONED, version: '1.0.0' }]);
    expect(await provider()).toBe('versioned@1.0.0');
  });

  it('an update of a disabled plugin installs it without starting it', async () => {
    await harness.installer.install({ kind: 'path', path: packages.v1 });
    await harness.installer.disable(VERSIONED);
    const outcome = await harness.installer.install({ kind: 'path', path: packages.v2 });
    expect(outcome.running).toBe(false);
    expect(harness.host.activeVersion(VERSIONED)).toBeUndefined();
    expect(harness.catalog.getPlugin(VERSIONED)).toMatchObject({ version: '2.0.0', desired: 'disabled', lifecycle: 'disabled' });
  });

  it('uninstall calls on-disable(unload) and removes files, config, KV and the data folder', async () => {
    await harness.installer.install({ kind: 'path', path: packages.v1 });
    harness.catalog.config.set(VERSIONED, 'versioned', { x: 1 });
    await harness.installer.uninstall(VERSIONED);
    expect(harness.logged(VERSIONED)).toContain('versioned 1.0.0 disabled (unload)');
    expect(harness.catalog.getPlugin(VERSIONED)).toBeUndefined();
    expect(harness.catalog.config.get(VERSIONED, 'versioned')).toEqual({});
    expect(existsSync(join(harness.dataDir, 'plugins', VERSIONED))).toBe(false);
    expect(existsSync(join(harness.dataDir, 'plugin-data', VERSIONED))).toBe(false);
    expect(harness.catalog.events.list(VERSIONED).map((event) => event.kind)).toEqual(['installed', 'uninstall-started', 'uninstalled']);
  });

  it('uninstall with keepData keeps config and the data folder for a later reinstall', async () => {
    await harness.installer.install({ kind: 'path', path: packages.v1 });
    harness.catalog.config.set(VERSIONED, 'versioned', { x: 1 });
    await harness.installer.uninstall(VERSIONED, { keepData: true });
    expect(existsSync(join(harness.dataDir, 'plugin-data', VERSIONED))).toBe(true);
    await harness.installer.install({ kind: 'path', path: packages.v1 });
    expect(harness.catalog.config.get(VERSIONED, 'versioned')).toEqual({ x: 1 });
  });

  it('names the missing plugin and says how to list what is installed', async () => {
    await expect(harness.installer.enable('org.nope.plugin')).rejects.toThrow('no plugin "org.nope.plugin" is installed; "fugue plugin list" shows the installed ones');
  });
});

describe('restart', () => {
  it('keeps enabled and disabled state, config and KV, and starts only the enabled plugins', async () => {
    await harness.installer.install({ kind: 'path', path: packages.v1 });
    await harness.installer.install({ kind: 'path', path: packages.words });
    await harness.installer.disable(WORDS);
    harness.catalog.config.set(VERSIONED, 'versioned', { offset: 250 });
    harness.catalog.permissions.replace(VERSIONED, [{ kind: 'storage', target: 'storage', quotaKb: 4, reason: 'cache', granted: true }]);
    harness.catalog.kv(VERSIONED).set('last', new TextEncoder().encode('song'));
    const report = await harness.restart();
    expect(report.plugins).toEqual([
      { pluginId: WORDS, version: '0.1.0', state: 'disabled' },
      { pluginId: VERSIONED, version: '1.0.0', state: 'active' },
    ]);
    expect(harness.host.running()).toEqual([{ pluginId: VERSIONED, version: '1.0.0' }]);
    expect(await provider()).toBe('versioned@1.0.0');
    expect(harness.catalog.config.get(VERSIONED, 'versioned')).toEqual({ offset: 250 });
    expect(new TextDecoder().decode(harness.catalog.kv(VERSIONED).get('last'))).toBe('song');
    expect(harness.catalog.getPlugin(WORDS)).toMatchObject({ desired: 'disabled', lifecycle: 'disabled' });
  });
});

describe('built-in plugins', () => {
  it('are installed at first start, can be disabled, cannot be uninstalled, and stay disabled after a restart', async () => {
    await harness.dispose();
    harness = await ServicesHarness.create({ builtinPackages: [packages.dsp] });
    const first = await harness.restart();
    expect(first.builtins).toEqual([{ package: packages.dsp, pluginId: 'org.fugue.fixture.dsp', action: 'installed' }]);
    expect(first.plugins).toEqual([{ pluginId: 'org.fugue.fixture.dsp', version: '0.1.0', state: 'active' }]);
    await expect(harness.installer.uninstall('org.fugue.fixture.dsp')).rejects.toThrow(
      'org.fugue.fixture.dsp is built into Fugue and cannot be uninstalled; disable it instead ("fugue plugin disable org.fugue.fixture.dsp")',
    );
    await harness.installer.disable('org.fugue.fixture.dsp');
    const second = await harness.restart();
    expect(second.builtins[0]?.action).toBe('up-to-date');
    expect(second.plugins).toEqual([{ pluginId: 'org.fugue.fixture.dsp', version: '0.1.0', state: 'disabled' }]);
    expect(harness.catalog.getPlugin('org.fugue.fixture.dsp')?.builtin).toBe(true);
  });
});
