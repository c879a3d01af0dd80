/**
 * Reaching the web shell: the token from the page's address fragment, the contract
 * WebSocket, and package uploads. The fragment is never sent over the network, so the
 * token only leaves the page in requests to this same server.
 */
import { ContractSocket, WEB_PATHS } from '../src-shared/contract/index.ts';
import type { Result } from '../src-shared/errors.ts';

/** The token in `#token=…`, or undefined when the address has none. */
export function tokenFromHash(hash: string): string | undefined {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token === null || token === '' ? undefined : token;
}

/** The WebSocket address of the contract on the server that served `location`. */
export function socketUrl(location: Pick<Location, 'protocol' | 'host'>, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${WEB_PATHS.socket}?token=${encodeURIComponent(token)}`;
}

/**
 * Opens the contract socket. A browser cannot see why an upgrade failed, so a close
 * before `open` is reported as a refusal (a wrong token, or the server is gone).
 */
export function openContractSocket(url: string): Promise<Result<{ socket: ContractSocket; closed: Promise<void> }>> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    let opened = false;
    const closed = new Promise<void>((done) => ws.addEventListener('close', () => done()));
    ws.addEventListener('open', () => {
      opened = true;
      resolve({ ok: true, value: { socket: new ContractSocket(ws), closed } });
    });
    ws.addEventListener('close', () => {
      if (!opened) resolve({ ok: false, error: { code: 'denied', message: 'Fugue refused the connection: the token in this address is not the one of this run of fugue serve. Open the address fugue serve printed.' } });
    });
  });
}

/** Uploads the bytes of a package to the web shell and answers its upload id. */
export async function uploadPackage(file: File, token: string): Promise<Result<string>> {
  let response: Response;
  try {
    response = await fetch(`${WEB_PATHS.upload}?name=${encodeURIComponent(file.name)}`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: file });
  } catch (error) {
    return { ok: false, error: { code: 'io', message: `could not send ${file.name} to Fugue: ${(error as Error).message}` } };
  }
  const text = await response.text();
  let body: { uploadId?: unknown; error?: { message?: unknown } } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // A plain-text refusal (401, 403): its text is the reason.
  }
  if (response.ok && typeof body.uploadId === 'string') return { ok: true, value: body.uploadId };
  const reason = typeof body.error?.message === 'string' ? body.error.message : text || `HTTP ${response.status}`;
  return { ok: false, error: { code: 'io', message: `the upload of ${file.name} failed: ${reason}` } };
}
