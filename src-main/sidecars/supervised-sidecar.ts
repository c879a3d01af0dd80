/**
 * A sidecar as the host and the plugin see it: one id for its whole life, the current
 * process run, its channels, and — for `restart: "on-failure"` — the crash, backoff and
 * restart loop. Its data channel is the negotiated socket, or stdin/stdout under stdio.
 */
import { BoundedTail } from './bounded-tail.ts';
import type { SidecarChannels, NegotiatedTransport } from './sidecar-channels.ts';
import { delay, describeExit, finishGroup, isCrash, startProcess, stopProcess, type ProcessRun, type SidecarExit, type StartOptions } from './sidecar-process.ts';
import { RestartPolicy } from './restart-policy.ts';

export type SidecarState = 'running' | 'restarting' | 'exited' | 'failed';
export type SidecarEventKind = 'started' | 'restarting' | 'exited' | 'failed';

/** What the registry supplies to one sidecar. */
export interface SupervisorHooks {
  log(level: 'info' | 'warn' | 'error', message: string): void;
  /** The current run changed (started, crashed and waiting to restart, or gone for good). */
  changed(kind: SidecarEventKind): void;
  /** Called once, when the sidecar is down for good. */
  finished(): void;
}

export interface SupervisorOptions {
  id: number;
  launch: Omit<StartOptions, 'env' | 'stdout' | 'stderr'>;
  channels: SidecarChannels;
  /** Undefined: never restarted. */
  restart: RestartPolicy | undefined;
  graceMs: number;
  outputLimit: number;
}

export class SupervisedSidecar {
  readonly id: number;
  readonly pluginId: string;
  readonly executable: string;
  readonly stdout: BoundedTail;
  readonly stderr: BoundedTail;
  /** Resolves when the sidecar is down for good (stopped, exited, or failed after its restarts). */
  readonly exited: Promise<SidecarExit>;
  private run: ProcessRun | undefined;
  private runState: SidecarState = 'running';
  private finalExit: SidecarExit | undefined;
  private settle!: (exit: SidecarExit) => void;
  private stopping = false;
  private ending = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private crashCount = 0;
  private crashMessage: string | undefined;
  private waiters: (() => void)[] = [];

  constructor(private readonly options: SupervisorOptions, private readonly hooks: SupervisorHooks) {
    this.id = options.id;
    this.pluginId = options.launch.pluginId;
    this.executable = options.launch.executable;
    // Under stdio the plugin reads stdout as its data channel: hold the sidecar back rather
    // than drop bytes. With socket channels stdout is only a log, so it keeps its tail.
    this.stdout = new BoundedTail(options.outputLimit, options.channels.data ? 'drop-oldest' : 'flow-control');
    this.stderr = new BoundedTail(options.outputLimit);
    this.exited = new Promise((resolve) => (this.settle = resolve));
  }

  /** Starts the first run; throws (and releases the channels) when the executable cannot start. */
  async start(): Promise<void> {
    try {
      await this.startRun();
    } catch (error) {
      await this.options.channels.dispose();
      throw error;
    }
  }

  /** The current process (the last one while restarting or after the end). */
  get pid(): number {
    return this.run?.pid ?? -1;
  }

  get startTime(): string | undefined {
    return this.run?.startTime;
  }

  get transport(): NegotiatedTransport {
    return this.options.channels.transport;
  }

  state(): SidecarState {
    return this.runState;
  }

  exit(): SidecarExit | undefined {
    return this.finalExit;
  }

  /** Unexpected exits so far; with the message of the last (for `restart: "on-failure"`). */
  crashes(): number {
    return this.crashCount;
  }

  lastCrash(): string | undefined {
    return this.crashMessage;
  }

  /** Resolves at the next data, end of data, crash, restart or exit. */
  activity(): Promise<void> {
    const own = new Promise<void>((resolve) => this.waiters.push(resolve));
    const data = this.options.channels.data;
    return Promise.race([own, data ? data.activity() : this.stdout.nextChunk()]);
  }

  writeData(bytes: Uint8Array): void {
    const data = this.options.channels.data;
    if (data) data.write(bytes);
    else this.writeStdin(bytes);
  }

  dataBacklog(): number {
    return this.options.channels.data?.backlog() ?? this.stdinBacklog();
  }

  closeData(): void {
    const data = this.options.channels.data;
    if (data) data.closeWrite();
    else this.closeStdin();
  }

  readData(max: number): Uint8Array {
    const data = this.options.channels.data;
    return data ? data.read(max) : this.stdout.read(max);
  }

  dataBuffered(): number {
    return this.options.channels.data?.bufferedBytes ?? this.stdout.bufferedBytes;
  }

  /**
   * No more data will come: the sidecar is down for good. (A sidecar that closes its data
   * connection but keeps running may still reconnect, as a restarted one does.)
   */
  dataEnded(): boolean {
    return this.finalExit !== undefined;
  }

  /** The control channel's endpoint; undefined under stdio. */
  get control(): SidecarChannels['control'] {
    return this.options.channels.control;
  }

  writeStdin(bytes: Uint8Array): void {
    const stdin = this.run?.child.stdin;
    if (stdin?.writable) stdin.write(bytes);
  }

  stdinBacklog(): number {
    return this.run?.child.stdin?.writableLength ?? 0;
  }

  closeStdin(): void {
    this.run?.child.stdin?.end();
  }

  /** Stops for good: a pending restart is cancelled; the group gets stop message, EOF, SIGTERM, SIGKILL. */
  async stop(): Promise<SidecarExit> {
    this.stopping = true;
    if (this.restartTimer !== undefined) {
      clearTimeout(this.restartTimer);
      this.restartTimer = undefined;
      this.end('exited', (await this.run?.exited) ?? { exitCode: undefined, signal: undefined });
    }
    const run = this.run;
    if (run && !this.ending) {
      await stopProcess(run, this.options.graceMs, () => this.sendStop());
    }
    return this.exited;
  }

  private sendStop(): void {
    this.options.channels.control?.write(new TextEncoder().encode('{"op":"stop"}\n'));
    this.options.channels.data?.closeWrite();
  }

  private async startRun(): Promise<void> {
    const run = await startProcess({ ...this.options.launch, env: this.options.channels.env, stdout: this.stdout, stderr: this.stderr });
    this.run = run;
    this.runState = 'running';
    this.hooks.changed('started');
    this.hooks.log('info', `started sidecar ${this.executable} (pid ${run.pid}, data over ${this.transport}) outside the sandbox`);
    this.wake();
    void run.exited.then((exit) => this.onRunExit(run, exit));
    // A stop that came while this restart was starting found the old run already gone.
    if (this.stopping) void stopProcess(run, this.options.graceMs, () => this.sendStop());
  }

  private async onRunExit(run: ProcessRun, exit: SidecarExit): Promise<void> {
    const how = `sidecar ${this.executable} (pid ${run.pid}) exited with ${describeExit(exit)}`;
    if (this.stopping || !isCrash(exit) || this.options.restart === undefined) {
      this.hooks.log(exit.exitCode === 0 ? 'info' : 'warn', how);
      if (!this.stopping) await finishGroup(run.pid, this.options.graceMs);
      this.end('exited', exit);
      return;
    }
    await finishGroup(run.pid, this.options.graceMs); // grandchildren of a crashed run go with it
    if (this.stopping) return this.end('exited', exit);
    this.crashCount += 1;
    const decision = this.options.restart.onCrash(Date.now());
    if (!decision.restart) {
      this.crashMessage = `${how}; it crashed ${decision.crashes} times within ${this.options.restart.window / 1000} s, so it is marked failed and not restarted (its stderr is in the plugin log)`;
      this.hooks.log('error', `${this.crashMessage}: ${this.stderr.peekText().slice(-500)}`);
      this.end('failed', exit);
      return;
    }
    this.crashMessage = `${how}; restarting in ${decision.delayMs} ms (restart ${decision.attempt} of ${decision.of} within ${this.options.restart.window / 1000} s)`;
    this.hooks.log('warn', this.crashMessage);
    this.runState = 'restarting';
    this.hooks.changed('restarting');
    this.wake();
    this.restartTimer = setTimeout(() => void this.restartNow(exit), decision.delayMs);
  }

  private async restartNow(previous: SidecarExit): Promise<void> {
    this.restartTimer = undefined;
    if (this.stopping) return this.end('exited', previous);
    try {
      await this.startRun();
    } catch (error) {
      this.crashMessage = `sidecar ${this.executable} could not be restarted: ${(error as Error).message}`;
      this.hooks.log('error', this.crashMessage);
      this.end('failed', previous);
    }
  }

  private end(state: 'exited' | 'failed', exit: SidecarExit): void {
    if (this.ending) return;
    this.ending = true;
    this.runState = state;
    this.hooks.changed(state);
    this.hooks.finished();
    void this.drainData().then(async () => {
      await this.options.channels.dispose();
      this.finalExit = exit;
      this.settle(exit);
      this.wake();
    });
  }

  /** Bytes the sidecar wrote just before it exited may still be in flight: wait (bounded) for its side to close. */
  private async drainData(): Promise<void> {
    const data = this.options.channels.data;
    const deadline = Date.now() + this.options.graceMs;
    while (data?.connected && !data.ended && Date.now() < deadline) await Promise.race([data.activity(), delay(20)]);
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
