import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../runtime/testing/fixtures.ts';
import { SocketClient } from '../web/testing.ts';

let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fugue-serve-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const fugue = (...args: string[]) => execa('node', ['bin/fugue.mjs', 'serve', ...args], { cwd: REPO_ROOT, reject: false, buffer: { stdout: false } });

/** Resolves with the first stdout line matching `pattern`. */
function lineMatching(child: ReturnType<typeof fugue>, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const found = text.match(pattern);
      if (found !== null) resolve(found);
    });
    child.once('exit', (code) => reject(new Error(`fugue serve exited (${code}) before printing its address; it printed: ${text}`)));
  });
}

describe('fugue serve', () => {
  it('prints its token URL once, answers the contract over the WebSocket, and stops cleanly on SIGTERM', async () => {
    // A folder with no renderer build in it, so the placeholder page is served whatever was built.
    const child = fugue('--port', '0', '--data-dir', join(work, 'data'), '--sink', 'null', '--no-builtins', '--renderer', join(work, 'no-renderer'));
    const [, port, token] = await lineMatching(child, /http:\/\/127\.0\.0\.1:(\d+)\/#token=([A-Za-z0-9_-]+)/);
    const client = await SocketClient.connect(Number(port), token);
    expect(await client.contract['plugins.list']()).toEqual({ ok: true, value: [] });
    const status = await client.contract['playback.status']();
    expect(status).toMatchObject({ ok: true, value: { state: 'stopped', queue: [], output: 'null' } });
    const closed = new Promise<void>((resolve) => client.socket.once('close', () => resolve()));
    child.kill('SIGTERM');
    const result = await child;
    await closed;
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('placeholder page');
  });

  it('refuses a port that is not a number', async () => {
    const result = await execa('node', ['bin/fugue.mjs', 'serve', '--port', 'eighty'], { cwd: REPO_ROOT, reject: false });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--port must be a port number');
  });
});
