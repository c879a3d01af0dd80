/**
 * The web shell: the contract over a WebSocket on 127.0.0.1, package uploads over HTTP,
 * and the built renderer as static files. One random token per run guards every API
 * request; Host and Origin checks keep other sites out (DNS rebinding). The page gets
 * the token from its address fragment (`#token=…`), which browsers never send to servers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_WIRE_MESSAGE_BYTES, WEB_PATHS } from '../../src-shared/contract/wire.ts';
import type { Disposable } from '../../src-shared/disposable.ts';
import { FugueError } from '../../src-shared/errors.ts';
import type { ContractHost } from '../contract/handlers.ts';
import { contentSecurityPolicy, createToken, foreignRequest, SECURITY_HEADERS, tokenMatches, tokenOf } from './security.ts';
import { attachSession } from './socket-session.ts';
import { plain, serveStatic } from './static-files.ts';
import { DEFAULT_MAX_UPLOAD_BYTES, handleUpload } from './upload.ts';

export interface WebShellOptions {
  contract: ContractHost;
  /** 0 picks a free port. */
  port?: number;
  /** The built renderer; a placeholder page is served when absent. */
  staticDir?: string;
  maxUploadBytes?: number;
  /** Fixed token (tests); a fresh random one by default. */
  token?: string;
}

export class WebShell implements Disposable {
  private readonly sockets = new Set<WebSocket>();
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WIRE_MESSAGE_BYTES });

  private constructor(
    private readonly server: Server,
    private readonly options: WebShellOptions,
    readonly token: string,
  ) {}

  /** Listens on 127.0.0.1 (never another interface). */
  static async start(options: WebShellOptions): Promise<WebShell> {
    const server = createServer();
    const shell = new WebShell(server, options, options.token ?? createToken());
    server.on('request', (request, response) => void shell.onRequest(request, response));
    server.on('upgrade', (request, socket, head) => shell.onUpgrade(request, socket, head));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(new FugueError({ code: error.code === 'EADDRINUSE' ? 'conflict' : 'io', message: `cannot listen on 127.0.0.1:${options.port ?? 0}: ${error.message}; pick another --port` })),
      );
      server.listen(options.port ?? 0, '127.0.0.1', resolve);
    });
    return shell;
  }

  get port(): number {
    const address = this.server.address();
    return typeof address === 'object' && address !== null ? address.port : 0;
  }

  /** The address to open: the token rides in the fragment, which is never sent over the network. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/#token=${this.token}`;
  }

  /** Closes every connection and the listener (again: nothing). */
  async dispose(): Promise<void> {
    if (!this.server.listening) return;
    for (const socket of this.sockets) socket.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private headers(): Record<string, string> {
    return { ...SECURITY_HEADERS, 'Content-Security-Policy': contentSecurityPolicy(this.port) };
  }

  private async onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const headers = this.headers();
    try {
      const foreign = foreignRequest(request, this.port);
      if (foreign !== undefined) return plain(response, 403, `refused: ${foreign}`, headers);
      const pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
      if (pathname.startsWith('/api/')) {
        if (!tokenMatches(this.token, tokenOf(request))) return plain(response, 401, 'refused: this request needs the token of this run of fugue serve', headers);
        if (pathname === WEB_PATHS.upload) return await handleUpload(request, response, this.options.contract.uploads, this.options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES, headers);
        return plain(response, 404, `no API at ${pathname}`, headers);
      }
      await serveStatic(request, response, this.options.staticDir, headers);
    } catch (error) {
      if (!response.headersSent) plain(response, 500, `the server failed: ${(error as Error).message}`, headers);
      else response.destroy();
    }
  }

  private onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const refuse = (status: string, reason: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`);
      socket.destroy();
    };
    const foreign = foreignRequest(request, this.port);
    if (foreign !== undefined) return refuse('403 Forbidden', `refused: ${foreign}`);
    if (new URL(request.url ?? '/', 'http://127.0.0.1').pathname !== WEB_PATHS.socket) return refuse('404 Not Found', 'no WebSocket here');
    if (!tokenMatches(this.token, tokenOf(request))) return refuse('401 Unauthorized', 'refused: the WebSocket needs the token of this run of fugue serve');
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      this.sockets.add(ws);
      const session = attachSession(ws, this.options.contract);
      ws.on('close', () => {
        this.sockets.delete(ws);
        session.dispose();
      });
    });
  }
}
