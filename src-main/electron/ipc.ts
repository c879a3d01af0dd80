/**
 * The contract over Electron IPC: one `ipcMain.handle` per operation (its own channel),
 * the native folder picker, and host events pushed to the app's windows. Every call is
 * checked in order — the sender (one of our windows, its main frame, showing an
 * `app://fugue` page), then the shape of the arguments (one plain, bounded value) — and
 * only then reaches the contract handler, which validates the params against the schema.
 * Refusals are `{ok: false, error}` values, never throws across IPC.
 */
import { toDisposable, type Disposable } from '../../src-shared/disposable.ts';
import { IPC_PICK_FOLDER_CHANNEL } from '../../src-shared/contract/electron-bridge.ts';
import { IPC_EVENT_CHANNEL, ipcChannelOf, operationNames, type ContractEvent, type ContractHandlers } from '../../src-shared/contract/registry.ts';
import { toFugueErrorData, type Result } from '../../src-shared/errors.ts';
import { plainDataProblem } from './plain-data.ts';
import { isAppUrl } from './app-protocol.ts';
import type { ContentsLike } from './window.ts';

/** What an `ipcMain.handle` listener is told about its caller. */
export interface IpcInvokeEvent {
  readonly sender: { readonly id: number };
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface ContractIpcOptions {
  ipcMain: IpcMainLike;
  handlers: ContractHandlers;
  /** Where host events come from (`ContractHost.events`). */
  events: { on(listener: (event: ContractEvent) => void): Disposable };
  /** The contents of the app's windows: the only callers answered, and where events go. */
  windows: () => readonly ContentsLike[];
  /** Opens the native folder picker for the window of `contentsId`; undefined when cancelled. */
  pickFolder: (contentsId: number) => Promise<string | undefined>;
}

/** Registers every channel; disposing removes them and stops the events. */
export function registerContractIpc(options: ContractIpcOptions): Disposable {
  const channels: string[] = [];
  const handle = (channel: string, name: string, call: (event: IpcInvokeEvent, args: unknown[]) => Promise<Result<unknown>>) => {
    channels.push(channel);
    options.ipcMain.handle(channel, async (event, ...args) => {
      const refused = senderProblem(event, options.windows());
      if (refused !== undefined) return { ok: false, error: { code: 'denied', message: `${name}: refused: ${refused}` } };
      try {
        return await call(event, args);
      } catch (error) {
        return { ok: false, error: toFugueErrorData(error) };
      }
    });
  };
  for (const name of operationNames) {
    handle(ipcChannelOf(name), name, async (_event, args) => {
      const problem = argumentsProblem(args);
      if (problem !== undefined) return { ok: false, error: { code: 'invalid-argument', message: `${name}: ${problem}` } };
      return options.handlers[name](args[0]);
    });
  }
  handle(IPC_PICK_FOLDER_CHANNEL, 'pickFolder', async (event, args) => {
    if (args.length > 0) return { ok: false, error: { code: 'invalid-argument', message: `pickFolder: takes no arguments, got ${args.length}` } };
    return { ok: true, value: await options.pickFolder(event.sender.id) };
  });
  const forwarding = options.events.on((event) => {
    for (const contents of options.windows()) if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, event);
  });
  return toDisposable(() => {
    forwarding.dispose();
    for (const channel of channels) options.ipcMain.removeHandler(channel);
  });
}

/**
 * Why the caller may not use the contract, or undefined when it may: it must be one of
 * our windows, from its main frame (not an embedded frame), showing a page of the app.
 */
export function senderProblem(event: IpcInvokeEvent, windows: readonly ContentsLike[]): string | undefined {
  if (!windows.some((contents) => !contents.isDestroyed() && contents.id === event.sender.id)) return 'the caller is not a Fugue window';
  const frame = frameOf(event);
  if (frame === null) return 'the calling frame is gone (it navigated away or closed)';
  if (frame.parent !== null) return 'only the main frame of a Fugue window may call Fugue, not an embedded frame';
  if (!isAppUrl(frame.url)) return `the page at "${originOf(frame.url)}" is not Fugue's own (app://fugue)`;
  return undefined;
}

/** Bigger params than any operation needs (settings, paths) are refused before parsing. */
export const MAX_PARAMS_BYTES = 256 * 1024;

/** Why the raw IPC arguments are not one plain, bounded params value, or undefined. */
export function argumentsProblem(args: readonly unknown[]): string | undefined {
  if (args.length > 1) return `takes one argument (its params), got ${args.length}`;
  const params = args[0];
  const shape = plainDataProblem(params, 'params');
  if (shape !== undefined) return shape;
  const size = params === undefined ? 0 : Buffer.byteLength(JSON.stringify(params));
  return size > MAX_PARAMS_BYTES ? `params: too large (${size} bytes; the limit is ${MAX_PARAMS_BYTES})` : undefined;
}

/** The calling frame; Electron throws instead of answering null when the frame was disposed mid-call. */
function frameOf(event: IpcInvokeEvent): IpcInvokeEvent['senderFrame'] {
  try {
    return event.senderFrame;
  } catch {
    return null;
  }
}

function originOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.origin === 'null' ? `${parsed.protocol}//${parsed.host}` : parsed.origin;
  } catch {
    return url;
  }
}
