/**
 * Test support: a loopback server speaking the two LRCLIB endpoints the plugin uses
 * (`/api/get` exact match, 404 when none; `/api/search` by `q` or by track and artist),
 * over canned records, remembering every request it served. Listens on 127.0.0.1 only.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Disposable } from '../../../src-shared/disposable.ts';

/** A record as LRCLIB returns it. */
export interface LrclibRecord {
  id: number;
  trackName: string;
  artistName: string;
  albumName: string;
  duration: number;
  instrumental: boolean;
  plainLyrics: string | null;
  syncedLyrics: string | null;
}

export interface ServedRequest {
  path: string;
  params: Record<string, string>;
  userAgent: string | undefined;
}

/** Lower case without accents, for the server's own (deliberately loose) matching. */
const loose = (text: string): string => text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

export class LrclibServer implements Disposable {
  readonly served: ServedRequest[] = [];

  private constructor(
    private readonly server: Server,
    readonly records: LrclibRecord[],
  ) {}

  static async start(records: LrclibRecord[]): Promise<LrclibServer> {
    const server = createServer();
    const instance = new LrclibServer(server, records);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => instance.route(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return instance;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Requests served to `path` so far. */
  count(path: string): number {
    return this.served.filter((request) => request.path === path).length;
  }

  async dispose(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private route(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const params = Object.fromEntries(url.searchParams);
    this.served.push({ path: url.pathname, params, userAgent: request.headers['user-agent'] });
    if (params.track_name === 'Server Error' || params.q === 'Server Error') return void response.writeHead(500).end('internal error');
    if (url.pathname === '/api/get') return this.get(params, response);
    if (url.pathname === '/api/search') return json(response, 200, this.search(params));
    json(response, 404, { code: 404, name: 'NotFound', message: 'Not found' });
  }

  private get(params: Record<string, string>, response: ServerResponse): void {
    const duration = Number(params.duration);
    const found = this.records.find(
      (record) =>
        loose(record.trackName) === loose(params.track_name ?? '') &&
        loose(record.artistName) === loose(params.artist_name ?? '') &&
        (params.album_name === undefined || loose(record.albumName) === loose(params.album_name)) &&
        Math.abs(record.duration - duration) <= 2,
    );
    if (found === undefined) return json(response, 404, { code: 404, name: 'TrackNotFound', message: 'Failed to find specified track' });
    json(response, 200, found);
  }

  private search(params: Record<string, string>): LrclibRecord[] {
    const q = loose(params.q ?? '');
    const track = loose(params.track_name ?? '');
    const artist = loose(params.artist_name ?? '');
    return this.records.filter((record) => {
      if (q !== '') return loose(`${record.trackName} ${record.artistName}`).includes(q);
      return loose(record.trackName).includes(track) && loose(record.artistName).includes(artist);
    });
  }
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

let nextId = 1;

/** A record with defaults filled in. */
export function record(fields: Partial<LrclibRecord> & Pick<LrclibRecord, 'trackName' | 'artistName' | 'duration'>): LrclibRecord {
  return { id: nextId++, albumName: '', instrumental: false, plainLyrics: null, syncedLyrics: null, ...fields };
}
