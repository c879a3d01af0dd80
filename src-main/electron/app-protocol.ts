/**
 * `app://fugue/`: the privileged scheme the windows load the built renderer from, instead
 * of `file://` (Electron's security checklist: a custom protocol gives the page a real
 * origin, and serves nothing outside the renderer folder). Every answer carries the CSP
 * and the security headers of the web shell.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { SECURITY_HEADERS } from '../web/security.ts';
import { CONTENT_TYPES, decodePath, findFile } from '../web/static-files.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'fugue';
/** The page every window opens. */
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** For `protocol.registerSchemesAsPrivileged`, before the app is ready. */
export const APP_SCHEME_PRIVILEGES = { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } };

/** Whether `url` is a page of the app (`app://fugue/…`). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Shown when the renderer has not been built. */
const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Fugue</title></head>
<body><h1>Fugue is running</h1>
<p>The user interface has not been built yet: run <code>npm run build:renderer</code>, then start Fugue again.</p>
</body></html>`;

/** The `protocol.handle` handler serving `rendererDir` (undefined: not built) under `csp`. */
export function appProtocolHandler(rendererDir: string | undefined, csp: string): (request: Request) => Promise<Response> {
  const headers = { ...SECURITY_HEADERS, 'Content-Security-Policy': csp, 'Cache-Control': 'no-cache' };
  const answer = (status: number, type: string, body: BodyInit | null) => new Response(body, { status, headers: { ...headers, 'Content-Type': type } });
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405, 'text/plain; charset=utf-8', 'only GET and HEAD are served here\n');
    if (!isAppUrl(request.url)) return answer(404, 'text/plain; charset=utf-8', 'not a page of Fugue\n');
    const pathname = decodePath(new URL(request.url).pathname);
    if (pathname === undefined) return answer(400, 'text/plain; charset=utf-8', 'the path is not valid\n');
    const wanted = pathname === '/' ? '/index.html' : pathname;
    const file = rendererDir === undefined ? undefined : (await findFile(rendererDir, wanted))?.path;
    if (file === undefined) {
      return wanted === '/index.html' ? answer(200, 'text/html; charset=utf-8', NOT_BUILT_PAGE) : answer(404, 'text/plain; charset=utf-8', `nothing is served at ${pathname}\n`);
    }
    const body = request.method === 'HEAD' ? null : new Uint8Array(await readFile(file));
    return answer(200, CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', body);
  };
}
