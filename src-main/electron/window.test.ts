/**
 * The security settings of the window factory and the session. No Electron binary exists
 * on the build machines, so Electron's objects are recording fakes (testing/fake-electron.ts,
 * the one place Electron is faked); what is checked is what Fugue asks of Electron.
 */
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../web/security.ts';
import { APP_INDEX_URL } from './app-protocol.ts';
import { FakeSession, FakeWindow } from './testing/fake-electron.ts';
import { createAppWindow, hardenSession } from './window.ts';

function openWindow(): FakeWindow {
  return createAppWindow(FakeWindow, { preload: '/app/out/electron/preload.cjs', url: APP_INDEX_URL });
}

describe('the window factory', () => {
  it('makes a sandboxed, context-isolated window without Node, webviews or insecure content', () => {
    const preferences = openWindow().options.webPreferences;
    expect(preferences).toMatchObject({
      preload: '/app/out/electron/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
  });

  it('loads the app page and shows the window only once it is ready to paint', () => {
    const window = openWindow();
    expect(window.loaded).toEqual([APP_INDEX_URL]);
    expect(window.shown).toBe(false);
    window.becomeReady();
    expect(window.shown).toBe(true);
  });

  it('prevents navigation and redirects to any page that is not the app', () => {
    const contents = openWindow().webContents;
    for (const url of ['https://example.com/', 'file:///etc/passwd', 'file:///home/me/eq.zip', 'app://evil/index.html', 'http://127.0.0.1:8080/', 'javascript:alert(1)', 'not a url']) {
      expect(contents.fire('will-navigate', url), url).toBe(true);
      expect(contents.fire('will-redirect', url), url).toBe(true);
    }
    expect(contents.fire('will-navigate', 'app://fugue/index.html')).toBe(false);
  });

  it('denies window.open for every address and refuses to attach webviews', () => {
    const contents = openWindow().webContents;
    expect(contents.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: APP_INDEX_URL })).toEqual({ action: 'deny' });
    expect(contents.fire('will-attach-webview')).toBe(true);
  });
});

describe('the session hardening', () => {
  it('denies every permission request and check', () => {
    const session = new FakeSession();
    hardenSession(session, contentSecurityPolicy());
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen']) {
      let granted: boolean | undefined;
      session.permissionRequest?.({}, permission, (answer) => (granted = answer));
      expect(granted, permission).toBe(false);
      expect(session.permissionCheck?.({}, permission), permission).toBe(false);
    }
  });

  it("puts the web shell's policy, without any socket, on every response, replacing a page's own", () => {
    const session = new FakeSession();
    const policy = contentSecurityPolicy();
    hardenSession(session, policy);
    let headers: Record<string, string[]> | undefined;
    session.headersListener?.({ responseHeaders: { 'content-security-policy': ["default-src *"], 'Content-Type': ['text/html'] } }, (response) => (headers = response.responseHeaders));
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [policy] });
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("connect-src 'self';");
    expect(policy).not.toContain('ws://');
    expect(policy).toBe(contentSecurityPolicy(1234).replace(" ws://127.0.0.1:1234 ws://localhost:1234", ''));
  });
});
