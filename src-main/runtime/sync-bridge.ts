/**
 * Synchronous host services over asynchronous Node I/O. WIT host imports are
 * synchronous for the guest, while files and sockets are async in Node: the worker posts
 * a request on its slot's channel, blocks in `Atomics.wait` on a shared counter, and
 * takes the reply with `receiveMessageOnPort` once the main thread has posted it and
 * bumped the counter. A call stuck here past its deadline is still stopped:
 * `worker.terminate()` interrupts `Atomics.wait`. Runs inside a component worker.
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { HostChannelEnd, HostReply, HostRequest } from './protocol.ts';

/** The main thread's reply carried an error: `value` is what the import throws (a WIT err value). */
export class HostServiceError {
  constructor(readonly value: unknown) {}
}

export class SyncBridge {
  private readonly port: MessagePort;
  private readonly signal: Int32Array;
  private seq = 0;

  constructor(end: HostChannelEnd) {
    this.port = end.port;
    this.signal = new Int32Array(end.signal);
  }

  /** Sends `request` and blocks until the answer arrives; throws the service's error value. */
  request(request: Exclude<HostRequest, { op: 'close' | 'close-all' }>): unknown {
    const seq = ++this.seq;
    let seen = Atomics.load(this.signal, 0);
    this.port.postMessage({ seq, request });
    for (;;) {
      const received = receiveMessageOnPort(this.port) as { message: HostReply } | undefined;
      if (received) {
        const reply = received.message;
        if (reply.seq !== seq) continue; // a reply to a request abandoned by an earlier, interrupted instance
        if (reply.ok) return reply.value;
        throw new HostServiceError(reply.error);
      }
      Atomics.wait(this.signal, 0, seen);
      seen = Atomics.load(this.signal, 0);
    }
  }

  /** Sends a request whose answer nobody waits for (closing a stream). */
  notify(request: Extract<HostRequest, { op: 'close' | 'close-all' | 'sidecar-kill' }>): void {
    this.port.postMessage({ seq: 0, request });
  }

  close(): void {
    this.port.close();
  }
}
