/**
 * One outbound HTTP exchange for a plugin: only http/https, only granted hosts, and
 * redirects followed by hand so every hop is checked against the grants again (a
 * granted host cannot bounce the plugin to one that is not).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { hostGranted, type Grants } from './grants.ts';

/** A WIT `http-client.http-error` as jco represents it. */
export type HttpErrorValue =
  | { tag: 'denied'; val: string }
  | { tag: 'timeout' }
  | { tag: 'too-large'; val: bigint }
  | { tag: 'invalid-url'; val: string }
  | { tag: 'network'; val: string };

export interface HttpLimits {
  /** Largest response body `fetch` returns. */
  maxResponseBytes: number;
  /** Largest request body a plugin may send. */
  maxRequestBytes: number;
  /** Deadline of a request when the plugin names none. */
  defaultTimeoutMs: number;
  /** A plugin's own timeout is clamped to this. */
  maxTimeoutMs: number;
  maxRedirects: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  maxResponseBytes: 16 * 1024 * 1024,
  maxRequestBytes: 4 * 1024 * 1024,
  defaultTimeoutMs: 15_000,
  maxTimeoutMs: 60_000,
  maxRedirects: 5,
};

export interface OutboundRequest {
  method: string;
  url: string;
  headers: { name: string; value: string }[];
  body?: Uint8Array | undefined;
}

export type Opened = { ok: true; response: IncomingMessage; url: URL } | { ok: false; error: HttpErrorValue };

/** Parses and checks a URL against scheme and grants. */
export function checkUrl(raw: string, grants: Grants): { ok: true; url: URL } | { ok: false; error: HttpErrorValue } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, error: { tag: 'invalid-url', val: raw } };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, error: { tag: 'invalid-url', val: raw } };
  if (!hostGranted(grants, url.hostname)) return { ok: false, error: { tag: 'denied', val: url.hostname } };
  return { ok: true, url };
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Sends the request (following redirects) and resolves with the final response's head. */
export async function openResponse(request: OutboundRequest, grants: Grants, limits: HttpLimits, signal: AbortSignal): Promise<Opened> {
  const checked = checkUrl(request.url, grants);
  if (!checked.ok) return checked;
  let url = checked.url;
  let current = request;
  for (let hop = 0; ; hop += 1) {
    const sent = await sendOnce(url, current, signal);
    if (!sent.ok) return sent;
    const { response } = sent;
    const location = response.headers.location;
    if (!REDIRECTS.has(response.statusCode ?? 0) || location === undefined) return { ok: true, response, url };
    response.resume();
    if (hop >= limits.maxRedirects) return { ok: false, error: { tag: 'network', val: `more than ${limits.maxRedirects} redirects from ${request.url}` } };
    const next = checkUrl(new URL(location, url).href, grants);
    if (!next.ok) return next;
    url = next.url;
    if (response.statusCode === 303) current = { ...current, method: 'get', body: undefined };
  }
}

function sendOnce(url: URL, request: OutboundRequest, signal: AbortSignal): Promise<Opened> {
  return new Promise((resolve) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers: Record<string, string> = {};
    // The host names the server from the URL it checked; a plugin's own Host header could point elsewhere.
    for (const header of request.headers) if (header.name.toLowerCase() !== 'host') headers[header.name] = header.value;
    let outgoing: ReturnType<typeof httpRequest>;
    try {
      outgoing = send(url, { method: request.method.toUpperCase(), headers, signal });
    } catch (error) {
      resolve({ ok: false, error: { tag: 'network', val: `the request could not be sent: ${(error as Error).message}` } });
      return;
    }
    outgoing.once('response', (response) => resolve({ ok: true, response, url }));
    outgoing.once('error', (error) => {
      if (signal.aborted) resolve({ ok: false, error: { tag: 'timeout' } });
      else resolve({ ok: false, error: { tag: 'network', val: `${url.host}: ${error.message}` } });
    });
    outgoing.end(request.body === undefined ? undefined : Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength));
  });
}

/** Reads a whole body, refusing more than `maxBytes`. */
export function readBody(response: IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<{ ok: true; body: Uint8Array } | { ok: false; error: HttpErrorValue }> {
  const declared = Number(response.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    return Promise.resolve({ ok: false, error: { tag: 'too-large', val: BigInt(maxBytes) } });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        response.destroy();
        resolve({ ok: false, error: { tag: 'too-large', val: BigInt(maxBytes) } });
        return;
      }
      chunks.push(chunk);
    });
    response.once('end', () => resolve({ ok: true, body: new Uint8Array(Buffer.concat(chunks)) }));
    response.once('error', (error) => resolve({ ok: false, error: signal.aborted ? { tag: 'timeout' } : { tag: 'network', val: error.message } }));
    response.once('close', () => {
      if (signal.aborted) resolve({ ok: false, error: { tag: 'timeout' } });
    });
  });
}

/** `fetch` for a plugin: the whole response, within the size and time limits. */
export async function fetchForPlugin(
  request: OutboundRequest & { timeoutMs?: number | undefined },
  grants: Grants,
  limits: HttpLimits,
  cancel: AbortSignal,
): Promise<{ ok: true; value: { status: number; headers: { name: string; value: string }[]; body: Uint8Array } } | { ok: false; error: HttpErrorValue }> {
  if (request.body !== undefined && request.body.length > limits.maxRequestBytes) {
    return { ok: false, error: { tag: 'too-large', val: BigInt(limits.maxRequestBytes) } };
  }
  const timeoutMs = Math.min(request.timeoutMs ?? limits.defaultTimeoutMs, limits.maxTimeoutMs);
  const { signal, done } = cancellable(cancel, timeoutMs);
  try {
    return await fetchWithin(request, grants, limits, signal);
  } finally {
    done();
  }
}

/** An abort signal fired by `cancel` or after `timeoutMs`, whichever comes first; `done` releases both. */
export function cancellable(cancel: AbortSignal, timeoutMs: number): { signal: AbortSignal; done: () => void } {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  if (cancel.aborted) controller.abort();
  cancel.addEventListener('abort', abort, { once: true });
  const timer = setTimeout(abort, timeoutMs);
  return {
    signal: controller.signal,
    done: () => {
      clearTimeout(timer);
      cancel.removeEventListener('abort', abort);
    },
  };
}

async function fetchWithin(
  request: OutboundRequest,
  grants: Grants,
  limits: HttpLimits,
  signal: AbortSignal,
): Promise<{ ok: true; value: { status: number; headers: { name: string; value: string }[]; body: Uint8Array } } | { ok: false; error: HttpErrorValue }> {
  const opened = await openResponse(request, grants, limits, signal);
  if (!opened.ok) return opened;
  const body = await readBody(opened.response, limits.maxResponseBytes, signal);
  if (!body.ok) return body;
  const headers: { name: string; value: string }[] = [];
  const raw = opened.response.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) headers.push({ name: raw[index] as string, value: raw[index + 1] as string });
  return { ok: true, value: { status: opened.response.statusCode ?? 0, headers, body: body.body } };
}
