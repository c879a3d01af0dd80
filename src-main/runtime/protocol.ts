/**
 * Messages between the main thread and a component worker. Both ends are ours, so the
 * shapes are TypeScript types; values inside calls are structured-clone data as jco
 * represents WIT values (records as objects, variants as `{ tag, val }`, u64 as bigint).
 */
import type { FugueErrorData, PluginIdentity } from '../../src-shared/errors.ts';

/** A guest-owned resource (e.g. a decoder session) living in the worker's table. */
export interface ResourceRef {
  $resource: number;
  /** The WIT resource name, e.g. `session`. */
  type: string;
}

/** Where the worker finds the transpiled bindings and how to sandbox the guest. */
export interface LoadRequest {
  type: 'load';
  identity: PluginIdentity;
  /** Absolute path of the transpiled bindings module. */
  entry: string;
  /** Core module files next to it, compiled in the worker. */
  coreModules: string[];
  /** The plugin's own data directory: the only folder WASI may open (as `/data`). */
  dataDir: string;
  /** Whether the component imports any WASI interface (the sandbox is only loaded then). */
  usesWasi: boolean;
}

export type CallTarget =
  | { kind: 'function'; iface: string; fn: string }
  | { kind: 'method'; resource: number; method: string };

export interface CallRequest {
  type: 'call';
  id: number;
  target: CallTarget;
  args: unknown[];
}

export interface DropRequest {
  type: 'drop';
  id: number;
  resource: number;
}

export type ToWorker = LoadRequest | CallRequest | DropRequest;

export type FromWorker =
  | { type: 'loaded'; compileMs: number; bindingsImportMs: number; instantiateMs: number }
  | { type: 'load-failed'; error: FugueErrorData }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; error: FugueErrorData }
  | { type: 'log'; level: string; message: string };
