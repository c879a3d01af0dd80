/**
 * Connects to the web shell from Node (tests and scripts) exactly as a page does: the
 * shared {@link ContractSocket} over a `ws` WebSocket, with the events kept for checks.
 */
import WebSocket from 'ws';
import type { ContractClient, ContractEvent } from '../../src-shared/contract/registry.ts';
import { ContractSocket } from '../../src-shared/contract/socket-client.ts';
import { WEB_PATHS } from '../../src-shared/contract/wire.ts';
import type { Result } from '../../src-shared/errors.ts';

export class SocketClient {
  readonly events: ContractEvent[] = [];
  readonly connection: ContractSocket;
  private readonly eventWaiters = new Set<() => void>();

  private constructor(readonly socket: WebSocket) {
    this.connection = new ContractSocket(socket);
    this.connection.onEvent((event) => {
      this.events.push(event);
      for (const wake of [...this.eventWaiters]) wake();
      this.eventWaiters.clear();
    });
  }

  get contract(): ContractClient {
    return this.connection.contract;
  }

  /** Connects to `ws://127.0.0.1:<port>/api/socket?token=<token>`; rejects with the HTTP status when refused. */
  static connect(port: number, token: string | undefined, options: { origin?: string; host?: string } = {}): Promise<SocketClient> {
    const query = token === undefined ? '' : `?token=${encodeURIComponent(token)}`;
    const socket = new WebSocket(`ws://127.0.0.1:${port}${WEB_PATHS.socket}${query}`, {
      ...(options.origin === undefined ? {} : { origin: options.origin }),
      ...(options.host === undefined ? {} : { headers: { Host: options.host } }),
    });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new SocketClient(socket)));
      socket.once('unexpected-response', (_request, response) => {
        reject(new Error(`refused with HTTP ${response.statusCode}`));
        socket.terminate();
      });
      socket.once('error', reject);
    });
  }

  /** Sends a raw text frame (to test what the server does with it) and resolves with the next reply. */
  raw(text: string): Promise<Result<unknown>> {
    return new Promise((resolve) => {
      this.socket.once('message', (data) => resolve((JSON.parse(String(data)) as { result: Result<unknown> }).result));
      this.socket.send(text);
    });
  }

  /** Resolves with the first event (already received or later) that `matches`. */
  async waitForEvent(matches: (event: ContractEvent) => boolean): Promise<ContractEvent> {
    for (;;) {
      const found = this.events.find(matches);
      if (found !== undefined) return found;
      await new Promise<void>((resolve) => this.eventWaiters.add(resolve));
    }
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.connection.close();
    });
  }
}
