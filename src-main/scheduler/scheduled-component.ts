/**
 * One component as the scheduler runs it: a bounded queue of requests, up to
 * `maxInstances` instances (each in a dedicated worker or a shared-pool worker), one
 * request at a time per instance, and the bookkeeping of deadlines, strikes, metrics
 * and guest resource references. Lifecycle transitions live in lifecycle.ts.
 */
import { FugueError, type FugueErrorData } from '../../src-shared/errors.ts';
import { LogLimiter } from '../runtime/log-limiter.ts';
import type { PcmRingShared } from '../audio/pcm-ring.ts';
import { NO_CALL_GRANTS } from '../runtime/host-services/host-services.ts';
import type { CallTarget, ResourceRef } from '../runtime/protocol.ts';
import type { ComponentContext } from './context.ts';
import { Instance, instantiateDeadlineMs, type InstanceOwner } from './instance.ts';
import { asFugueError, lifecycleJob, lossError, messageOf, settingsJob, settingsTypeOf, type Job, type JobInput } from './jobs.ts';
import { refusalFor, strike, transition } from './lifecycle.ts';
import { CallStats, Strikes } from './metrics.ts';
import { ResourceRefs } from './resource-refs.ts';
import type { ComponentMetrics, ComponentSpec, LifecycleState, LoadTiming } from './types.ts';
import { WorkerLost, type LossCause, type WorkerHost } from './worker-host.ts';

export interface CallOptions {
  timeoutMs?: number;
  /** Folders the plugin may read through host-stream during this call only. */
  fileRoots?: readonly string[];
  /** Network hosts the plugin may open host streams to during this call (a track's URL). */
  networkHosts?: readonly string[];
  /**
   * The call returns interleaved f32: the worker writes it into this PCM ring and the
   * call resolves with the number of frames instead (a decoder session's `read`).
   */
  into?: PcmRingShared;
  /**
   * The call takes interleaved f32 from this PCM ring: the worker replaces the first
   * `{ $pcmFrom: maxFrames }` argument with frames peeked from it and consumes as many as
   * the call's u32 result accepted (a plugin sink's `write`).
   */
  from?: PcmRingShared;
}

export class ScheduledComponent implements InstanceOwner {
  state: LifecycleState = 'discovered';
  lastError: FugueErrorData | undefined;
  lastTiming: LoadTiming | undefined;
  /** `on-enable` is wanted in every instance (the component is, or is becoming, active). */
  wantEnabled = false;
  readonly instances: Instance[] = [];
  private readonly queue: Job[] = [];
  private running = 0;
  private readonly settings = new Map<string, unknown[]>();
  private readonly refs = new ResourceRefs();
  readonly strikes: Strikes;
  private readonly stats = new CallStats();
  private drainWaiters: (() => void)[] = [];
  private readonly logs: LogLimiter;

  constructor(
    readonly spec: ComponentSpec,
    readonly ctx: ComponentContext,
  ) {
    this.strikes = new Strikes(ctx.strikeLimit, ctx.strikeWindowMs);
    const write = (level: string, message: string): void => {
      spec.onLog?.(level, message);
      ctx.events.emit('log', { identity: spec.identity, level, message });
    };
    this.logs = new LogLimiter(ctx.logRate, write, (message) => write('warn', message), true);
  }

  get identity(): ComponentSpec['identity'] {
    return this.spec.identity;
  }

  get restarts(): number {
    return this.stats.counters.restarts;
  }

  /** The worker threads hosting an instance of this component now. */
  get hosts(): WorkerHost[] {
    return [...new Set(this.instances.map((instance) => instance.host))];
  }

  /** Makes sure an instance exists (instantiating one if none does); resolves with its timing. */
  start(): Promise<LoadTiming> {
    return this.submit({ kind: 'start', args: [], timeoutMs: instantiateDeadlineMs(this.spec), roots: [], exportName: 'instantiate', lifecycle: true }) as Promise<LoadTiming>;
  }

  call(target: Extract<CallTarget, { kind: 'function' }>, args: unknown[], options: CallOptions = {}, lifecycle = false): Promise<unknown> {
    const timeoutMs = options.timeoutMs ?? (lifecycle ? this.spec.lifecycleTimeoutMs : this.spec.callTimeoutMs);
    return this.submit({ kind: 'call', target, args, timeoutMs, roots: options.fileRoots ?? [], hosts: options.networkHosts ?? [], exportName: `${target.iface}#${target.fn}`, lifecycle });
  }

  callMethod(ref: ResourceRef, method: string, args: unknown[], options: CallOptions = {}): Promise<unknown> {
    const entry = this.refs.get(ref);
    const lost = this.refs.lostReason(ref);
    if (!entry && lost) return Promise.reject(new FugueError({ ...lost, plugin: { ...this.identity, exportName: `[method]${ref.type}.${method}` } }));
    if (!entry) return Promise.reject(this.missingRef(ref, `[method]${ref.type}.${method}`));
    return this.submit({
      kind: 'call',
      target: { kind: 'method', resource: entry.local, method },
      args,
      timeoutMs: options.timeoutMs ?? this.spec.callTimeoutMs,
      roots: options.fileRoots ?? [],
      hosts: options.networkHosts ?? [],
      ...(options.into === undefined ? {} : { into: options.into }),
      ...(options.from === undefined ? {} : { from: options.from }),
      exportName: `[method]${entry.type}.${method}`,
      pin: entry.instance,
      lifecycle: false,
    });
  }

  async drop(ref: ResourceRef): Promise<void> {
    const entry = this.refs.take(ref);
    if (!entry) return; // its instance is gone, and the resource with it
    await this.submit({ kind: 'drop', resource: entry.local, args: [], timeoutMs: this.spec.callTimeoutMs, roots: [], exportName: `[dtor]${entry.type}`, pin: entry.instance, lifecycle: false });
  }

  /** Runs `on-enable` (and replays settings) in `instance` if it has not yet. */
  prepareIn(instance: Instance): Promise<unknown> {
    return this.submit({ kind: 'prepare', args: [], timeoutMs: this.spec.lifecycleTimeoutMs, roots: [], exportName: 'on-enable', pin: instance, lifecycle: true });
  }

  /** Calls a lifecycle hook in one instance, with the lifecycle deadline. */
  lifecycleIn(instance: Instance, fn: string, args: unknown[]): Promise<unknown> {
    return this.submit({ ...lifecycleJob(this.spec, fn, args), pin: instance });
  }

  /** Resolves once no request is queued or running. */
  drained(): Promise<void> {
    if (this.queue.length === 0 && this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  metrics(): ComponentMetrics {
    return {
      ...this.spec.identity,
      state: this.state,
      ...this.stats.snapshot(this.instances),
      instances: this.instances.length,
      queued: this.queue.length,
      running: this.running,
      strikes: this.strikes.count,
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  /** Places queued requests on instances that can take them; called by the scheduler. */
  pump(): void {
    for (let index = 0; index < this.queue.length; ) {
      const job = this.queue[index] as Job;
      if (job.pin && (job.pin.status === 'lost' || job.pin.status === 'released')) {
        this.queue.splice(index, 1);
        job.reject(this.missingRef({ $resource: 0, type: 'instance' }, job.exportName));
        continue;
      }
      const instance = this.place(job);
      if (!instance) {
        index += 1;
        continue;
      }
      this.queue.splice(index, 1);
      instance.host.busy = true;
      if (instance.status === 'idle') instance.status = 'running';
      this.running += 1;
      void this.execute(instance, job);
    }
    this.settleDrain();
  }

  /** Rejects every queued request (the component is going away or failed). */
  rejectQueued(error: FugueErrorData): void {
    for (const job of this.queue.splice(0)) job.reject(new FugueError(error));
    this.settleDrain();
  }

  /** Releases every instance: dedicated workers are terminated, pool slots freed. */
  async releaseAll(): Promise<void> {
    const instances = this.instances.splice(0);
    this.refs.clear();
    await Promise.all(
      instances.map(async (instance) => {
        instance.status = 'released';
        await instance.channel.close();
        await this.ctx.placementOf(this).release(instance.host, instance.slot);
      }),
    );
  }

  instanceLost(instance: Instance, cause: LossCause, culprit: boolean): void {
    this.forget(instance, cause.kind === 'terminated' ? undefined : lossError(cause, this.identity, 'a resource method', culprit, false));
    if (cause.kind === 'terminated') return;
    this.stats.counters.restarts += 1;
    if (culprit && cause.kind === 'deadline') this.stats.counters.timeouts += 1;
    for (const job of this.queue.filter((queued) => queued.pin === instance)) {
      this.queue.splice(this.queue.indexOf(job), 1);
      job.reject(new FugueError(lossError(cause, this.identity, job.exportName, culprit, false)));
    }
    this.ctx.events.emit('instance-lost', { identity: this.identity, culprit, reason: cause.kind, threadId: instance.host.startedThreadId });
    if (culprit) strike(this, lossError(cause, this.identity, cause.kind === 'deadline' ? cause.exportName : 'a call', true, false));
    this.ctx.schedule();
  }

  instanceLog(level: string, message: string, notice: boolean): void {
    if (notice) {
      this.spec.onLog?.(level, message);
      this.ctx.events.emit('log', { identity: this.identity, level, message });
    } else {
      this.logs.log(level, message);
    }
  }

  private submit(input: JobInput): Promise<unknown> {
    const refusal = refusalFor(this, input.lifecycle);
    if (refusal) return Promise.reject(new FugueError({ ...refusal, plugin: { ...this.identity, exportName: input.exportName } }));
    if (!input.lifecycle && this.queue.length >= this.spec.maxQueue) {
      this.stats.counters.busyRejections += 1;
      return Promise.reject(
        new FugueError({
          code: 'busy',
          message: `plugin ${this.identity.pluginId} has ${this.queue.length} calls waiting already; try again when it catches up`,
          plugin: { ...this.identity, exportName: input.exportName },
        }),
      );
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ ...input, resolve, reject });
      this.ctx.schedule();
    });
  }

  private place(job: Job): Instance | undefined {
    if (job.pin) return job.pin.ready ? job.pin : undefined;
    const idle = this.instances.find((instance) => instance.ready);
    if (idle) return idle;
    if (this.instances.length >= this.spec.threading.maxInstances) return undefined;
    const label = `fugue:${this.identity.pluginId}/${this.identity.component}`;
    const host = this.ctx.placementOf(this).hostForNewInstance(this, label);
    if (!host) return undefined;
    const instance = new Instance(this, host, this.spec.grants, this.ctx.hostLimits);
    this.instances.push(instance);
    return instance;
  }

  private async execute(instance: Instance, job: Job): Promise<void> {
    try {
      if (instance.status === 'starting') {
        const timing = await this.instantiate(instance);
        instance.status = 'running';
        if (job.kind === 'start') return job.resolve(timing);
      } else if (job.kind === 'start') {
        return job.resolve(this.lastTiming);
      }
      await this.prepare(instance);
      if (job.kind === 'prepare') return job.resolve(undefined);
      job.resolve(await this.request(instance, job));
    } catch (error) {
      job.reject(this.errorOf(error, instance, job));
    } finally {
      this.running -= 1;
      if (instance.status === 'running' || instance.status === 'starting') instance.status = 'idle';
      instance.host.busy = false;
      this.ctx.schedule();
    }
  }

  private async instantiate(instance: Instance): Promise<LoadTiming> {
    try {
      const timing = await instance.instantiate(this.spec, this.ctx.modules, this.ctx.logRate);
      this.stats.noteMemory(instance, instance.memoryBytes, this.instances);
      this.lastTiming = timing;
      if (this.state === 'discovered') transition(this, 'loaded');
      return timing;
    } catch (error) {
      if (!(error instanceof WorkerLost)) await this.releaseOne(instance);
      throw error;
    }
  }

  /** Brings a (possibly fresh) instance up to the component's state: enabled, settings applied. */
  private async prepare(instance: Instance): Promise<void> {
    if (this.wantEnabled && !instance.enabled) {
      await this.request(instance, lifecycleJob(this.spec, 'on-enable', []));
      instance.enabled = true;
    }
    for (const [typeId, args] of this.settings) {
      if (instance.applied.get(typeId) === args) continue;
      await this.request(instance, settingsJob(this.spec, args));
      instance.applied.set(typeId, args);
    }
  }

  private async request(instance: Instance, job: JobInput): Promise<unknown> {
    instance.withCallGrants({ roots: job.roots, hosts: job.hosts ?? [] });
    const started = performance.now();
    this.stats.counters.calls += 1;
    try {
      const answer = await instance.host.request((id) => messageOf(job, id, instance.slot), instance.slot, job.timeoutMs, job.exportName);
      this.stats.latency.record(performance.now() - started);
      this.stats.noteMemory(instance, answer.memoryBytes, this.instances);
      if (answer.type === 'error') throw FugueError.fromData(answer.error);
      if (answer.type !== 'result') throw new FugueError({ code: 'internal', message: 'the worker answered a call with an instantiation' });
      this.rememberSettings(instance, job);
      return this.refs.exported(instance, answer.value);
    } catch (error) {
      this.stats.counters.errors += 1;
      if (error instanceof FugueError) this.lastError = error.toData();
      throw error;
    } finally {
      instance.withCallGrants(NO_CALL_GRANTS);
    }
  }

  /** Settings applied in one instance are replayed in every other (and every restarted) one. */
  private rememberSettings(instance: Instance, job: JobInput): void {
    const typeId = settingsTypeOf(job);
    if (typeId === undefined) return;
    this.settings.set(typeId, job.args);
    instance.applied.set(typeId, job.args);
  }

  private errorOf(error: unknown, instance: Instance, job: Job): FugueError {
    if (error instanceof WorkerLost) {
      const culprit = error.loss.kind !== 'deadline' || error.loss.slot === instance.slot;
      const data = lossError(error.loss, this.identity, job.exportName, culprit, this.state === 'failed');
      this.lastError = data;
      return new FugueError(data);
    }
    return asFugueError(error, { code: 'internal', message: `plugin ${this.identity.pluginId} failed in ${job.exportName}`, plugin: { ...this.identity, exportName: job.exportName } });
  }

  private missingRef(ref: ResourceRef, exportName: string): FugueError {
    return new FugueError({
      code: 'invalid-argument',
      message: `${ref.type} #${ref.$resource} of plugin ${this.identity.pluginId} does not exist (it was dropped, or the instance holding it restarted)`,
      plugin: { ...this.identity, exportName },
    });
  }

  private forget(instance: Instance, why?: FugueErrorData): void {
    const index = this.instances.indexOf(instance);
    if (index >= 0) this.instances.splice(index, 1);
    this.refs.forgetInstance(instance, why);
  }

  private async releaseOne(instance: Instance): Promise<void> {
    this.forget(instance);
    instance.status = 'released';
    await instance.channel.close();
    await this.ctx.placementOf(this).release(instance.host, instance.slot);
  }

  private settleDrain(): void {
    if (this.queue.length !== 0 || this.running !== 0) return;
    for (const resolve of this.drainWaiters.splice(0)) resolve();
  }
}
