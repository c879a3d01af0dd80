/**
 * What keeps the web shell private to this machine and this run: a random token that
 * every API request must carry, and Host/Origin checks so a web page on another site
 * cannot reach the server through DNS rebinding (its requests carry its own host name).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A fresh per-run token (256 bits, URL-safe). */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares in constant time, so the token cannot be guessed byte by byte from timings. */
export function tokenMatches(expected: string, given: string | undefined | null): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token a request carries: `Authorization: Bearer …`, else `?token=…` (a browser WebSocket cannot set headers). */
export function tokenOf(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ') === true) return header.slice('Bearer '.length).trim();
  return new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('token') ?? undefined;
}

/**
 * Why the request does not come from a page of this server, or undefined when it does:
 * the Host header must name the loopback address and our port, and an Origin, when the
 * client sends one (browsers always do for WebSockets and POSTs), must be this server.
 */
export function foreignRequest(request: IncomingMessage, port: number): string | undefined {
  const allowed = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const host = request.headers.host;
  if (host === undefined || !allowed.has(host.toLowerCase())) return `the Host header "${host ?? ''}" is not this server (127.0.0.1:${port})`;
  const origin = request.headers.origin;
  if (origin !== undefined && !new Set([...allowed].map((entry) => `http://${entry}`)).has(origin.toLowerCase())) {
    return `the page at "${origin}" may not use this server`;
  }
  return undefined;
}

/** Headers of every response: no sniffing, no framing, no referrer leaking the URL. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * The page's CSP: its own scripts and styles, images from data URLs (cover art), and
 * WebSockets to this server when `port` is given (the Electron shell talks over IPC, so
 * its windows get the same policy without any socket).
 */
export function contentSecurityPolicy(port?: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    port === undefined ? "connect-src 'self'" : `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}
