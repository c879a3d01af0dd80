/**
 * Downloads a package `.zip` into the staging folder. The body is counted as it
 * arrives and the download stops at the cap, whatever the server claims in its
 * headers; the whole download (headers and body) has one deadline.
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { FugueError } from '../../../src-shared/errors.ts';
import { formatMegabytes } from '../package-files.ts';
import { checkedUrl, redactUrl } from './url-source.ts';

export interface DownloadOptions {
  maxBytes: number;
  timeoutMs: number;
}

export const DEFAULT_DOWNLOAD_TIMEOUT_MS = 120_000;

/** Downloads `text` (an https URL, or http on loopback) to `<dir>/download.zip`; returns the file. */
export async function downloadZip(text: string, dir: string, options: DownloadOptions): Promise<string> {
  const url = checkedUrl(text, ['https:'], 'package .zip');
  const shown = redactUrl(url);
  const signal = AbortSignal.timeout(options.timeoutMs);
  const file = join(dir, 'download.zip');
  try {
    // Redirects are followed by hand so each hop is checked like the first.
    const response = await fetchFollowing(url, signal);
    if (!response.ok || response.body === null) {
      throw new FugueError({ code: 'network', message: `downloading ${shown} failed: the server answered ${response.status} ${response.statusText}; check the address` });
    }
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > options.maxBytes) throw tooLarge(shown, options.maxBytes);
    const out = createWriteStream(file, { flags: 'wx' });
    let received = 0;
    try {
      const reader = response.body.getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        received += chunk.value.byteLength;
        if (received > options.maxBytes) {
          await reader.cancel();
          throw tooLarge(shown, options.maxBytes);
        }
        if (!out.write(chunk.value)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      }
    } finally {
      out.end();
      await finished(out);
    }
    return file;
  } catch (error) {
    if (error instanceof FugueError) throw error;
    if (signal.aborted) throw new FugueError({ code: 'timeout', message: `downloading ${shown} took longer than ${Math.round(options.timeoutMs / 1000)} s and was stopped; check the connection and try again` });
    const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
    throw new FugueError({ code: 'network', message: `downloading ${shown} failed: ${cause}; check the address and the connection` });
  }
}

const MAX_REDIRECTS = 5;

async function fetchFollowing(first: URL, signal: AbortSignal): Promise<Response> {
  let url = first;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const response = await fetch(url, { signal, redirect: 'manual' });
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || location === null) return response;
    await response.body?.cancel();
    url = checkedUrl(new URL(location, url).href, ['https:'], 'package .zip');
  }
  throw new FugueError({ code: 'network', message: `${redactUrl(first)} redirected more than ${MAX_REDIRECTS} times; use the final address` });
}

function tooLarge(shown: string, maxBytes: number): FugueError {
  return new FugueError({ code: 'invalid-package', message: `${shown} is larger than ${formatMegabytes(maxBytes)}, the limit for a package; nothing was installed` });
}
