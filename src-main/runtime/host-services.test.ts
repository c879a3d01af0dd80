/**
 * Host services seen from a real component in a real worker: http-client and
 * host-stream gated by the grants, the limits on size and time, symlinks and `..`
 * unable to leave a granted folder, folders granted for one call only, the log rate
 * limit, and a call blocked inside a host call still stopped at its deadline. Every
 * request goes to a server this test starts on 127.0.0.1.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJsComponent } from '../../sdk/build/js-component.ts';
import { DEFAULT_HOST_SERVICE_LIMITS } from './host-services/host-services.ts';
import { PcmRing } from '../audio/pcm-ring.ts';
import type { ComponentInstance } from './component-instance.ts';
import { builtFixture, RuntimeHarness, WIT_ROOT } from './testing/fixtures.ts';
import { allExited, eventually, failureOf } from '../scheduler/testing/faults.ts';

const RANGE_BYTES = Uint8Array.from({ length: 256 }, (_, index) => 65 + (index % 26));

let server: Server;
let base: string;
const closedRequests: string[] = [];
const served: string[] = [];

function route(request: IncomingMessage, response: ServerResponse): void {
  served.push(request.url ?? '');
  request.on('close', () => closedRequests.push(request.url ?? ''));
  switch (request.url) {
    case '/hello':
      response.end('hello from 127.0.0.1');
      return;
    case '/big':
      response.end(Buffer.alloc(2 * 1024 * 1024, 120));
      return;
    case '/slow':
      return; // never answers
    case '/redirect-in':
      response.writeHead(302, { location: '/hello' }).end();
      return;
    case '/redirect-out':
      response.writeHead(302, { location: base.replace('127.0.0.1', 'localhost') + '/hello' }).end();
      return;
    case '/ranged': {
      const match = /bytes=(\d+)-/.exec(request.headers.range ?? '');
      const start = match ? Number(match[1]) : 0;
      response.writeHead(match ? 206 : 200, {
        'accept-ranges': 'bytes',
        'content-length': String(RANGE_BYTES.length - start),
        ...(match ? { 'content-range': `bytes ${start}-${RANGE_BYTES.length - 1}/${RANGE_BYTES.length}` } : {}),
      });
      response.end(Buffer.from(RANGE_BYTES.subarray(start)));
      return;
    }
    case '/unranged':
      response.end(Buffer.from(RANGE_BYTES));
      return;
    default:
      response.writeHead(404).end();
  }
}

let harness: RuntimeHarness;
let probeBytes: Uint8Array;
let granted: string;
let outside: string;

beforeAll(async () => {
  server = createServer(route);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  harness = await RuntimeHarness.create({
    hostLimits: { ...DEFAULT_HOST_SERVICE_LIMITS, http: { ...DEFAULT_HOST_SERVICE_LIMITS.http, maxResponseBytes: 1024 * 1024 } },
    logRate: { perSecond: 10, burst: 20 },
  });
  probeBytes = await buildJsComponent({
    sourcePath: join(import.meta.dirname, 'testing', 'host-probe.js'),
    world: 'lyrics-plugin',
    contractWitDir: join(WIT_ROOT, 'fugue-plugin@0.1.0'),
  });
  granted = join(harness.root, 'music');
  outside = join(harness.root, 'private');
  await mkdir(join(granted, 'album'), { recursive: true });
  await mkdir(outside, { recursive: true });
  await writeFile(join(granted, 'track.txt'), 'granted bytes');
  await writeFile(join(outside, 'secret.txt'), 'host secret');
  await symlink(join(outside, 'secret.txt'), join(granted, 'escape-link'));
}, 120_000);

afterAll(async () => {
  await harness?.dispose();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

/** Runs a probe command; resolves with its JSON report. */
async function probe(instance: ComponentInstance, command: Record<string, unknown>, options: { fileRoots?: string[]; timeoutMs?: number } = {}): Promise<{ ok?: unknown; error?: unknown }> {
  const found = (await instance.call('lyrics', 'find', [{ title: JSON.stringify(command) }], options)) as { body: { val: string } };
  return JSON.parse(found.body.val) as { ok?: unknown; error?: unknown };
}

const fileUri = (path: string): string => pathToFileURL(path).href;

describe('http-client', () => {
  let plugin: ComponentInstance;
  beforeAll(async () => {
    plugin = await harness.load(probeBytes, 'lyrics-plugin', 'org.test.http', { grants: { network: ['127.0.0.1'] } });
  });

  it('fetches from a granted host, following redirects that stay on granted hosts', async () => {
    expect(await probe(plugin, { op: 'fetch', url: `${base}/hello` })).toEqual({ ok: { status: 200, body: 'hello from 127.0.0.1' } });
    expect(await probe(plugin, { op: 'fetch', url: `${base}/redirect-in` })).toEqual({ ok: { status: 200, body: 'hello from 127.0.0.1' } });
  });

  it('denies hosts outside the grants, naming the host, without sending anything there', async () => {
    expect(await probe(plugin, { op: 'fetch', url: 'http://example.invalid/anything' })).toEqual({ error: { tag: 'denied', val: 'example.invalid' } });
    const before = served.length;
    expect(await probe(plugin, { op: 'fetch', url: `${base}/redirect-out` })).toEqual({ error: { tag: 'denied', val: 'localhost' } });
    expect(served.slice(before)).toEqual(['/redirect-out']);
  });

  it('refuses non-http schemes, bodies over the size limit and requests past their time limit', async () => {
    expect(await probe(plugin, { op: 'fetch', url: 'file:///etc/hostname' })).toEqual({ error: { tag: 'invalid-url', val: 'file:///etc/hostname' } });
    expect(await probe(plugin, { op: 'fetch', url: `${base}/big` })).toEqual({ error: { tag: 'too-large', val: 1024 * 1024 } });
    expect(await probe(plugin, { op: 'fetch', url: `${base}/slow`, timeoutMs: 300 })).toEqual({ error: { tag: 'timeout' } });
  });

  it('grants nothing by default', async () => {
    const ungranted = await harness.load(probeBytes, 'lyrics-plugin', 'org.test.http-nothing');
    expect(await probe(ungranted, { op: 'fetch', url: `${base}/hello` })).toEqual({ error: { tag: 'denied', val: '127.0.0.1' } });
    expect((await probe(ungranted, { op: 'read', uri: fileUri(join(granted, 'track.txt')) })).error).toMatchObject({ code: 'denied' });
  });

  it('a call blocked in a host request is still stopped at its deadline, and the request is abandoned', async () => {
    const blocked = await harness.load(probeBytes, 'lyrics-plugin', 'org.test.http-blocked', { grants: { network: ['127.0.0.1'] }, callTimeoutMs: 800 });
    const threads = blocked.workerThreads();
    const slowClosed = (): number => closedRequests.filter((url) => url === '/slow').length;
    const closedBefore = slowClosed();
    const failure = await failureOf(probe(blocked, { op: 'fetch', url: `${base}/slow` }));
    expect(failure).toMatchObject({ code: 'timeout', message: expect.stringMatching(/within 800 ms/) });
    expect(allExited(threads)).toBe(true);
    // The host dropped the request the stopped plugin was waiting on (the server sees it closed).
    expect(await eventually(slowClosed, (count) => count > closedBefore)).toBe(closedBefore + 1);
    expect(await probe(blocked, { op: 'fetch', url: `${base}/hello` })).toMatchObject({ ok: { status: 200 } });
  });
});

describe('host-stream', () => {
  let plugin: ComponentInstance;
  beforeAll(async () => {
    plugin = await harness.load(probeBytes, 'lyrics-plugin', 'org.test.streams', { grants: { network: ['127.0.0.1'], fileRoots: [granted] } });
  });

  it('reads a file inside a granted folder, with its length, and seeks', async () => {
    expect(await probe(plugin, { op: 'read', uri: fileUri(join(granted, 'track.txt')) })).toEqual({ ok: { length: 13, seekable: true, position: 13, body: 'granted bytes' } });
    expect(await probe(plugin, { op: 'read', uri: fileUri(join(granted, 'track.txt')), seek: 8 })).toMatchObject({ ok: { body: 'bytes' } });
  });

  it('cannot leave the granted folder by path, by .. or by symlink, and does not learn what exists outside', async () => {
    for (const uri of [fileUri(join(outside, 'secret.txt')), `${fileUri(granted)}/../private/secret.txt`, fileUri(join(granted, 'escape-link')), fileUri(join(outside, 'missing.txt'))]) {
      const report = await probe(plugin, { op: 'read', uri });
      expect(report.error, uri).toMatchObject({ code: 'denied', message: expect.stringContaining('outside the folders granted') });
    }
    expect((await probe(plugin, { op: 'read', uri: fileUri(join(granted, 'missing.txt')) })).error).toMatchObject({ code: 'not-found' });
  });

  it('lists a granted folder, leaving out links that lead outside it', async () => {
    expect(await probe(plugin, { op: 'list', uri: fileUri(granted) })).toEqual({
      ok: [
        { name: 'album', dir: true, size: expect.any(Number) },
        { name: 'track.txt', dir: false, size: 13 },
      ],
    });
  });

  it('folders granted for one call are readable during that call only', async () => {
    const perCall = await harness.load(probeBytes, 'lyrics-plugin', 'org.test.per-call');
    const uri = fileUri(join(granted, 'track.txt'));
    expect((await probe(perCall, { op: 'read', uri })).error).toMatchObject({ code: 'denied' });
    expect(await probe(perCall, { op: 'read', uri }, { fileRoots: [granted] })).toMatchObject({ ok: { body: 'granted bytes' } });
    expect((await probe(perCall, { op: 'read', uri })).error).toMatchObject({ code: 'denied' });
  });

  it('streams http with Range-based seeking, and says when a server cannot seek', async () => {
    const text = new TextDecoder().decode(RANGE_BYTES);
    expect(await probe(plugin, { op: 'read', uri: `${base}/ranged`, seek: 200, max: 7 })).toEqual({ ok: { length: 256, seekable: true, position: 256, body: text.slice(200) } });
    expect(await probe(plugin, { op: 'read', uri: `${base}/unranged` })).toMatchObject({ ok: { seekable: false, body: text } });
    expect((await probe(plugin, { op: 'read', uri: `${base}/unranged`, seek: 10 })).error).toMatchObject({ code: 'unsupported' });
    expect((await probe(plugin, { op: 'read', uri: 'http://example.invalid/x' })).error).toMatchObject({ code: 'denied', message: expect.stringContaining('example.invalid') });
  });

  it('hands a decoder a host stream it was granted for the call', async () => {
    const decoder = await harness.load(await builtFixture('world-decoder'), 'decoder-plugin', 'org.test.decoder-stream');
    const samples = Float32Array.of(0.25, -0.25, 0.5, -0.5);
    const title = new TextEncoder().encode('granted');
    const file = new Uint8Array(16 + title.length + samples.byteLength);
    const view = new DataView(file.buffer);
    file.set(new TextEncoder().encode('FRAW'));
    view.setUint32(4, 44_100, true);
    view.setUint16(8, 2, true);
    view.setUint16(10, title.length, true);
    view.setUint32(12, 2, true);
    file.set(title, 16);
    file.set(new Uint8Array(samples.buffer), 16 + title.length);
    await writeFile(join(granted, 'tone.fraw'), file);
    const stream = { $hostStream: fileUri(join(granted, 'tone.fraw')) };
    const hint = { extension: 'fraw', typeId: 'fraw' };
    expect(await failureOf(decoder.call('decoder', 'open', [stream, hint]))).toMatchObject({ pluginCode: 'denied' });
    const session = (await decoder.call('decoder', 'open', [stream, hint], { fileRoots: [granted] })) as { $resource: number; type: string };
    expect(await decoder.callMethod(session, 'read', [16])).toEqual(samples);
    await decoder.drop(session);

    // The audio path: the worker writes what `read` returns into a PCM ring and answers the frame count.
    const ring = PcmRing.create(2, 8);
    const again = (await decoder.call('decoder', 'open', [stream, hint], { fileRoots: [granted] })) as { $resource: number; type: string };
    expect(await decoder.callMethod(again, 'read', [ring.freeFrames()], { into: ring.shared })).toBe(2);
    const decoded = new Float32Array(4);
    expect(ring.read(decoded, 8)).toBe(2);
    expect(decoded).toEqual(samples);
    expect(await decoder.callMethod(again, 'read', [ring.freeFrames()], { into: ring.shared })).toBe(0);
    await decoder.drop(again);
  });

  it('feeds a plugin sink from a PCM ring in its worker, consuming only the frames it accepted', async () => {
    const plugin = await harness.load(await builtFixture('world-output-sink'), 'output-sink-plugin', 'org.test.sink-from-ring');
    // The counting sink queues at most `sampleRate` frames until drained: 8 here.
    const sink = (await plugin.call('output-sink', 'open', ['counter', undefined, { sampleRate: 8, channels: 2 }])) as { $resource: number; type: string };
    const ring = PcmRing.create(2, 16);
    ring.write(Float32Array.from({ length: 24 }, (_, index) => index));
    expect(await plugin.callMethod(sink, 'write', [{ $pcmFrom: 10 }], { from: ring.shared })).toBe(8);
    expect(ring.availableFrames()).toBe(4);
    expect(await plugin.callMethod(sink, 'write', [{ $pcmFrom: 10 }], { from: ring.shared })).toBe(0);
    expect(ring.availableFrames()).toBe(4);
    await plugin.callMethod(sink, 'drain', []);
    expect(await plugin.callMethod(sink, 'write', [{ $pcmFrom: 10 }], { from: ring.shared })).toBe(4);
    expect(ring.availableFrames()).toBe(0);
    expect(ring.totalRead()).toBe(12);
    await plugin.drop(sink);
  });
});

describe('log', () => {
  it('is rate-limited per plugin: the excess is dropped and reported in one line', async () => {
    const lines: string[] = [];
    const chatty = await harness.load(probeBytes, 'lyrics-plugin', 'org.test.chatty', { onLog: (level, message) => lines.push(`${level}: ${message}`) });
    expect(await probe(chatty, { op: 'log', count: 500 })).toEqual({ ok: { logged: 500 } });
    const kept = lines.filter((line) => line.startsWith('info: line '));
    expect(kept.length).toBeLessThanOrEqual(21);
    expect(kept[0]).toBe('info: line 0');
    const dropped = lines.filter((line) => line.includes('dropped'));
    expect(dropped).toHaveLength(1);
    expect(dropped[0]).toMatch(/^warn: \d+ log messages dropped/);
  });
});
