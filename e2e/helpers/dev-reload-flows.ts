/**
 * The dev-folder flows the web spec (e2e/dev-reload.spec.ts) and its Electron twin share:
 * the versioned-lyrics fixture they link, a work folder with its version 2 built the way
 * src-main/contract/dev-link.test.ts builds it, linking a copy of the project (however the
 * folder was chosen), and a rebuild to version 2 reloading live. Each step waits on the
 * host's named events (`plugins.changed`, `plugins.devReload`) through a `HostClient`.
 */
import { copyFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { versionedPackage } from '../../src-main/plugins/test-support/services.ts';
import { REPO_ROOT } from '../environment.ts';
import type { HostClient } from './host-client.ts';
import { nextEvent, statusEvent, type PluginsPage } from './plugins-page.ts';

/** Its lyrics provider answers with its own version, so an answer names the version that runs. */
export const VERSIONED = { id: 'org.fugue.fixture.versioned', name: 'Versioned lyrics', built: 'org.fugue.fixture.versioned-1.0.0.zip' };

/** A temp folder with version 2 of the versioned fixture built in it, and room for copies of its version-1 project. */
export class DevWork {
  private constructor(
    readonly path: string,
    private readonly version2: string,
  ) {}

  /** Builds version 2 (slow: a plugin build), so callers give their `beforeAll` a longer timeout. */
  static async create(prefix: string): Promise<DevWork> {
    const path = await mkdtemp(join(tmpdir(), prefix));
    await versionedPackage('2.0.0', path);
    return new DevWork(path, join(path, 'versioned-2.0.0'));
  }

  /** A fresh copy of the version-1 project (with its built `dist/`) named `name`, to link as a dev folder. */
  async projectCopy(name: string): Promise<string> {
    const folder = join(this.path, name);
    await cp(join(REPO_ROOT, 'plugin-fixtures', 'versioned-lyrics'), folder, { recursive: true });
    return folder;
  }

  /** What a rebuild does to `folder`: version 2's component and manifest replace version 1's. */
  async rebuildToVersion2(folder: string): Promise<void> {
    await copyFile(join(this.version2, 'dist', 'lyrics.wasm'), join(folder, 'dist', 'lyrics.wasm'));
    await copyFile(join(this.version2, 'plugin.json'), join(folder, 'plugin.json'));
  }

  dispose(): Promise<void> {
    return rm(this.path, { recursive: true, force: true });
  }
}

/**
 * Links `folder` with `load` (the user's way of pressing "Load folder"): once the host
 * announces the plugin as `dev`, its row has the `dev` badge and the details name the
 * folder and say it is watched.
 */
export async function linkDevFolder(ui: PluginsPage, host: HostClient, folder: string, load: () => Promise<void>): Promise<void> {
  const linked = statusEvent(host, VERSIONED.id, 'dev');
  await load();
  await linked;
  await expect(ui.badge(VERSIONED.name, 'dev')).toBeVisible();
  await expect(ui.devFolder()).toContainText(`Dev folder: ${folder}`);
  await expect(ui.devFolder().getByRole('status')).toHaveText('Watching the folder for changes.');
}

/**
 * Rebuilds the linked `folder` to version 2: once the host reports the reload, the
 * live-reload indicator names the version and a changed file, the row shows 2.0.0, lyrics
 * come from version 2, and the metrics chart counts its calls.
 */
export async function rebuildReloadsLive(ui: PluginsPage, host: HostClient, work: DevWork, folder: string): Promise<void> {
  const reloaded = nextEvent(host, (event) => event.event === 'plugins.devReload' && event.payload.outcome === 'reloaded' && event.payload.version === '2.0.0');
  await work.rebuildToVersion2(folder);
  await reloaded;
  await expect(ui.devFolder().getByRole('status')).toHaveText(/^Reloaded .+ \(version 2\.0\.0\): .*(dist\/lyrics\.wasm|plugin\.json)/);
  await expect(ui.row(VERSIONED.name)).toContainText('2.0.0');
  expect(await providerOf(host)).toBe('versioned@2.0.0');
  // The metrics chart polls the running component: version 2 has answered a call.
  await expect(ui.details().getByRole('figure', { name: `Metrics of ${VERSIONED.name}` })).toContainText(/lyrics 2\.0\.0 \(\w+\): [\d.]+ calls\/s \([1-9]\d* in all\)/);
}

/** The provider that answers a lyrics lookup: the running version of the versioned fixture names itself. */
export async function providerOf(host: HostClient): Promise<string | undefined> {
  const result = await host.contract['lyrics.find']({ query: { title: 'which version?' } });
  return result.ok ? result.value.found?.provider : undefined;
}
