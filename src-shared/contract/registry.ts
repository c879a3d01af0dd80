/**
 * The registry of the whole contract: every operation (name → params and result schema)
 * and every event (name → payload schema). The Electron preload, the IPC handlers, the
 * WebSocket server and client are all generated from these two objects, so an operation
 * added here is available in every shell at once.
 */
import { z } from 'zod';
import type { Result } from '../errors.ts';
import { fugueErrorSchema } from './common.ts';
import { libraryOperations, lyricsEvents } from './library.ts';
import { playbackEvents, playbackOperations } from './playback.ts';
import { installStepSchema, pluginOperations, pluginSummarySchema } from './plugins.ts';

/** Every operation between a renderer and the host. */
export const operations = { ...pluginOperations, ...playbackOperations, ...libraryOperations } as const;

/** Events the plugin screen listens to. */
export const pluginEvents = {
  /** A plugin was installed, changed state or was removed (`summary` absent). */
  'plugins.changed': z.object({ pluginId: z.string(), summary: pluginSummarySchema.optional() }),
  /** A step of an install; `source` is the upload id or path the install was asked for. */
  'plugins.installProgress': z.object({ source: z.string(), pluginId: z.string().optional(), step: installStepSchema, error: fugueErrorSchema.optional() }),
  /** A dev folder was reloaded after a change, or the change was refused. */
  'plugins.devReload': z.object({ pluginId: z.string(), outcome: z.enum(['reloaded', 'failed']), version: z.string().optional(), changed: z.array(z.string()), error: fugueErrorSchema.optional() }),
} as const;

/** Every event the host pushes to renderers. */
export const events = { ...pluginEvents, ...playbackEvents, ...lyricsEvents } as const;

export type Operations = typeof operations;
export type OperationName = keyof Operations;
export type EventName = keyof typeof events;

/** What the caller sends for operation `N` (optional fields may be left out). */
export type ParamsOf<N extends OperationName> = z.input<Operations[N]['params']>;
/** What the host answers for operation `N` when it succeeds. */
export type ResultOf<N extends OperationName> = z.output<Operations[N]['result']>;
/** The payload of event `E`. */
export type PayloadOf<E extends EventName> = z.output<(typeof events)[E]>;
/** An event as it is delivered: its name and payload, discriminated by name. */
export type ContractEvent = { [E in EventName]: { event: E; payload: PayloadOf<E> } }[EventName];

/**
 * The host side: one function per operation. Params arrive unchecked (`unknown`); each
 * function validates them and answers with a value or an error, never a throw.
 */
export type ContractHandlers = { [N in OperationName]: (params?: unknown) => Promise<Result<ResultOf<N>>> };

/** The renderer side: one typed function per operation. */
export type ContractClient = { [N in OperationName]: (...params: undefined extends ParamsOf<N> ? [params?: ParamsOf<N>] : [params: ParamsOf<N>]) => Promise<Result<ResultOf<N>>> };

/** Every operation name, in registry order. */
export const operationNames = Object.keys(operations) as OperationName[];

/** Whether `name` is an operation of the contract (a WebSocket message may name anything). */
export function isOperationName(name: unknown): name is OperationName {
  return typeof name === 'string' && Object.hasOwn(operations, name);
}

/**
 * A client with one function per operation over `call`, the transport (IPC invoke, a
 * WebSocket request). The preload and the web client are this with their transport.
 */
export function createContractClient(call: (op: OperationName, params: unknown) => Promise<Result<unknown>>): ContractClient {
  const client: Record<string, (params?: unknown) => Promise<Result<unknown>>> = {};
  for (const name of operationNames) client[name] = (params?: unknown) => call(name, params);
  return client as ContractClient;
}

/** The Electron IPC channel of operation `op` (main: one `ipcMain.handle` each; preload: one function each). */
export function ipcChannelOf(op: OperationName): string {
  return `fugue:op:${op}`;
}

/** The Electron IPC channel events are sent to windows on, as `{event, payload}`. */
export const IPC_EVENT_CHANNEL = 'fugue:event';
