import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContractEvent, InstallReply } from '../../src-shared/contract/index.ts';
import { fixturePackage, ServicesHarness, versionedPackage } from '../plugins/test-support/services.ts';
import { createHandlers, type ContractHost } from './handlers.ts';
import { value } from './testing.ts';

const PROBE = 'org.fugue.fixture.net-kv-probe';
const LYRICS = 'org.fugue.fixture.lyrics';
const SOURCE = 'org.fugue.fixture.source';

async function upload(host: ContractHost, fixture: string): Promise<string> {
  const path = await fixturePackage(fixture);
  return host.uploads.put(new Uint8Array(await readFile(path)), `${fixture}.zip`);
}

describe('contract handlers over real plugin services', () => {
  let harness: ServicesHarness;
  let host: ContractHost;
  let events: ContractEvent[];

  beforeEach(async () => {
    harness = await ServicesHarness.create();
    host = createHandlers({ plugins: harness.services });
    events = [];
    host.events.on((event) => events.push(event));
  });

  afterEach(async () => {
    await host.dispose();
    await harness.dispose();
  });

  it('refuses a bad argument naming the field, before touching any service', async () => {
    const result = await host.handlers['plugins.enable']({ pluginId: 'Not An Id' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(!result.ok && result.error.message).toMatch(/^plugins\.enable: pluginId: must be a plugin id/);
    const extra = await host.handlers['playback.setVolume']({ gain: 2 });
    expect(!extra.ok && extra.error.message).toMatch(/gain/);
    const unknownKey = await host.handlers['plugins.list']({ kind: 'lyrics', sneaky: true });
    expect(unknownKey).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('answers a missing plugin with not-found as data, never a throw', async () => {
    const result = await host.handlers['plugins.details']({ pluginId: 'org.example.missing' });
    expect(result).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('installs an upload through the consent round trip, granting only what the user chose', async () => {
    const uploadId = await upload(host, 'net-kv-probe');
    const asked = value(await host.handlers['plugins.install']({ source: { kind: 'upload', uploadId } }));
    expect(asked.status).toBe('consent-required');
    const request = (asked as Extract<InstallReply, { status: 'consent-required' }>).request;
    expect(request.pluginId).toBe(PROBE);
    expect(request.toAsk.map((permission) => permission.key).sort()).toEqual(['network:127.0.0.1', 'storage']);
    expect(request.toAsk.find((permission) => permission.key === 'storage')?.description).toMatch(/storage/);
    // Nothing is committed while the user decides.
    expect(value(await host.handlers['plugins.list']())).toEqual([]);

    const done = value(await host.handlers['plugins.answerConsent']({ consentId: request.consentId, approve: true, grant: ['storage'] }));
    expect(done).toMatchObject({ status: 'installed', outcome: { pluginId: PROBE, action: 'installed', running: true, granted: ['storage'] } });
    const details = value(await host.handlers['plugins.details']({ pluginId: PROBE }));
    expect(details.status).toBe('active');
    expect(details.kinds).toEqual(['lyrics']);
    expect(details.signature.state).toBe('unverified');
    expect(details.permissions.map((permission) => [permission.key, permission.granted]).sort()).toEqual([
      ['network:127.0.0.1', false],
      ['storage', true],
    ]);
    expect(details.events.map((event) => event.kind)).toContain('installed');
    const steps = events.flatMap((event) => (event.event === 'plugins.installProgress' && event.payload.source === uploadId ? [event.payload.step] : []));
    expect(steps).toEqual(expect.arrayContaining(['received', 'staged', 'validated', 'consent-required', 'activated', 'installed']));
    expect(events).toContainEqual({ event: 'plugins.changed', payload: expect.objectContaining({ pluginId: PROBE }) });

    // The upload was used up: it cannot be installed a second time by its id.
    const again = await host.handlers['plugins.install']({ source: { kind: 'upload', uploadId } });
    expect(again).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('a declined consent installs nothing, and the answer cannot be given twice', async () => {
    const uploadId = await upload(host, 'net-kv-probe');
    const asked = value(await host.handlers['plugins.install']({ source: { kind: 'upload', uploadId } }));
    const consentId = asked.status === 'consent-required' ? asked.request.consentId : '';
    const bogus = await host.handlers['plugins.answerConsent']({ consentId, approve: true, grant: ['network:evil.example'] });
    expect(bogus).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    const declined = await host.handlers['plugins.answerConsent']({ consentId, approve: false });
    expect(declined).toMatchObject({ ok: false, error: { code: 'denied' } });
    expect(value(await host.handlers['plugins.list']())).toEqual([]);
    const twice = await host.handlers['plugins.answerConsent']({ consentId, approve: true });
    expect(twice).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('refuses an install nobody answers once the consent times out', async () => {
    await host.dispose();
    host = createHandlers({ plugins: harness.services, consentTimeoutMs: 50 });
    const uploadId = await upload(host, 'net-kv-probe');
    const asked = value(await host.handlers['plugins.install']({ source: { kind: 'upload', uploadId } }));
    expect(asked.status).toBe('consent-required');
    await harness.installer.idle();
    expect(harness.catalog.getPlugin(PROBE)).toBeUndefined();
  });

  it('enables, disables, revokes and re-grants, and lists by kind', async () => {
    const installed = value(await host.handlers['plugins.install']({ source: { kind: 'path', path: await fixturePackage('world-lyrics') } }));
    expect(installed).toMatchObject({ status: 'installed', outcome: { pluginId: LYRICS, running: true } });
    expect(value(await host.handlers['plugins.list']({ kind: 'lyrics' })).map((row) => row.id)).toEqual([LYRICS]);
    expect(value(await host.handlers['plugins.list']({ kind: 'decoder' }))).toEqual([]);

    expect(value(await host.handlers['plugins.disable']({ pluginId: LYRICS }))).toMatchObject({ status: 'disabled', desired: 'disabled' });
    expect(harness.host.activeVersion(LYRICS)).toBeUndefined();
    expect(value(await host.handlers['plugins.enable']({ pluginId: LYRICS }))).toMatchObject({ status: 'active', desired: 'enabled' });
    expect(harness.host.activeVersion(LYRICS)).toBe('0.1.0');
    expect(events.filter((event) => event.event === 'plugins.changed').map((event) => event.event === 'plugins.changed' && event.payload.summary?.status)).toEqual(
      expect.arrayContaining(['disabled', 'active']),
    );

    const settings = value(await host.handlers['plugins.settings']({ pluginId: LYRICS }));
    expect(settings).toMatchObject([{ typeId: 'words', kind: 'lyrics', fields: [{ key: 'line_ms', type: 'integer', minimum: 100 }] }]);
    expect(value(await host.handlers['plugins.saveSettings']({ pluginId: LYRICS, typeId: 'words', values: { line_ms: 500 } })).outcome).toBe('applied');
    const refused = await host.handlers['plugins.saveSettings']({ pluginId: LYRICS, typeId: 'words', values: { line_ms: 5 } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });

    const uninstalled = value(await host.handlers['plugins.uninstall']({ pluginId: LYRICS }));
    expect(uninstalled).toEqual({ pluginId: LYRICS, completed: true });
    expect(events).toContainEqual({ event: 'plugins.changed', payload: { pluginId: LYRICS } });
  });

  it('revokes and re-grants a declared permission', async () => {
    const uploadId = await upload(host, 'net-kv-probe');
    const asked = value(await host.handlers['plugins.install']({ source: { kind: 'upload', uploadId } }));
    value(await host.handlers['plugins.answerConsent']({ consentId: asked.status === 'consent-required' ? asked.request.consentId : '', approve: true }));
    expect(value(await host.handlers['plugins.setPermission']({ pluginId: PROBE, key: 'storage', granted: false }))).toMatchObject({ key: 'storage', granted: false });
    expect(harness.catalog.permissions.isGranted(PROBE, 'storage')).toBe(false);
    expect(value(await host.handlers['plugins.setPermission']({ pluginId: PROBE, key: 'storage', granted: true })).granted).toBe(true);
    const kinds = value(await host.handlers['plugins.events']({ pluginId: PROBE })).map((event) => event.kind);
    expect(kinds).toEqual(expect.arrayContaining(['permission-revoked', 'permission-granted']));
  });

  it('browses and searches a running source plugin with plain JSON values', async () => {
    value(await host.handlers['plugins.install']({ source: { kind: 'path', path: await fixturePackage('world-source') } }));
    expect(value(await host.handlers['library.sources']())).toEqual([{ pluginId: SOURCE, typeId: 'fixed', displayName: 'Fixed catalog' }]);
    const root = value(await host.handlers['library.browse']({ pluginId: SOURCE }));
    expect(root.items.length).toBeGreaterThan(0);
    const album = root.items.find((item) => item.hasChildren);
    const tracks = value(await host.handlers['library.browse']({ pluginId: SOURCE, itemId: album?.id ?? '' }));
    const track = tracks.items.find((item) => item.playable);
    expect(track).toBeDefined();
    expect(JSON.parse(JSON.stringify(tracks))).toEqual(tracks);
    const resolved = value(await host.handlers['library.resolve']({ pluginId: SOURCE, itemId: track?.id ?? '' }));
    expect(['file', 'url']).toContain(resolved.location.kind);
    const found = value(await host.handlers['library.search']({ pluginId: SOURCE, query: track?.title ?? '' }));
    expect(found.items.map((item) => item.id)).toContain(track?.id);
    const art = value(await host.handlers['library.artwork']({ pluginId: SOURCE, itemId: album?.id ?? '' }));
    expect(art?.mimeType).toBe('image/png');
    expect(Buffer.from(art?.dataUrl.replace('data:image/png;base64,', '') ?? '', 'base64').subarray(0, 4)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    expect(value(await host.handlers['library.artwork']({ pluginId: SOURCE, itemId: 'no-such-album' }))).toBeNull();
    // Counted calls feed the metrics chart.
    const [metrics] = value(await host.handlers['plugins.metrics']({ pluginId: SOURCE }));
    expect(metrics?.calls).toBeGreaterThanOrEqual(5);
    const notSource = await host.handlers['library.browse']({ pluginId: LYRICS });
    expect(notSource).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('answers an install whose plugin fails to start with its error, leaving nothing installed', async () => {
    const work = await mkdtemp(join(tmpdir(), 'fugue-contract-broken-'));
    try {
      const broken = await versionedPackage('1.0.0', work, { failOnEnable: true });
      const reply = await host.handlers['plugins.install']({ source: { kind: 'path', path: broken } });
      expect(reply).toMatchObject({ ok: false, error: { message: expect.stringContaining('refuses to start') } });
      expect(value(await host.handlers['plugins.list']())).toEqual([]);
      const last = events.filter((event) => event.event === 'plugins.installProgress').at(-1);
      expect(last).toMatchObject({ payload: { source: broken, step: 'failed', error: { message: expect.stringContaining('refuses to start') } } });
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });

  it('reports a change made outside the contract (the installer called directly) as plugins.changed', async () => {
    value(await host.handlers['plugins.install']({ source: { kind: 'path', path: await fixturePackage('world-lyrics') } }));
    const from = events.length;
    await harness.installer.disable(LYRICS);
    await Promise.resolve(); // changes of one tick are sent together, after it
    const changed = events.slice(from).filter((event) => event.event === 'plugins.changed');
    expect(changed.at(-1)).toMatchObject({ payload: { pluginId: LYRICS, summary: { status: 'disabled', desired: 'disabled' } } });

    // A crash or a failed start is recorded straight in the catalog, and reaches the renderers the same way.
    const before = events.length;
    harness.catalog.setState(LYRICS, { lifecycle: 'failed', lastError: { code: 'trap', message: 'the plugin trapped' } });
    await Promise.resolve();
    expect(events.slice(before)).toEqual([
      { event: 'plugins.changed', payload: expect.objectContaining({ pluginId: LYRICS, summary: expect.objectContaining({ status: 'failed', lastError: { code: 'trap', message: 'the plugin trapped' } }) }) },
    ]);
  });

  it('answers player operations with unsupported when the session has no playback', async () => {
    const result = await host.handlers['playback.status']();
    expect(result).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    const lyrics = await host.handlers['lyrics.find']();
    expect(lyrics).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});
