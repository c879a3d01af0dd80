/**
 * Requests waiting for, or running on, a component instance, and how the errors of a
 * request that never completed (its worker was stopped) are told to the caller.
 */
import { FugueError, type FugueErrorData } from '../../src-shared/errors.ts';
import type { PcmRingShared } from '../audio/pcm-ring.ts';
import type { CallTarget, ToWorker } from '../runtime/protocol.ts';
import type { Instance } from './instance.ts';
import type { ComponentIdentity } from './types.ts';
import type { LossCause } from './worker-host.ts';

/**
 * `call`: a function or method; `drop`: a resource destructor; `start`: make sure an
 * instance exists; `prepare`: run `on-enable` (and settings) in a pinned instance.
 */
export type JobKind = 'call' | 'drop' | 'start' | 'prepare';

export interface Job {
  kind: JobKind;
  target?: CallTarget;
  /** The instance-local resource id of a `drop`. */
  resource?: number;
  args: unknown[];
  timeoutMs: number;
  /** Folders granted for this call only. */
  roots: readonly string[];
  /** Network hosts granted for this call only (streams it opens keep them). */
  hosts?: readonly string[];
  /** Where the worker writes an f32 result (see CallRequest.into). */
  into?: PcmRingShared;
  /** Where the worker takes an f32 argument from (see CallRequest.from). */
  from?: PcmRingShared;
  exportName: string;
  /** The instance that must run it (its resource lives there). */
  pin?: Instance;
  /** Lifecycle work of the host itself: never refused as `busy` or while quiescing. */
  lifecycle: boolean;
  resolve(value: unknown): void;
  reject(error: FugueError): void;
}

/** A job before it is queued (the queue adds how to answer it). */
export type JobInput = Omit<Job, 'resolve' | 'reject'>;

interface JobSpec {
  apiVersion: string;
  callTimeoutMs: number;
  lifecycleTimeoutMs: number;
}

/** A lifecycle hook call (`on-enable`, `on-disable`), with the lifecycle deadline. */
export function lifecycleJob(spec: JobSpec, fn: string, args: unknown[]): JobInput {
  const iface = `fugue:plugin/lifecycle@${spec.apiVersion}`;
  return { kind: 'call', target: { kind: 'function', iface, fn }, args, timeoutMs: spec.lifecycleTimeoutMs, roots: [], exportName: `${iface}#${fn}`, lifecycle: true };
}

/** `settings.apply(args)`, replayed by the host in a fresh instance. */
export function settingsJob(spec: JobSpec, args: unknown[]): JobInput {
  const iface = `fugue:plugin/settings@${spec.apiVersion}`;
  return { kind: 'call', target: { kind: 'function', iface, fn: 'apply' }, args, timeoutMs: spec.callTimeoutMs, roots: [], exportName: `${iface}#apply`, lifecycle: true };
}

/** The ability type id of a `settings.apply` job, or undefined for any other job. */
export function settingsTypeOf(job: JobInput): string | undefined {
  const target = job.target;
  if (target?.kind !== 'function' || !target.iface.startsWith('fugue:plugin/settings@') || target.fn !== 'apply') return undefined;
  return String(job.args[0]);
}

/** The message a job sends to its worker. */
export function messageOf(job: JobInput, id: number, slot: number): ToWorker {
  if (job.kind === 'drop') return { type: 'drop', id, slot, resource: job.resource ?? 0 };
  return { type: 'call', id, slot, target: job.target!, args: job.args, ...(job.into === undefined ? {} : { into: job.into }), ...(job.from === undefined ? {} : { from: job.from }) };
}

function describe(identity: ComponentIdentity): string {
  return `plugin ${identity.pluginId}`;
}

/** The error a caller gets when the worker running (or holding) its request stopped. */
export function lossError(cause: LossCause, identity: ComponentIdentity, exportName: string, culprit: boolean, failed: boolean): FugueErrorData {
  const plugin = { ...identity, exportName };
  switch (cause.kind) {
    case 'deadline':
      if (culprit) {
        return {
          code: 'timeout',
          message: `${describe(identity)} did not answer ${cause.exportName} within ${cause.timeoutMs} ms; its worker was stopped and restarted`,
          plugin,
        };
      }
      return {
        code: 'worker-crashed',
        message: `the worker shared by ${describe(identity)} was stopped because another plugin missed its deadline (${cause.exportName}); ${identity.pluginId} is restarted for its next call`,
        plugin,
      };
    case 'crash':
      return { code: 'worker-crashed', message: `the worker of ${describe(identity)} ${cause.how}; it is restarted for the next call`, plugin };
    case 'terminated':
      return failed
        ? { code: 'plugin-failed', message: `${describe(identity)} was stopped after repeated failures; re-enable it to try again`, plugin }
        : { code: 'disposed', message: `${describe(identity)} was unloaded while the call was pending`, plugin };
  }
}

/** Turns what a job's execution threw into a FugueError. */
export function asFugueError(error: unknown, fallback: FugueErrorData): FugueError {
  if (error instanceof FugueError) return error;
  return new FugueError({ ...fallback, message: `${fallback.message}: ${error instanceof Error ? error.message : String(error)}` });
}
