import { request as httpRequest } from 'node:http';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InstallReply, PluginSummary } from '../../src-shared/contract/index.ts';
import { createHandlers, type ContractHost } from '../contract/handlers.ts';
import { fixturePackage, ServicesHarness } from '../plugins/test-support/services.ts';
import { WebShell } from './server.ts';
import { SocketClient } from './testing.ts';
import { value } from '../contract/testing.ts';

const PROBE = 'org.fugue.fixture.net-kv-probe';

/** A raw HTTP request, so tests can send the headers a browser on another site would. */
function raw(port: number, path: string, headers: Record<string, string>, method = 'GET', body?: Uint8Array): Promise<{ status: number; text: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString(), headers: response.headers }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

describe('the web shell', () => {
  let harness: ServicesHarness;
  let contract: ContractHost;
  let shell: WebShell;
  let clients: SocketClient[];

  beforeEach(async () => {
    harness = await ServicesHarness.create();
    contract = createHandlers({ plugins: harness.services });
    shell = await WebShell.start({ contract, maxUploadBytes: 4 * 1024 * 1024 });
    clients = [];
  });

  afterEach(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await shell.dispose();
    await contract.dispose();
    await harness.dispose();
  });

  const connect = async () => {
    const client = await SocketClient.connect(shell.port, shell.token);
    clients.push(client);
    return client;
  };

  const upload = async (fixture: string, token = shell.token) => {
    const bytes = await readFile(await fixturePackage(fixture));
    return fetch(`http://127.0.0.1:${shell.port}/api/upload?name=${fixture}.zip`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/zip' }, body: bytes });
  };

  it('prints a loopback URL carrying the token in its fragment', () => {
    expect(shell.url).toBe(`http://127.0.0.1:${shell.port}/#token=${shell.token}`);
    expect(shell.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('installs an uploaded package with consent, enables and disables it, and pushes the changes as events', async () => {
    const client = await connect();
    const watcher = await connect();
    expect(value(await client.contract['plugins.list']())).toEqual([]);

    const response = await upload('net-kv-probe');
    expect(response.status).toBe(200);
    const { uploadId } = (await response.json()) as { uploadId: string };

    const asked = value(await client.contract['plugins.install']({ source: { kind: 'upload', uploadId } })) as InstallReply;
    if (asked.status !== 'consent-required') throw new Error('the probe declares permissions: consent must be asked');
    expect(asked.request.toAsk.map((permission) => permission.key).sort()).toEqual(['network:127.0.0.1', 'storage']);
    const installed = value(await client.contract['plugins.answerConsent']({ consentId: asked.request.consentId, approve: true, grant: ['storage'] }));
    expect(installed).toMatchObject({ status: 'installed', outcome: { pluginId: PROBE, granted: ['storage'], running: true } });

    // Another window sees the install without asking.
    const seen = await watcher.waitForEvent((event) => event.event === 'plugins.changed' && event.payload.summary?.status === 'active');
    expect(seen).toMatchObject({ payload: { pluginId: PROBE } });
    expect(watcher.events.some((event) => event.event === 'plugins.installProgress' && event.payload.step === 'consent-required')).toBe(true);

    expect((value(await client.contract['plugins.disable']({ pluginId: PROBE })) as PluginSummary).status).toBe('disabled');
    await watcher.waitForEvent((event) => event.event === 'plugins.changed' && event.payload.summary?.status === 'disabled');
    expect(harness.host.activeVersion(PROBE)).toBeUndefined();
    expect((value(await client.contract['plugins.enable']({ pluginId: PROBE })) as PluginSummary).status).toBe('active');
    expect(harness.host.activeVersion(PROBE)).toBe('0.1.0');
  });

  it('answers bad messages with errors and keeps the connection', async () => {
    const client = await connect();
    expect(await client.raw('not json')).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(await client.raw(JSON.stringify({ id: 7, op: 'plugins.nope' }))).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const invalid = await client.raw(JSON.stringify({ id: 8, op: 'plugins.enable', params: { pluginId: 42 } }));
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    expect(!invalid.ok && invalid.error.message).toMatch(/pluginId/);
    expect(value(await client.contract['plugins.list']())).toEqual([]);
  });

  it('refuses a WebSocket and an upload without the right token', async () => {
    await expect(SocketClient.connect(shell.port, undefined)).rejects.toThrow('HTTP 401');
    await expect(SocketClient.connect(shell.port, 'x'.repeat(43))).rejects.toThrow('HTTP 401');
    expect((await upload('net-kv-probe', 'wrong')).status).toBe(401);
    const noToken = await fetch(`http://127.0.0.1:${shell.port}/api/upload`, { method: 'POST', body: new Uint8Array([1, 2, 3]) });
    expect(noToken.status).toBe(401);
  });

  it('refuses requests naming another host or coming from another origin (DNS rebinding)', async () => {
    await expect(SocketClient.connect(shell.port, shell.token, { origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(SocketClient.connect(shell.port, shell.token, { host: `evil.example:${shell.port}` })).rejects.toThrow('HTTP 403');
    const rebound = await raw(shell.port, '/', { Host: `evil.example:${shell.port}` });
    expect(rebound.status).toBe(403);
    const crossSite = await raw(shell.port, `/api/upload`, { Host: `127.0.0.1:${shell.port}`, Origin: 'http://evil.example', Authorization: `Bearer ${shell.token}` }, 'POST', new Uint8Array([1]));
    expect(crossSite.status).toBe(403);
  });

  it('refuses an upload over the size limit without keeping it', async () => {
    const big = new Uint8Array(5 * 1024 * 1024);
    const response = await raw(shell.port, '/api/upload', { Host: `127.0.0.1:${shell.port}`, Authorization: `Bearer ${shell.token}`, 'Content-Length': String(big.length) }, 'POST', big).catch(
      // The server may close the connection while the body is still being sent.
      (error: NodeJS.ErrnoException) => ({ status: error.code === 'EPIPE' || error.code === 'ECONNRESET' ? 413 : 0, text: '', headers: {} }),
    );
    expect(response.status).toBe(413);
  });

  it('serves the placeholder page with a strict CSP, and the built renderer from a folder without leaving it', async () => {
    const home = await raw(shell.port, '/', { Host: `127.0.0.1:${shell.port}` });
    expect(home.status).toBe(200);
    expect(home.text).toContain('Fugue is running');
    expect(home.headers['content-security-policy']).toContain("default-src 'self'");
    expect(home.headers['x-frame-options']).toBe('DENY');

    const dir = await mkdtemp(join(tmpdir(), 'fugue-renderer-'));
    const other = await WebShell.start({ contract, staticDir: join(dir, 'dist') });
    try {
      await writeFile(join(dir, 'secret.txt'), 'outside');
      await mkdir(join(dir, 'dist'));
      await writeFile(join(dir, 'dist', 'index.html'), '<!doctype html><title>built</title>');
      await writeFile(join(dir, 'dist', 'app.js'), 'console.log(1)');
      expect((await raw(other.port, '/', { Host: `localhost:${other.port}` })).text).toContain('built');
      const script = await raw(other.port, '/app.js', { Host: `127.0.0.1:${other.port}` });
      expect(script.headers['content-type']).toMatch(/^text\/javascript/);
      expect((await raw(other.port, '/%2e%2e/secret.txt', { Host: `127.0.0.1:${other.port}` })).status).toBe(404);
      expect((await raw(other.port, '/..%2fsecret.txt', { Host: `127.0.0.1:${other.port}` })).status).toBe(404);
    } finally {
      await other.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('closes its connections and stops listening when disposed, leaving no socket open', async () => {
    const tcpHandles = () => process.getActiveResourcesInfo().filter((name) => name.startsWith('TCP')).length;
    const before = tcpHandles();
    const client = await connect();
    expect(tcpHandles()).toBe(before + 2);
    const closed = new Promise<number>((resolve) => client.socket.once('close', (code) => resolve(code)));
    await shell.dispose();
    expect(await closed).toBeGreaterThan(0);
    // Both ends of the WebSocket and the listener are gone.
    expect(tcpHandles()).toBe(before - 1);
    // A page whose server went away gets an error to show, not an exception.
    expect(await client.contract['plugins.list']()).toMatchObject({ ok: false, error: { code: 'io' } });
    await expect(SocketClient.connect(shell.port, shell.token)).rejects.toThrow(/ECONNREFUSED/);
  });
});
