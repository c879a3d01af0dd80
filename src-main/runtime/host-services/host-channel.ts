/**
 * The main thread's end of one instance's synchronous host-service channel: answers
 * each request from {@link HostServices}, then bumps the shared counter and notifies,
 * which wakes the worker blocked in `Atomics.wait` (see ../sync-bridge.ts).
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { HostChannelEnd, HostReply, HostRequest } from '../protocol.ts';
import type { HostServices } from './host-services.ts';

export class HostChannel {
  private readonly port: MessagePort;
  private readonly signal: Int32Array;
  /** The end to post to the worker (transfer `end.port`). */
  readonly end: HostChannelEnd;
  private closed = false;

  constructor(readonly services: HostServices) {
    const { port1, port2 } = new MessageChannel();
    const shared = new SharedArrayBuffer(4);
    this.port = port1;
    this.signal = new Int32Array(shared);
    this.end = { port: port2, signal: shared };
    port1.on('message', (message: { seq: number; request: HostRequest }) => void this.answer(message.seq, message.request));
    // An idle channel never keeps the process alive.
    port1.unref();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.port.close();
    await this.services.dispose();
  }

  private async answer(seq: number, request: HostRequest): Promise<void> {
    const result = await this.services.handle(request);
    if (seq === 0 || this.closed) return;
    const reply: HostReply = result.ok ? { seq, ok: true, value: result.value } : { seq, ok: false, error: result.error };
    this.port.postMessage(reply);
    Atomics.add(this.signal, 0, 1);
    Atomics.notify(this.signal, 0);
  }
}
