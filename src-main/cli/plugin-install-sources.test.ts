// `fugue plugin install <url>` as the real binary: a .zip from a loopback server, and the
// refusal of plain http to another host, with its exit code and advice.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { versionedPackage } from '../plugins/test-support/services.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const ID = 'org.fugue.fixture.versioned';

let work: string;
let server: Server;
let base: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fugue-cli-url-'));
  const zip = await readFile(await versionedPackage('1.0.0', work));
  server = createServer((_request, response) => response.writeHead(200, { 'content-length': zip.byteLength }).end(zip));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(work, { recursive: true, force: true });
});

function fugue(dataDir: string, ...args: string[]) {
  return execa('node', ['bin/fugue.mjs', 'plugin', ...args, '--data-dir', dataDir], { cwd: repo, reject: false, stdin: 'ignore' });
}

it('installs a .zip from a loopback URL, and refuses plain http elsewhere with exit code 1', async () => {
  const dataDir = join(work, 'data');
  const installed = await fugue(dataDir, 'install', `${base}/versioned.zip`);
  expect([installed.exitCode, installed.stdout, installed.stderr]).toEqual([0, `installed ${ID} 1.0.0`, '']);
  expect(JSON.parse((await fugue(dataDir, 'info', ID, '--json')).stdout)).toMatchObject({ source: `${base}/versioned.zip` });

  const refused = await fugue(dataDir, 'install', 'http://example.invalid/plugin.zip');
  expect(refused.exitCode).toBe(1);
  expect(refused.stderr).toMatch(/^fugue plugin install: http:\/\/example\.invalid\/plugin\.zip uses plain http, .*use an https:\/\/ address/);
});
