/**
 * The renderer's side of the web shell: the contract over one WebSocket. Requests get
 * increasing ids and their replies are matched by id; events go to `onEvent` listeners.
 * Like every boundary, it never throws: a closed connection answers pending and later
 * calls with an `io` error.
 */
import type { Result } from '../errors.ts';
import { createContractClient, type ContractClient, type ContractEvent, type OperationName } from './registry.ts';

/** What the client needs of a WebSocket; the browser's WebSocket and the `ws` package both fit. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: () => void): void;
}

/** WebSocket `readyState` of an open connection. */
const OPEN = 1;

export class ContractSocket {
  /** One function per operation of the contract. */
  readonly contract: ContractClient;
  private nextId = 1;
  private closed = false;
  private readonly pending = new Map<number, (result: Result<unknown>) => void>();
  private readonly listeners = new Set<(event: ContractEvent) => void>();

  constructor(private readonly socket: WebSocketLike) {
    socket.addEventListener('message', (event) => this.onMessage(event.data));
    socket.addEventListener('close', () => this.onClose());
    this.contract = createContractClient((op, params) => this.call(op, params));
  }

  /** Calls `listener` with every event the host pushes; returns the function that stops it. */
  onEvent(listener: (event: ContractEvent) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Sends one request and resolves with its result. */
  call(op: OperationName, params: unknown): Promise<Result<unknown>> {
    if (this.closed || this.socket.readyState !== OPEN) return Promise.resolve(closedResult());
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.socket.send(JSON.stringify(params === undefined ? { id, op } : { id, op, params }));
    });
  }

  close(): void {
    this.socket.close();
    this.onClose();
  }

  private onMessage(data: unknown): void {
    let message: { id?: unknown; result?: Result<unknown>; event?: unknown };
    try {
      message = JSON.parse(String(data)) as typeof message;
    } catch {
      return;
    }
    if (typeof message.event === 'string') {
      for (const listener of [...this.listeners]) listener(message as ContractEvent);
      return;
    }
    if (typeof message.id !== 'number' || message.result === undefined) return;
    const resolve = this.pending.get(message.id);
    this.pending.delete(message.id);
    resolve?.(message.result);
  }

  private onClose(): void {
    this.closed = true;
    for (const resolve of this.pending.values()) resolve(closedResult());
    this.pending.clear();
  }
}

function closedResult(): Result<never> {
  return { ok: false, error: { code: 'io', message: 'the connection to Fugue is closed; reload the page to connect again' } };
}
