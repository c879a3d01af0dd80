// Consent at install and update, and grants revoked and given again, with real packages.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConsentRequest } from './consent.ts';
import { ServicesHarness, unpackWith, versionedPackage } from './test-support/services.ts';

const ID = 'org.fugue.fixture.versioned';
const network = (host: string) => ({ host, reason: `to fetch lyrics from ${host}` });

let work: string;
let v1: string;
let v2: string;
let v3: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fugue-consent-'));
  v1 = await unpackWith(await versionedPackage('1.0.0', work), join(work, 'v1'), (manifest) => {
    manifest.permissions = { network: [network('lrclib.net')], storage: { quota_kb: 64, reason: 'to cache lyrics' } };
  });
  v2 = await unpackWith(await versionedPackage('2.0.0', work), join(work, 'v2'), (manifest) => {
    manifest.permissions = { network: [network('lrclib.net'), network('api.lyrics.ovh')], storage: { quota_kb: 64, reason: 'to cache lyrics' } };
  });
  v3 = await unpackWith(await versionedPackage('3.0.0', work), join(work, 'v3'), (manifest) => {
    manifest.permissions = { network: [network('lrclib.net'), network('api.lyrics.ovh')], storage: { quota_kb: 128, reason: 'to cache more lyrics' } };
  });
});
afterAll(async () => rm(work, { recursive: true, force: true }));

let harness: ServicesHarness;
beforeEach(async () => (harness = await ServicesHarness.create()));
afterEach(async () => harness.dispose());

const grantedKeys = () => harness.catalog.permissions.list(ID).map((grant) => `${grant.kind}:${grant.target}=${grant.granted}`);

describe('consent', () => {
  it('grants a built-in plugin its storage but not the network: the user turns that on', async () => {
    await harness.installer.install({ kind: 'path', path: v1 }, { builtin: true });
    expect(grantedKeys()).toEqual(['network:lrclib.net=false', 'storage:storage=true']);
  });

  it('refuses to install without a way to ask, listing what needs consent, and writes nothing', async () => {
    await expect(harness.installer.install({ kind: 'path', path: v1 })).rejects.toThrow(
      `${ID} 1.0.0 asks for permissions that need your consent (network access to lrclib.net (to fetch lyrics from lrclib.net); 64 KB of storage (to cache lyrics)); nothing was installed. Install it again and grant them (--yes on the command line)`,
    );
    expect(harness.catalog.getPlugin(ID)).toBeUndefined();
  });

  it('refuses when the user declines', async () => {
    await expect(harness.installer.install({ kind: 'path', path: v1 }, { onConsent: () => ({ approve: false }) })).rejects.toMatchObject({ code: 'denied' });
    expect(harness.catalog.listPlugins()).toEqual([]);
  });

  it('asks about every declared permission on a first install and records a partial grant', async () => {
    const asked: ConsentRequest[] = [];
    await harness.installer.install({ kind: 'path', path: v1 }, { onConsent: (request) => (asked.push(request), { approve: true, grant: ['storage'] }) });
    expect(asked.map((request) => request.toAsk.map((permission) => permission.key))).toEqual([['network:lrclib.net', 'storage']]);
    expect(grantedKeys()).toEqual(['network:lrclib.net=false', 'storage:storage=true']);
    expect(harness.catalog.kv(ID).usage().quotaBytes).toBe(64 * 1024);
  });

  it('asks again only about what an update adds or enlarges, and keeps earlier decisions', async () => {
    await harness.installer.install({ kind: 'path', path: v1 }, { onConsent: () => ({ approve: true, grant: ['storage'] }) });
    const asked: string[][] = [];
    const consent = (request: ConsentRequest) => (asked.push(request.toAsk.map((permission) => permission.key)), { approve: true } as const);
    await harness.installer.install({ kind: 'path', path: v2 }, { onConsent: consent });
    await harness.installer.install({ kind: 'path', path: v3 }, { onConsent: consent });
    expect(asked).toEqual([['network:api.lyrics.ovh'], ['storage']]);
    expect(grantedKeys()).toEqual(['network:api.lyrics.ovh=true', 'network:lrclib.net=false', 'storage:storage=true']);
    expect(harness.catalog.kv(ID).usage().quotaBytes).toBe(128 * 1024);
  });

  it('an update that adds permissions is refused without consent, and the old version keeps running', async () => {
    await harness.installer.install({ kind: 'path', path: v1 }, { onConsent: () => ({ approve: true }) });
    await expect(harness.installer.install({ kind: 'path', path: v2 })).rejects.toThrow(/asks for permissions that need your consent \(network access to api\.lyrics\.ovh/);
    expect(harness.host.activeVersion(ID)).toBe('1.0.0');
    expect(harness.catalog.getPlugin(ID)?.version).toBe('1.0.0');
  });

  it('a reinstall asks nothing when nothing new is declared', async () => {
    await harness.installer.install({ kind: 'path', path: v1 }, { onConsent: () => ({ approve: true }) });
    await harness.installer.install({ kind: 'path', path: v1 });
    expect(grantedKeys()).toEqual(['network:lrclib.net=true', 'storage:storage=true']);
  });

  it('grants can be revoked and given again, and survive a restart', async () => {
    await harness.installer.install({ kind: 'path', path: v1 }, { onConsent: () => ({ approve: true }) });
    harness.catalog.permissions.setGranted(ID, 'network:lrclib.net', false);
    await harness.restart();
    expect(harness.catalog.permissions.isGranted(ID, 'network:lrclib.net')).toBe(false);
    harness.catalog.permissions.setGranted(ID, 'network:lrclib.net', true);
    expect(harness.catalog.permissions.isGranted(ID, 'network:lrclib.net')).toBe(true);
  });
});
