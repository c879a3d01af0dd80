import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLE_MANIFESTS } from '../../src-shared/manifest/examples.ts';
import { parseManifest, type PluginManifest } from '../../src-shared/manifest/index.ts';
import { Catalog, type CommitVersion } from './catalog.ts';
import { migrate, openDatabase } from './database.ts';
import { CATALOG_MIGRATIONS } from './migrations.ts';

let dir: string;
let file: string;
let catalog: Catalog;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fugue-catalog-'));
  file = join(dir, 'catalog.db');
  catalog = Catalog.open(file);
});
afterEach(async () => {
  catalog.close();
  await rm(dir, { recursive: true, force: true });
});

function manifest(changes: Record<string, unknown> = {}): PluginManifest {
  const parsed = parseManifest({ ...EXAMPLE_MANIFESTS.dsp, ...changes });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.manifest;
}

function commit(plugin: PluginManifest, extra: Partial<CommitVersion> = {}) {
  return catalog.commitVersion({
    manifest: plugin,
    installDir: `plugins/${plugin.id}/${plugin.version}`,
    source: 'test',
    receipt: [{ path: 'plugin.json', size: 10, sha256: 'a'.repeat(64) }],
    builtin: false,
    grants: [{ kind: 'storage', target: 'storage', quotaKb: 1, reason: 'cache', granted: true }],
    lifecycle: 'active',
    event: { kind: 'installed', message: 'installed' },
    ...extra,
  });
}

function reopen(): void {
  catalog.close();
  catalog = Catalog.open(file);
}

describe('Catalog: the file', () => {
  it('is in WAL mode with every migration recorded once, and reopening applies nothing twice', () => {
    reopen();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT version, name FROM schema_migrations').all()).toEqual([
      { version: 1, name: 'plugin catalog' },
      { version: 2, name: 'dev links' },
      { version: 3, name: 'publisher signatures' },
    ]);
    db.close();
  });

  it('keeps the same instance id across reopening', () => {
    const id = catalog.instanceId;
    reopen();
    expect(catalog.instanceId).toBe(id);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a catalog written by a newer schema, saying what to do', () => {
    catalog.close();
    const db = new Database(file);
    db.prepare('INSERT INTO schema_migrations VALUES (99, ?, 0)').run('future');
    db.close();
    expect(() => Catalog.open(file)).toThrow(/written by a newer Fugue \(schema 99, this version knows up to 3\); update Fugue/);
    catalog = Catalog.open(join(dir, 'other.db'));
  });

  it('rolls a failing migration back entirely and does not record it', () => {
    const db = openDatabase(join(dir, 'm.db'), []);
    const broken = [{ version: 1, name: 'half', sql: 'CREATE TABLE a (x); CREATE TABLE a (x);' }];
    expect(() => migrate(db, broken)).toThrow(/already exists/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'a'").all()).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: 0 });
    expect(migrate(db, CATALOG_MIGRATIONS)).toEqual([1, 2, 3]);
    db.close();
  });

  it('upgrades a catalog written before signatures: its versions read as unverified, and keys can be trusted', () => {
    const db = openDatabase(join(dir, 'pre-sig.db'), CATALOG_MIGRATIONS.slice(0, 2));
    db.prepare("INSERT INTO plugins (id, current_version, desired, lifecycle, installed_at, updated_at) VALUES ('org.example.old', '1.0.0', 'enabled', 'active', 0, 0)").run();
    db.prepare("INSERT INTO plugin_versions (plugin_id, version, manifest, install_dir, source, installed_at) VALUES ('org.example.old', '1.0.0', '{}', 'plugins/org.example.old/1.0.0', 'x', 0)").run();
    db.close();
    const upgraded = Catalog.open(join(dir, 'pre-sig.db'));
    expect(upgraded.currentVersion('org.example.old')?.signature).toEqual({ state: 'unverified', reason: 'the package is not signed' });
    upgraded.trustedKeys.add({ keyId: 'abcd', publisher: 'Example', publicKeyPem: 'PEM' });
    upgraded.trustedKeys.add({ keyId: 'abcd', publisher: 'Example Labs', publicKeyPem: 'PEM' });
    expect(upgraded.trustedKeys.list()).toMatchObject([{ keyId: 'abcd', publisher: 'Example Labs' }]);
    expect([upgraded.trustedKeys.remove('abcd'), upgraded.trustedKeys.remove('abcd')]).toEqual([true, false]);
    upgraded.close();
  });

  it('upgrades a catalog written before dev links, keeping its rows', () => {
    const db = openDatabase(join(dir, 'old.db'), CATALOG_MIGRATIONS.slice(0, 1));
    db.prepare("INSERT INTO plugins (id, current_version, desired, lifecycle, installed_at, updated_at) VALUES ('org.example.old', '1.0.0', 'enabled', 'active', 0, 0)").run();
    db.close();
    const upgraded = Catalog.open(join(dir, 'old.db'));
    expect(upgraded.getPlugin('org.example.old')).toMatchObject({ version: '1.0.0', lifecycle: 'active' });
    upgraded.devLinks.link('org.example.old', '/src/old', '1.0.1');
    expect(upgraded.devLinks.list()).toMatchObject([{ pluginId: 'org.example.old', folder: '/src/old', version: '1.0.1', lastError: undefined }]);
    upgraded.close();
  });
});

describe('Catalog: plugins, versions and receipts', () => {
  it('commits a version with its receipt, abilities and grants, and survives a reopen', () => {
    commit(manifest());
    reopen();
    expect(catalog.getPlugin('org.example.gain')).toMatchObject({ version: '0.1.0', desired: 'enabled', lifecycle: 'active', builtin: false });
    expect(catalog.currentVersion('org.example.gain')?.manifest.components[0]?.id).toBe('main');
    expect(catalog.receipt('org.example.gain', '0.1.0')).toEqual([{ path: 'plugin.json', size: 10, sha256: 'a'.repeat(64) }]);
    expect(catalog.abilityOwner('dsp', 'gain')).toEqual({ pluginId: 'org.example.gain', component: 'main' });
    expect(catalog.events.list('org.example.gain').map((event) => [event.kind, event.version])).toEqual([['installed', '0.1.0']]);
  });

  it('an update replaces the version row and returns the one it replaced', () => {
    commit(manifest());
    const replaced = commit(manifest({ version: '0.2.0' }), { event: { kind: 'updated', message: 'updated' } });
    expect(replaced.map((version) => version.installDir)).toEqual(['plugins/org.example.gain/0.1.0']);
    expect(catalog.allVersions().map((version) => version.version)).toEqual(['0.2.0']);
    expect(catalog.receipt('org.example.gain', '0.1.0')).toEqual([]);
  });

  it('a failed commit changes nothing (a second plugin claiming the same ability)', () => {
    commit(manifest());
    const before = catalog.listPlugins();
    expect(() => commit(manifest({ id: 'org.other.gain' }))).toThrow(/UNIQUE constraint failed: abilities/);
    expect(catalog.listPlugins()).toEqual(before);
    expect(catalog.allVersions()).toHaveLength(1);
  });

  it('keeps desired and lifecycle state and the last error across a reopen', () => {
    commit(manifest());
    catalog.setState('org.example.gain', { desired: 'disabled', lifecycle: 'failed', lastError: { code: 'trap', message: 'boom' } });
    reopen();
    expect(catalog.getPlugin('org.example.gain')).toMatchObject({ desired: 'disabled', lifecycle: 'failed', lastError: { code: 'trap', message: 'boom' } });
  });

  it('deletes a plugin with its config and KV, or keeps them when asked', () => {
    commit(manifest());
    catalog.config.set('org.example.gain', 'gain', { db: 3 });
    catalog.kv('org.example.gain').set('k', new Uint8Array([1]));
    catalog.deletePlugin('org.example.gain', { keepData: true });
    expect(catalog.getPlugin('org.example.gain')).toBeUndefined();
    expect(catalog.permissions.list('org.example.gain')).toEqual([]);
    expect(catalog.config.get('org.example.gain', 'gain')).toEqual({ db: 3 });
    commit(manifest());
    catalog.deletePlugin('org.example.gain', { keepData: false });
    expect(catalog.config.get('org.example.gain', 'gain')).toEqual({});
    expect(catalog.kv('org.example.gain').listKeys()).toEqual([]);
  });

  it('says how to list plugins when one is missing', () => {
    expect(() => catalog.requirePlugin('org.nope')).toThrow('no plugin "org.nope" is installed; "fugue plugin list" shows the installed ones');
  });
});

describe('Catalog: config, permissions and KV', () => {
  beforeEach(() => commit(manifest()));

  it('stores config per ability and survives a reopen', () => {
    catalog.config.set('org.example.gain', 'gain', { db: -3.5, bypass: false, modes: ['a', 'b'] });
    reopen();
    expect(catalog.config.get('org.example.gain', 'gain')).toEqual({ bypass: false, db: -3.5, modes: ['a', 'b'] });
  });

  it('revokes and re-grants a declared permission, and refuses an undeclared one naming the declared ones', () => {
    expect(catalog.permissions.setGranted('org.example.gain', 'storage', false).granted).toBe(false);
    expect(catalog.permissions.storageQuotaBytes('org.example.gain')).toBe(0);
    catalog.permissions.setGranted('org.example.gain', 'storage', true);
    expect(catalog.permissions.storageQuotaBytes('org.example.gain')).toBe(1024);
    expect(() => catalog.permissions.setGranted('org.example.gain', 'network:evil.example', true)).toThrow(
      'org.example.gain does not declare the permission "network:evil.example"; it declares: storage',
    );
  });

  it('enforces the granted quota, reports usage, and leaves the store unchanged on a refused write', () => {
    const kv = catalog.kv('org.example.gain');
    kv.set('a', new Uint8Array(1000));
    expect(kv.usage()).toEqual({ usedBytes: 1001, quotaBytes: 1024 });
    expect(() => kv.set('b', new Uint8Array(100))).toThrow(/would use 1102 bytes of storage, past its 1024-byte quota/);
    kv.set('a', new Uint8Array(900));
    kv.set('b', new Uint8Array(100));
    expect(kv.listKeys()).toEqual(['a', 'b']);
    expect(kv.get('b')?.length).toBe(100);
    expect(kv.delete('a')).toBe(true);
    expect(kv.listKeys('b')).toEqual(['b']);
  });

  it('refuses writes once storage is revoked, but keeps what was stored', () => {
    const kv = catalog.kv('org.example.gain');
    kv.set('a', new Uint8Array([7]));
    catalog.permissions.setGranted('org.example.gain', 'storage', false);
    expect(() => kv.set('b', new Uint8Array([1]))).toThrow(/has no storage granted; grant its "storage" permission/);
    expect(kv.get('a')).toEqual(new Uint8Array([7]));
  });

  it('keeps KV across a reopen', () => {
    catalog.kv('org.example.gain').set('song', new TextEncoder().encode('la'));
    reopen();
    expect(new TextDecoder().decode(catalog.kv('org.example.gain').get('song'))).toBe('la');
  });
});

describe('Catalog: change events', () => {
  const ID = 'org.example.gain';

  function record(): string[] {
    const seen: string[] = [];
    catalog.onChange((pluginId) => seen.push(pluginId));
    return seen;
  }

  it('reports each plugin once per committed transaction, and every change outside one at once', () => {
    const seen = record();
    commit(manifest()); // version, receipts, grants and an event in one transaction
    expect(seen).toEqual([ID]);
    catalog.setState(ID, { lifecycle: 'failed' });
    catalog.permissions.setGranted(ID, 'storage', false);
    catalog.events.add(ID, { kind: 'error', message: 'trapped' });
    catalog.devLinks.link('org.dev.only', '/tmp/project', '0.1.0');
    catalog.devLinks.unlink('org.dev.only');
    catalog.markPendingUninstall(ID, false);
    catalog.deletePlugin(ID, { keepData: false });
    expect(seen).toEqual([ID, ID, ID, ID, 'org.dev.only', 'org.dev.only', ID, ID]);
  });

  it('reports a transaction only after it commits, and nothing for one rolled back', () => {
    commit(manifest());
    const seen = record();
    catalog.transaction(() => {
      catalog.setState(ID, { desired: 'disabled' });
      catalog.events.add(ID, { kind: 'disabled', message: 'disabled' });
      expect(seen).toEqual([]);
    });
    expect(seen).toEqual([ID]);
    expect(() =>
      catalog.transaction(() => {
        catalog.setState(ID, { desired: 'enabled' });
        throw new Error('abandoned');
      }),
    ).toThrow('abandoned');
    expect(seen).toEqual([ID]);
    expect(catalog.getPlugin(ID)?.desired).toBe('disabled');
  });

  it('stops reporting to a listener once disposed, and a throwing listener does not stop the others', () => {
    const seen = record();
    const stopped = catalog.onChange(() => {
      throw new Error('broken listener');
    });
    commit(manifest());
    void stopped.dispose();
    const later: string[] = [];
    const sub = catalog.onChange((pluginId) => later.push(pluginId));
    void sub.dispose();
    catalog.setState(ID, { lifecycle: 'failed' });
    expect(seen).toEqual([ID, ID]);
    expect(later).toEqual([]);
  });
});
