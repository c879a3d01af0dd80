/** The `app://fugue/` protocol handler: the built renderer, with the CSP, and nothing outside its folder. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../web/security.ts';
import { appProtocolHandler, isAppUrl } from './app-protocol.ts';

describe('the app:// protocol', () => {
  let root: string;
  let renderer: string;
  const policy = contentSecurityPolicy();

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'fugue-app-protocol-'));
    renderer = join(root, 'renderer');
    await mkdir(join(renderer, 'assets'), { recursive: true });
    await writeFile(join(renderer, 'index.html'), '<!doctype html><title>Fugue</title>');
    await writeFile(join(renderer, 'assets', 'main.js'), 'console.log(1)');
    await writeFile(join(root, 'secret.txt'), 'outside');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('serves the renderer build with the CSP and the security headers', async () => {
    const serve = appProtocolHandler(renderer, policy);
    const page = await serve(new Request('app://fugue/index.html'));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Fugue</title>');
    expect(page.headers.get('content-security-policy')).toBe(policy);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const script = await serve(new Request('app://fugue/assets/main.js'));
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await serve(new Request('app://fugue/'))).status).toBe(200);
  });

  it('serves nothing outside the renderer folder, from another host, or for writes', async () => {
    const serve = appProtocolHandler(renderer, policy);
    for (const url of ['app://fugue/../secret.txt', 'app://fugue/%2e%2e/secret.txt', 'app://fugue/assets/%2e%2e%2f%2e%2e%2fsecret.txt', 'app://fugue/missing.js']) {
      const response = await serve(new Request(url));
      expect(response.status, url).toBe(404);
      expect(await response.text(), url).not.toContain('outside');
    }
    expect((await serve(new Request('app://other/index.html'))).status).toBe(404);
    expect((await serve(new Request('app://fugue/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('says how to build the renderer when there is no build', async () => {
    const response = await appProtocolHandler(undefined, policy)(new Request('app://fugue/index.html'));
    expect(await response.text()).toContain('npm run build:renderer');
    expect(response.headers.get('content-security-policy')).toBe(policy);
  });

  it("knows the app's own pages", () => {
    expect(isAppUrl('app://fugue/index.html#x')).toBe(true);
    expect(isAppUrl('app://fugue.evil/index.html')).toBe(false);
    expect(isAppUrl('file:///index.html')).toBe(false);
  });
});
