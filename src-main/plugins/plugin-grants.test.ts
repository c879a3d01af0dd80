/**
 * Grants from the catalog reach a running plugin: a real component (net-kv-probe) calls
 * http-client against a server this test starts on 127.0.0.1 and the kv store, while
 * the test revokes and grants its permissions as `fugue plugin revoke|grant` does.
 * Values stored through kv survive closing and reopening the plugin services.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { grantAllDeclared } from './consent.ts';
import { fixturePackage, ServicesHarness } from './test-support/services.ts';

const ID = 'org.fugue.fixture.net-kv-probe';

let server: Server;
let base: string;
let harness: ServicesHarness;

beforeAll(async () => {
  server = createServer((_request, response) => response.end('hello from the test server'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  harness = await ServicesHarness.create();
  await harness.installer.install({ kind: 'path', path: await fixturePackage('net-kv-probe') }, { onConsent: grantAllDeclared });
});

afterAll(async () => {
  await harness.dispose();
  await new Promise((resolve) => server.close(resolve));
});

/** Sends one JSON command to the probe and returns its report. */
async function probe(command: Record<string, unknown>): Promise<{ ok?: unknown; error?: unknown }> {
  const answer = (await harness.host.call(ID, 'lyrics', 'find', [{ title: JSON.stringify(command) }])) as { body: { val: string } };
  return JSON.parse(answer.body.val) as { ok?: unknown; error?: unknown };
}

function setGranted(key: string, granted: boolean): void {
  harness.catalog.permissions.setGranted(ID, key, granted);
}

it('lets a granted host answer, denies it by name once revoked, and allows it again when re-granted', async () => {
  expect(await probe({ op: 'fetch', url: `${base}/hello` })).toEqual({ ok: { status: 200, body: 'hello from the test server' } });

  setGranted('network:127.0.0.1', false);
  expect(await probe({ op: 'fetch', url: `${base}/hello` })).toEqual({ error: { tag: 'denied', val: '127.0.0.1' } });

  setGranted('network:127.0.0.1', true);
  expect(await probe({ op: 'fetch', url: `${base}/hello` })).toEqual({ ok: { status: 200, body: 'hello from the test server' } });
});

it('denies a host the plugin never declared, naming it', async () => {
  const other = base.replace('127.0.0.1', 'localhost');
  expect(await probe({ op: 'fetch', url: `${other}/hello` })).toEqual({ error: { tag: 'denied', val: 'localhost' } });
});

it('stores, lists and deletes values within the granted quota, and refuses a write past it', async () => {
  expect(await probe({ op: 'set', key: 'greeting', value: 'hello' })).toEqual({ ok: true });
  expect(await probe({ op: 'set', key: 'other', value: 'x' })).toEqual({ ok: true });
  expect(await probe({ op: 'get', key: 'greeting' })).toEqual({ ok: 'hello' });
  expect(await probe({ op: 'get', key: 'missing' })).toEqual({ ok: null });
  expect(await probe({ op: 'list', prefix: 'g' })).toEqual({ ok: ['greeting'] });
  expect(await probe({ op: 'delete', key: 'other' })).toEqual({ ok: true });
  expect(await probe({ op: 'delete', key: 'other' })).toEqual({ ok: false });

  // The fixture's quota is 1 KiB.
  const tooBig = await probe({ op: 'set', key: 'big', value: 'x'.repeat(2000) });
  expect(tooBig.error).toMatchObject({ code: 'denied', message: expect.stringContaining('1024-byte quota') });
  expect(await probe({ op: 'get', key: 'big' })).toEqual({ ok: null });
  expect(await probe({ op: 'list' })).toEqual({ ok: ['greeting'] });
});

it('denies every kv call, naming the capability, while storage is revoked', async () => {
  setGranted('storage', false);
  const denied = await probe({ op: 'get', key: 'greeting' });
  expect(denied.error).toMatchObject({ code: 'denied', message: expect.stringContaining('kv storage is not granted') });
  expect((await probe({ op: 'set', key: 'k', value: 'v' })).error).toMatchObject({ code: 'denied' });
  setGranted('storage', true);
  expect(await probe({ op: 'get', key: 'greeting' })).toEqual({ ok: 'hello' });
});

it('keeps stored values and revocations across a restart of the plugin services', async () => {
  setGranted('network:127.0.0.1', false);
  await harness.restart();
  expect(await probe({ op: 'get', key: 'greeting' })).toEqual({ ok: 'hello' });
  expect(await probe({ op: 'fetch', url: `${base}/hello` })).toEqual({ error: { tag: 'denied', val: '127.0.0.1' } });
});
