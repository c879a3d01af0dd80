/**
 * One socket endpoint the host listens on for a sidecar (a unix socket, a Windows named
 * pipe or a loopback TCP port). The sidecar connects and sends the channel token and a
 * newline first; a connection without it is dropped, so another local process that finds
 * a loopback port cannot talk in the sidecar's place. A later valid connection replaces
 * the current one (a restarted sidecar reconnects to the same endpoint).
 *
 * Incoming bytes wait in a bounded buffer; when it is full the socket is paused (TCP flow
 * control pushes back on the sidecar) instead of dropping data.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { BoundedTail } from './bounded-tail.ts';

/** Longest token line accepted before a connection is dropped. */
const MAX_HELLO_BYTES = 256;
/** A connection that has not sent the token by then is dropped. */
const HELLO_TIMEOUT_MS = 10_000;

export class ChannelEndpoint {
  private socket: Socket | undefined;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private writeClosed = false;
  private peerEnded = false;
  private readonly incoming: BoundedTail;
  private waiters: (() => void)[] = [];
  /** Connections that have not sent the token yet. */
  private readonly greeting = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    /** The address as passed to the sidecar, e.g. `unix:/tmp/…/data` or `tcp:127.0.0.1:40123`. */
    readonly address: string,
    private readonly token: string,
    private readonly limit: number,
  ) {
    // Twice the pause threshold: one chunk arriving after the pause is kept, never dropped.
    this.incoming = new BoundedTail(limit * 2 + 65536);
    server.on('connection', (socket) => this.greet(socket));
  }

  /** Listens on `listenPath` (unix socket or named pipe) or, when undefined, on 127.0.0.1 with an ephemeral port. */
  static listen(kind: 'unix' | 'pipe' | 'tcp', listenPath: string | undefined, token: string, limit: number): Promise<ChannelEndpoint> {
    const server = createServer();
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      const ready = (): void => {
        server.off('error', reject);
        const where = server.address();
        const address = typeof where === 'object' && where !== null ? `tcp:127.0.0.1:${where.port}` : `${kind}:${listenPath ?? ''}`;
        resolve(new ChannelEndpoint(server, address, token, limit));
      };
      if (listenPath === undefined) server.listen(0, '127.0.0.1', ready);
      else server.listen(listenPath, ready);
    });
  }

  get connected(): boolean {
    return this.socket !== undefined;
  }

  /** The peer closed its side (or the connection broke) and no new one replaced it. */
  get ended(): boolean {
    return this.peerEnded;
  }

  get bufferedBytes(): number {
    return this.incoming.bufferedBytes;
  }

  /** Bytes written and not yet taken by the sidecar (queued until it connects). */
  backlog(): number {
    return this.pendingBytes + (this.socket?.writableLength ?? 0);
  }

  write(bytes: Uint8Array): void {
    if (this.writeClosed) return;
    if (this.socket) this.socket.write(bytes);
    else {
      this.pending.push(Buffer.from(bytes));
      this.pendingBytes += bytes.length;
    }
  }

  /** Half-closes the host's side: the sidecar reads end of input. */
  closeWrite(): void {
    this.writeClosed = true;
    this.socket?.end();
  }

  read(max: number): Uint8Array {
    const bytes = this.incoming.read(max);
    if (this.socket?.isPaused() && this.incoming.bufferedBytes < this.limit) this.socket.resume();
    return bytes;
  }

  /** Resolves at the next chunk, connection or end. */
  activity(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  close(): Promise<void> {
    this.socket?.destroy();
    this.socket = undefined;
    // server.close() waits for every connection, including strangers still owing the token.
    for (const socket of this.greeting) socket.destroy();
    this.wake();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private greet(socket: Socket): void {
    this.greeting.add(socket);
    socket.on('close', () => this.greeting.delete(socket));
    socket.setTimeout(HELLO_TIMEOUT_MS, () => socket.destroy());
    let hello = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      hello = Buffer.concat([hello, chunk]);
      const newline = hello.indexOf(0x0a);
      if (newline < 0) {
        if (hello.length > MAX_HELLO_BYTES) socket.destroy();
        return;
      }
      socket.off('data', onData);
      if (!sameToken(hello.subarray(0, newline).toString('utf8').trim(), this.token)) {
        socket.destroy();
        return;
      }
      this.adopt(socket, hello.subarray(newline + 1));
    };
    socket.on('data', onData);
    socket.on('error', () => undefined); // ECONNRESET when a sidecar dies mid-write
  }

  private adopt(socket: Socket, rest: Buffer): void {
    this.greeting.delete(socket);
    socket.setTimeout(0);
    this.socket?.destroy();
    this.socket = socket;
    this.peerEnded = false;
    if (rest.length > 0) this.receive(socket, rest);
    socket.on('data', (chunk: Buffer) => this.receive(socket, chunk));
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.peerEnded = true;
      this.wake();
    });
    for (const chunk of this.pending) socket.write(chunk);
    this.pending = [];
    this.pendingBytes = 0;
    if (this.writeClosed) socket.end();
    this.wake();
  }

  private receive(socket: Socket, chunk: Buffer): void {
    this.incoming.push(chunk);
    if (this.incoming.bufferedBytes >= this.limit) socket.pause();
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
