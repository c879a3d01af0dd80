/**
 * Serves the built renderer from one folder (GET and HEAD only, no listing, nothing
 * outside the folder), or a placeholder page when no build exists yet.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

/** Content types of the files a renderer build has (the Electron shell's app:// protocol uses them too). */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

/** Shown when the renderer has not been built: says what the server is and how to get the UI. */
export const PLACEHOLDER_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Fugue</title></head>
<body><h1>Fugue is running</h1>
<p>The user interface has not been built yet. Build the renderer, then start <code>fugue serve</code> again.</p>
<p>The contract is available over the WebSocket at <code>/api/socket?token=…</code> (the token is in this page's address, after <code>#token=</code>).</p>
</body></html>`;

/** Answers a static request from `root`; `root` undefined (or missing) serves the placeholder at `/`. */
export async function serveStatic(request: IncomingMessage, response: ServerResponse, root: string | undefined, headers: Record<string, string>): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(response, 405, 'only GET and HEAD are served here', { ...headers, Allow: 'GET, HEAD' });
  const pathname = decodePath(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
  if (pathname === undefined) return plain(response, 400, 'the path is not valid', headers);
  const file = root === undefined ? undefined : await findFile(root, pathname === '/' ? '/index.html' : pathname);
  if (file === undefined) {
    if (pathname === '/' || pathname === '/index.html') return send(response, 200, 'text/html; charset=utf-8', PLACEHOLDER_PAGE, headers, request.method === 'HEAD');
    return plain(response, 404, `nothing is served at ${pathname}`, headers);
  }
  response.writeHead(200, { ...headers, 'Content-Type': CONTENT_TYPES[extname(file.path)] ?? 'application/octet-stream', 'Content-Length': String(file.size), 'Cache-Control': 'no-cache' });
  if (request.method === 'HEAD') return void response.end();
  createReadStream(file.path).pipe(response);
}

/** The file for `pathname` inside `root`, refusing anything that leaves it. */
export async function findFile(root: string, pathname: string): Promise<{ path: string; size: number } | undefined> {
  const base = normalize(root + sep);
  const path = normalize(join(base, pathname));
  if (!path.startsWith(base)) return undefined;
  try {
    const info = await stat(path);
    return info.isFile() ? { path, size: info.size } : undefined;
  } catch {
    return undefined;
  }
}

export function decodePath(pathname: string): string | undefined {
  try {
    const decoded = decodeURIComponent(pathname);
    return decoded.includes('\0') ? undefined : decoded;
  } catch {
    return undefined;
  }
}

export function plain(response: ServerResponse, status: number, message: string, headers: Record<string, string>): void {
  send(response, status, 'text/plain; charset=utf-8', `${message}\n`, headers, false);
}

function send(response: ServerResponse, status: number, type: string, body: string, headers: Record<string, string>, headOnly: boolean): void {
  response.writeHead(status, { ...headers, 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(body)) });
  response.end(headOnly ? undefined : body);
}
