/**
 * The test's handle on a real-device helper process (device-test-host.ts → its worker owns
 * naudiodon). Requests resolve with the matching reply; device events are collected.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Disposable } from '../../../src-shared/disposable.ts';
import type { DeviceEvent } from '../sinks/device-sink.ts';
import type { DeviceTestReply, DeviceTestRequest } from './device-test-protocol.ts';

const RUN_TS = fileURLToPath(new URL('../../../bin/run-ts.mjs', import.meta.url));
const HOST = fileURLToPath(new URL('./device-test-host.ts', import.meta.url));
const EXIT_GRACE_MS = 5_000;

type ReplyOf<T extends DeviceTestReply['type']> = Extract<DeviceTestReply, { type: T }>;

export class DeviceTestProcess implements Disposable {
  readonly events: DeviceEvent[] = [];
  /** The helper's stdout and stderr (PortAudio and ALSA print there), for failure messages. */
  output = '';
  private readonly waiters: { type: string; resolve: (reply: DeviceTestReply) => void; reject: (error: Error) => void }[] = [];
  private readonly exited: Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (reply: DeviceTestReply) => this.received(reply));
    const keep = (chunk: Buffer): void => void (this.output = (this.output + chunk.toString()).slice(-20_000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    void this.exited.then(() => this.rejectAll(new Error(`the device test process exited; its output:\n${this.output.slice(-3000)}`)));
  }

  /** Starts the helper with `env` added (a PulseServer's client environment). */
  static start(env: Record<string, string>): DeviceTestProcess {
    const child = fork(RUN_TS, [HOST], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    return new DeviceTestProcess(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Sends `request` and resolves with the next reply of type `expect` (rejects on an error reply). */
  request<T extends DeviceTestReply['type']>(request: DeviceTestRequest, expect: T): Promise<ReplyOf<T>> {
    const reply = this.next(expect);
    this.child.send(request);
    return reply;
  }

  /** Resolves with the next reply of type `type`. */
  next<T extends DeviceTestReply['type']>(type: T): Promise<ReplyOf<T>> {
    return new Promise((resolve, reject) => {
      this.waiters.push({ type, resolve: (reply) => resolve(reply as ReplyOf<T>), reject });
    });
  }

  /** Resolves once a device event of `kind` arrived (now or earlier). */
  async waitForEvent(kind: DeviceEvent['kind']): Promise<DeviceEvent> {
    for (;;) {
      const seen = this.events.find((event) => event.kind === kind);
      if (seen) return seen;
      await this.next('device-event');
    }
  }

  async dispose(): Promise<void> {
    await this.close();
  }

  /** Closes the sink and waits for the process to exit; SIGKILLs it after a grace period. */
  async close(): Promise<{ exitedCleanly: boolean }> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return { exitedCleanly: this.child.exitCode === 0 };
    if (this.child.connected) this.child.send({ type: 'close' } satisfies DeviceTestRequest);
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), EXIT_GRACE_MS)));
    const exitedCleanly = await Promise.race([this.exited.then(() => true), graceOver]);
    clearTimeout(timer);
    if (!exitedCleanly) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
    return { exitedCleanly };
  }

  private received(reply: DeviceTestReply): void {
    if (reply.type === 'device-event') this.events.push(reply.event);
    if (reply.type === 'error') return this.rejectAll(new Error(`device test worker: ${reply.message}`));
    const index = this.waiters.findIndex((waiter) => waiter.type === reply.type);
    if (index >= 0) this.waiters.splice(index, 1)[0]?.resolve(reply);
  }

  private rejectAll(error: Error): void {
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
  }
}
