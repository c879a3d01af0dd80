/**
 * Messages between the main thread and a component worker. Both ends are ours, so the
 * shapes are TypeScript types; values inside calls are structured-clone data as jco
 * represents WIT values (records as objects, variants as `{ tag, val }`, u64 as bigint).
 *
 * A worker hosts several component instances, each in a numbered slot, and runs one
 * request at a time: the scheduler in the main thread never sends a second request
 * before the first is answered, so a deadline measures the plugin and nothing queued
 * behind it.
 */
import type { MessagePort } from 'node:worker_threads';
import type { FugueErrorData, PluginIdentity } from '../../src-shared/errors.ts';
import type { PcmRingShared } from '../audio/pcm-ring.ts';

/** A guest-owned resource (e.g. a decoder session) living in an instance's table. */
export interface ResourceRef {
  $resource: number;
  /** The WIT resource name, e.g. `session`. */
  type: string;
}

/** A call argument the worker replaces with a host `input-stream` opened through host-stream. */
export interface HostStreamArg {
  $hostStream: string;
}

/**
 * A call argument the worker replaces with up to `$pcmFrom` frames of interleaved f32 taken
 * from the call's `from` ring (a plugin sink's `write`). See {@link CallRequest.from}.
 */
export interface PcmFromArg {
  $pcmFrom: number;
}

/** Log budget of one instance inside its worker (the main thread applies the per-plugin one). */
export interface LogRate {
  perSecond: number;
  burst: number;
}

/** The per-instance channel of synchronous host services (see sync-bridge.ts). */
export interface HostChannelEnd {
  port: MessagePort;
  /** Int32 counter the main thread bumps (and notifies) after each reply. */
  signal: SharedArrayBuffer;
}

/** Instantiates a component into a slot of the worker. */
export interface InstantiateRequest {
  type: 'instantiate';
  id: number;
  slot: number;
  identity: PluginIdentity;
  /** Absolute path of the transpiled bindings module. */
  entry: string;
  /** Compiled (memory-capped) core modules by the name the bindings ask for. */
  modules: Record<string, WebAssembly.Module>;
  /** The plugin's own data directory: the only folder WASI may open (as `/data`). */
  dataDir: string;
  /** Whether the component imports any WASI interface (the sandbox is only loaded then). */
  usesWasi: boolean;
  host: HostChannelEnd;
  logRate: LogRate;
}

export type CallTarget =
  | { kind: 'function'; iface: string; fn: string }
  | { kind: 'method'; resource: number; method: string };

export interface CallRequest {
  type: 'call';
  id: number;
  slot: number;
  target: CallTarget;
  args: unknown[];
  /**
   * The call returns interleaved f32 (a decoder's `read`): the worker writes it into this
   * PCM ring and answers with the number of frames decoded instead, so audio never
   * passes through the main thread.
   */
  into?: PcmRingShared;
  /**
   * The call takes interleaved f32 from this PCM ring (a plugin sink's `write`): the worker
   * replaces the first `{ $pcmFrom: maxFrames }` argument with up to that many frames
   * peeked from the ring, and after the call consumes exactly the frames the call's u32
   * result says were accepted (the rest stay for the next call). The call answers that
   * count. So audio never passes through the main thread on its way to a plugin sink.
   */
  from?: PcmRingShared;
}

export interface DropRequest {
  type: 'drop';
  id: number;
  slot: number;
  resource: number;
}

/** Forgets a slot's instance (no answer). */
export interface ReleaseRequest {
  type: 'release';
  slot: number;
}

export type ToWorker = InstantiateRequest | CallRequest | DropRequest | ReleaseRequest;

export type FromWorker =
  | { type: 'instantiated'; id: number; bindingsImportMs: number; instantiateMs: number; memoryBytes: number }
  | { type: 'result'; id: number; value: unknown; memoryBytes: number }
  | { type: 'error'; id: number; error: FugueErrorData; memoryBytes: number }
  /** `notice`: the host's own line (dropped-messages count), not subject to the plugin's rate limit. */
  | { type: 'log'; slot: number; level: string; message: string; notice?: boolean };

/** Requests of the synchronous host-service channel (worker → main, answered by {@link HostReply}). */
export type HostRequest =
  | { op: 'fetch'; request: HttpRequestData }
  | { op: 'open'; uri: string }
  | { op: 'list'; uri: string }
  | { op: 'read'; stream: number; maxBytes: number }
  | { op: 'seek'; stream: number; offset: bigint }
  | { op: 'kv-get'; key: string }
  | { op: 'kv-set'; key: string; value: Uint8Array }
  | { op: 'kv-delete'; key: string }
  | { op: 'kv-list'; prefix: string }
  | { op: 'sidecar-spawn'; executable: string; args: string[] }
  | { op: 'sidecar-write'; process: number; data: Uint8Array }
  | { op: 'sidecar-close-stdin'; process: number }
  | { op: 'sidecar-read'; process: number; maxBytes: number }
  | { op: 'sidecar-exit-code'; process: number }
  | { op: 'sidecar-transport'; process: number }
  /** Also sent fire-and-forget when the guest drops its process handle. */
  | { op: 'sidecar-kill'; process: number }
  /** Fire-and-forget: no reply is awaited. */
  | { op: 'close'; stream: number }
  /** Fire-and-forget: the instance was re-created, so every stream it had is closed. */
  | { op: 'close-all' };

/** A WIT `http-client.request` as jco represents it. */
export interface HttpRequestData {
  method: string;
  url: string;
  headers: { name: string; value: string }[];
  body?: Uint8Array | undefined;
  timeoutMs?: number | undefined;
}

/** An open host stream as the worker sees it. */
export interface StreamInfo {
  stream: number;
  length: bigint | undefined;
  seekable: boolean;
  live: boolean;
}

/** `ok` carries the operation's value; `err` the WIT error value the import throws. */
export type HostReply = { seq: number; ok: true; value: unknown } | { seq: number; ok: false; error: unknown };
