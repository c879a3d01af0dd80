/**
 * `host-stream` over http(s): one GET whose body is buffered a bounded amount ahead of
 * the reader (the socket is paused beyond it), seeking by reconnecting with a `Range`
 * header when the server supports ranges, and a timeout on every wait for data.
 */
import type { IncomingMessage } from 'node:http';
import { pluginError, type Grants, type PluginErrorValue } from './grants.ts';
import type { HostStream, StreamLimits } from './host-stream.ts';
import { openResponse, type HttpErrorValue, type HttpLimits } from './http-request.ts';

function fromHttpError(error: HttpErrorValue, uri: string): PluginErrorValue {
  switch (error.tag) {
    case 'denied':
      return pluginError('denied', `the network host ${error.val} is not granted to this plugin, so ${uri} cannot be opened`);
    case 'invalid-url':
      return pluginError('invalid-argument', `${error.val} is not an http(s) URL`);
    case 'timeout':
      return pluginError('network', `${uri} did not answer in time`);
    case 'too-large':
      return pluginError('io', `${uri} is larger than ${error.val} bytes`);
    case 'network':
      return pluginError('network', `${uri}: ${error.val}`);
  }
}

/** Total length from `Content-Range: bytes a-b/total` or `Content-Length`. */
function lengthOf(response: IncomingMessage, offset: number): number | undefined {
  const range = /\/(\d+)\s*$/.exec(response.headers['content-range'] ?? '');
  if (range) return Number(range[1]);
  const declared = Number(response.headers['content-length'] ?? Number.NaN);
  return Number.isFinite(declared) ? offset + declared : undefined;
}

export class HttpStream implements HostStream {
  private response: IncomingMessage | undefined;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private ended = false;
  private failure: PluginErrorValue | undefined;
  private wake: (() => void) | undefined;

  private constructor(
    private readonly uri: string,
    private readonly grants: Grants,
    private readonly limits: StreamLimits & { http: HttpLimits },
    private readonly cancel: AbortController,
    private readonly length: number | undefined,
    private readonly seekable: boolean,
  ) {}

  static async open(uri: string, grants: Grants, limits: StreamLimits & { http: HttpLimits }): Promise<HttpStream | PluginErrorValue> {
    const cancel = new AbortController();
    const opened = await HttpStream.request(uri, 0, grants, limits, cancel.signal);
    if ('code' in opened) return opened;
    const { response } = opened;
    const seekable = response.statusCode === 206 || response.headers['accept-ranges'] === 'bytes';
    const stream = new HttpStream(uri, grants, limits, cancel, lengthOf(response, 0), seekable);
    stream.attach(response);
    return stream;
  }

  private static async request(uri: string, offset: number, grants: Grants, limits: StreamLimits & { http: HttpLimits }, cancel: AbortSignal): Promise<{ response: IncomingMessage } | PluginErrorValue> {
    // The timeout covers connecting and the response head; reads have their own. Closing the stream aborts either.
    const connect = new AbortController();
    cancel.addEventListener('abort', () => connect.abort(), { once: true });
    const timer = setTimeout(() => connect.abort(), limits.timeoutMs);
    const opened = await openResponse({ method: 'get', url: uri, headers: [{ name: 'Range', value: `bytes=${offset}-` }] }, grants, limits.http, connect.signal);
    clearTimeout(timer);
    if (!opened.ok) return fromHttpError(opened.error, uri);
    const status = opened.response.statusCode ?? 0;
    if (status === 416) return { response: opened.response };
    if (status < 200 || status >= 300) {
      opened.response.resume();
      return pluginError(status === 404 || status === 410 ? 'not-found' : status === 401 || status === 403 ? 'denied' : 'network', `${uri} answered HTTP ${status}`);
    }
    if (offset > 0 && status !== 206) {
      opened.response.destroy();
      return pluginError('unsupported', `${uri} does not support seeking (no Range support)`);
    }
    return { response: opened.response };
  }

  get info(): { length: bigint | undefined; seekable: boolean; live: boolean } {
    return { length: this.length === undefined ? undefined : BigInt(this.length), seekable: this.seekable, live: false };
  }

  async read(maxBytes: number): Promise<Uint8Array> {
    if (this.buffered === 0 && !this.ended && this.failure === undefined) await this.waitForData();
    if (this.failure) throw this.failure;
    if (this.buffered === 0) return new Uint8Array(0);
    const wanted = Math.min(maxBytes, this.buffered);
    const out = Buffer.alloc(wanted);
    let filled = 0;
    while (filled < wanted) {
      const head = this.chunks[0] as Buffer;
      const take = Math.min(head.length, wanted - filled);
      head.copy(out, filled, 0, take);
      filled += take;
      if (take === head.length) this.chunks.shift();
      else this.chunks[0] = head.subarray(take);
    }
    this.buffered -= wanted;
    if (this.buffered < this.limits.readAheadBytes) this.response?.resume();
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  }

  async seek(offset: bigint): Promise<void> {
    if (!this.seekable) throw pluginError('unsupported', `${this.uri} does not support seeking`);
    this.response?.destroy();
    this.chunks = [];
    this.buffered = 0;
    this.ended = false;
    this.failure = undefined;
    const reopened = await HttpStream.request(this.uri, Number(offset), this.grants, this.limits, this.cancel.signal);
    if ('code' in reopened) throw reopened;
    this.attach(reopened.response);
  }

  async close(): Promise<void> {
    this.cancel.abort();
    this.response?.destroy();
    this.response = undefined;
  }

  private attach(response: IncomingMessage): void {
    this.response = response;
    if (response.statusCode === 416) {
      response.resume();
      this.ended = true;
      return;
    }
    response.on('data', (chunk: Buffer) => {
      if (this.response !== response) return;
      this.chunks.push(chunk);
      this.buffered += chunk.length;
      if (this.buffered >= this.limits.readAheadBytes) response.pause();
      this.notify();
    });
    response.once('end', () => {
      if (this.response !== response) return;
      this.ended = true;
      this.notify();
    });
    response.once('error', (error) => {
      if (this.response !== response) return;
      this.failure = pluginError('network', `${this.uri}: ${error.message}`);
      this.notify();
    });
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private waitForData(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.failure = pluginError('network', `${this.uri} sent no data for ${this.limits.timeoutMs} ms`);
        this.response?.destroy();
        resolve();
      }, this.limits.timeoutMs);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
