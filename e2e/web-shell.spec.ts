/**
 * The web shell keeps other pages and other runs out, as a browser sees it: the token of
 * this run is needed for the WebSocket and for uploads, a page reached under another host
 * name (DNS rebinding) is refused, and a page of another origin cannot use the socket even
 * when it knows the token. Needs no renderer (the placeholder page serves as "our" page).
 */
import { chromiumMissing, rendererMissing } from './environment.ts';
import { expect, test } from './fixtures.ts';
import { probeSocket, probeUpload } from './helpers/browser-probes.ts';

test.skip(chromiumMissing() !== undefined, chromiumMissing() ?? '');
test.use({ builtins: false });

const WRONG_TOKEN = 'A'.repeat(43);

test('a page of this server with the printed token reaches the contract', async ({ page, fugue, snap }) => {
  const response = await page.goto(fugue.url);
  expect(response?.status()).toBe(200);
  expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
  await snap('served-page');
  const probe = await probeSocket(page, `ws://127.0.0.1:${fugue.port}/api/socket?token=${fugue.token}`);
  expect(probe).toEqual({ opened: true, answer: expect.objectContaining({ ok: true }) });
});

test('a wrong token is refused: the WebSocket never opens and an upload answers 401', async ({ page, fugue }) => {
  await page.goto('/');
  const socket = await probeSocket(page, `ws://127.0.0.1:${fugue.port}/api/socket?token=${WRONG_TOKEN}`);
  expect(socket).toEqual({ opened: false, closeCode: 1006 });
  const noToken = await probeSocket(page, `ws://127.0.0.1:${fugue.port}/api/socket`);
  expect(noToken).toEqual({ opened: false, closeCode: 1006 });
  const upload = await probeUpload(page, '/api/upload', WRONG_TOKEN);
  expect(upload.status).toBe(401);
  expect(upload.body).toContain('needs the token of this run');
});

test('the renderer opened with a wrong token shows the refusal', async ({ page, snap }) => {
  test.skip(rendererMissing() !== undefined, rendererMissing() ?? '');
  await page.goto(`/#token=${WRONG_TOKEN}`);
  await expect(page.getByRole('alert').filter({ hasText: /refused/i })).toBeVisible();
  await snap('wrong-token');
  await expect(page.getByRole('listitem')).toHaveCount(0);
});

test('a page reached under another host name is refused (DNS rebinding)', async ({ page, fugue }) => {
  // rebind.test resolves to 127.0.0.1 (the resolver rules in environment.ts): same server, foreign Host header.
  const response = await page.goto(`http://rebind.test:${fugue.port}/`);
  expect(response?.status()).toBe(403);
  await expect(page.locator('body')).toContainText('is not this server');
});

test('a page of another origin cannot open the socket even with the right token', async ({ page, fugue }) => {
  // The foreign page is made up by Playwright: no request for it reaches any server.
  await page.route(`http://rebind.test:${fugue.port}/attacker`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>elsewhere</title>' }));
  await page.goto(`http://rebind.test:${fugue.port}/attacker`);
  const socket = await probeSocket(page, `ws://127.0.0.1:${fugue.port}/api/socket?token=${fugue.token}`);
  expect(socket).toEqual({ opened: false, closeCode: 1006 });
  const upload = await probeUpload(page, `http://127.0.0.1:${fugue.port}/api/upload`, fugue.token);
  expect(upload.status).toBeUndefined();
  expect(upload.error).toContain('TypeError');
});
