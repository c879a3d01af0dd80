// Installing from a URL: a loopback HTTP server started here serves the package, a
// redirect, an oversized body, a stalled body, a 404 and a non-zip. Nothing but
// 127.0.0.1 is ever contacted: plain http elsewhere is refused before any request.
import { readFile, readdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { catalogSnapshot, dataDirListing, ServicesHarness, versionedPackage } from '../test-support/services.ts';
import { parseSourceArgument } from './open-source.ts';

const ID = 'org.fugue.fixture.versioned';

let work: string;
let harness: ServicesHarness;
let server: Server;
let base: string;
const requests: string[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fugue-url-'));
  const zip = await readFile(await versionedPackage('1.0.0', work));
  harness = await ServicesHarness.create();
  server = createServer((request, response) => {
    requests.push(request.url ?? '');
    switch (request.url) {
      case '/v1.zip':
        response.writeHead(200, { 'content-type': 'application/zip', 'content-length': zip.byteLength }).end(zip);
        return;
      case '/moved':
        response.writeHead(302, { location: '/v1.zip' }).end();
        return;
      case '/elsewhere':
        response.writeHead(302, { location: 'http://example.invalid/v1.zip' }).end();
        return;
      case '/endless.zip': {
        // No content-length: only counting the body can stop it.
        response.writeHead(200, { 'content-type': 'application/zip' });
        const chunk = Buffer.alloc(64 * 1024, 1);
        const pump = () => {
          while (!response.destroyed && response.write(chunk));
          if (!response.destroyed) response.once('drain', pump);
        };
        pump();
        return;
      }
      case '/stalls.zip':
        response.writeHead(200, { 'content-type': 'application/zip' });
        response.write(zip.subarray(0, 100));
        return;
      case '/not-a-zip.zip':
        response.writeHead(200).end('hello');
        return;
      default:
        response.writeHead(404, 'Not Found').end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await harness.dispose();
  await rm(work, { recursive: true, force: true });
});

/** Runs a failing install and checks that nothing changed and staging is empty. */
async function refused(source: Parameters<ServicesHarness['installer']['install']>[0]): Promise<string> {
  const [files, rows] = [await dataDirListing(harness.dataDir), catalogSnapshot(harness.dataDir)];
  const error = await harness.installer.install(source).then(
    () => new Error('installed'),
    (thrown: unknown) => thrown as Error,
  );
  expect(await dataDirListing(harness.dataDir)).toEqual(files);
  expect(catalogSnapshot(harness.dataDir)).toEqual(rows);
  expect(await readdir(harness.services.layout.stagingDir)).toEqual([]);
  return error.message;
}

it('downloads a .zip from a loopback server, following a redirect, and installs it', async () => {
  const outcome = await harness.installer.install({ kind: 'url', url: `${base}/moved` });
  expect(outcome).toMatchObject({ pluginId: ID, version: '1.0.0' });
  expect(await harness.host.call(ID, 'lyrics', 'find', [{ title: 'x' }])).toMatchObject({ provider: 'versioned@1.0.0' });
  expect(harness.catalog.currentVersion(ID)?.source).toBe(`${base}/moved`);
  expect(requests.slice(-2)).toEqual(['/moved', '/v1.zip']);
  await harness.installer.uninstall(ID);
});

it('refuses plain http off this machine before making any request, and says to use https', async () => {
  const before = requests.length;
  expect(await refused({ kind: 'url', url: 'http://example.invalid/plugin.zip' })).toMatch(/plain http.*only for this machine.*https:\/\//);
  // A loopback server cannot redirect the download off the machine over http either.
  expect(await refused({ kind: 'url', url: `${base}/elsewhere` })).toMatch(/plain http.*https:\/\//);
  expect(requests.slice(before)).toEqual(['/elsewhere']);
  expect(await refused({ kind: 'url', url: 'ftp://127.0.0.1/plugin.zip' })).toMatch(/must be an https:\/\/ address/);
});

it('stops a download at the size cap and at the deadline, and reports a 404 and a non-zip clearly', async () => {
  expect(await refused({ kind: 'url', url: `${base}/endless.zip`, maxBytes: 1024 * 1024 })).toMatch(/larger than 1(\.0)? MB/);
  expect(await refused({ kind: 'url', url: `${base}/stalls.zip`, timeoutMs: 500 })).toMatch(/took longer than .* and was stopped/);
  expect(await refused({ kind: 'url', url: `${base}/missing.zip` })).toMatch(/the server answered 404 Not Found/);
  const notZip = await refused({ kind: 'url', url: `${base}/not-a-zip.zip` });
  expect(notZip).toContain(`${base}/not-a-zip.zip`);
  expect(notZip).not.toContain(harness.dataDir);
});

it('reads command-line arguments as zip URLs, git repositories or paths', () => {
  expect(parseSourceArgument('https://example.org/p.zip')).toEqual({ kind: 'url', url: 'https://example.org/p.zip' });
  expect(parseSourceArgument('https://example.org/p.git#v1.0.0')).toEqual({ kind: 'git', url: 'https://example.org/p.git', ref: 'v1.0.0' });
  expect(parseSourceArgument('git+https://example.org/p')).toEqual({ kind: 'git', url: 'https://example.org/p' });
  expect(parseSourceArgument('file:///tmp/repo.git#main')).toEqual({ kind: 'git', url: 'file:///tmp/repo.git', ref: 'main' });
  expect(parseSourceArgument('./plugins/my-plugin')).toBeUndefined();
  expect(parseSourceArgument('C:\\plugins\\p.zip')).toBeUndefined();
});
