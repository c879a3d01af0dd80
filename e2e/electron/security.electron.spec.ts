/**
 * The window's security settings, as the real Electron applies them (the unit tests in
 * src-main/electron prove what Fugue asks for; this proves Electron does it): no Node in
 * the page, only the preload's named functions, no navigation away, no new windows, the
 * CSP on the page, every permission denied. Skipped where no Electron binary exists.
 */
import { operationNames } from '../../src-shared/contract/registry.ts';
import { electronMissing, expect, test } from './electron-fixtures.ts';

const missing = electronMissing();
test.skip(missing !== undefined, missing ?? '');

test('the page has no Node, and window.fugue is exactly the named functions', async ({ page }) => {
  await page.waitForFunction(() => 'fugue' in window);
  const seen = await page.evaluate(() => ({
    require: typeof (globalThis as { require?: unknown }).require,
    process: typeof (globalThis as { process?: unknown }).process,
    keys: Object.keys((window as unknown as { fugue: object }).fugue).sort(),
    url: location.href,
  }));
  expect(seen).toEqual({ require: 'undefined', process: 'undefined', keys: [...operationNames, 'onEvent', 'pathForFile', 'pickFolder'].sort(), url: 'app://fugue/index.html' });
});

test('navigation away and window.open are refused; the CSP blocks inline scripts', async ({ app, page }) => {
  const opened = await page.evaluate(() => window.open('https://example.com/') === null);
  expect(opened).toBe(true);
  await page.evaluate(() => {
    location.href = 'https://example.com/';
  });
  await page.evaluate(() => {
    const link = document.createElement('a');
    link.href = 'file:///etc/hostname';
    document.body.append(link);
    link.click();
  });
  await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible();
  expect(page.url()).toBe('app://fugue/index.html');
  expect(app.windows()).toHaveLength(1);

  const inlineRan = await page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.inlineRan = true';
    document.head.append(script);
    await new Promise((resolve) => setTimeout(resolve, 0));
    return (window as unknown as { inlineRan?: boolean }).inlineRan === true;
  });
  expect(inlineRan).toBe(false);
});

test('permission requests are denied', async ({ page }) => {
  const state = await page.evaluate(async () => (await navigator.permissions.query({ name: 'notifications' as PermissionName })).state);
  expect(state).toBe('denied');
  const media = await page.evaluate(() => navigator.mediaDevices.getUserMedia({ audio: true }).then(() => 'granted', (error: Error) => error.name));
  expect(media).toBe('NotAllowedError');
});
