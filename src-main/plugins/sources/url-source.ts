/**
 * Package sources named by a URL: an https `.zip` downloaded into the staging folder
 * (capped in size and time), or a git repository at a tag, branch or commit. Plain
 * http (and git over http) is allowed only for loopback hosts, where nothing travels
 * over a network; anywhere else a package must come over https.
 */
import { FugueError } from '../../../src-shared/errors.ts';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', '[::1]', 'localhost']);

/** Whether `host` is this machine (IPv4 127/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Parses `url`, refusing schemes other than `allowed` and plain http off this machine. */
export function checkedUrl(text: string, allowed: readonly string[], what: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new FugueError({ code: 'invalid-argument', message: `"${text}" is not a URL; give the full address of the ${what}, e.g. https://example.org/plugin.zip` });
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new FugueError({ code: 'denied', message: `${redactUrl(url)} uses plain http, which is allowed only for this machine (127.0.0.1, ::1, localhost); use an https:// address for the ${what}` });
  }
  if (!allowed.includes(url.protocol) && url.protocol !== 'http:') {
    throw new FugueError({ code: 'invalid-argument', message: `${redactUrl(url)}: the ${what} must be an ${allowed.map((scheme) => `${scheme}//`).join(' or ')} address` });
  }
  return url;
}

/** The URL without a user name or password, for messages and the catalog. */
export function redactUrl(url: URL): string {
  if (url.username === '' && url.password === '') return url.href;
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href;
}
