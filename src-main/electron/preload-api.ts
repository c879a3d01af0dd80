/**
 * The object the preload exposes as `window.fugue`, built from the contract registry: one
 * function per operation, each invoking that operation's own IPC channel with exactly one
 * argument, plus `onEvent`, `pathForFile` and `pickFolder`. Nothing of `ipcRenderer`
 * leaks: listeners get the event payload, never the IPC event (whose `sender` is
 * `ipcRenderer` itself).
 */
import type { ElectronBridge, FileLike } from '../../src-shared/contract/electron-bridge.ts';
import { IPC_PICK_FOLDER_CHANNEL } from '../../src-shared/contract/electron-bridge.ts';
import { createContractClient, IPC_EVENT_CHANNEL, ipcChannelOf, type ContractEvent } from '../../src-shared/contract/registry.ts';
import type { Result } from '../../src-shared/errors.ts';

/** The parts of the preload's `electron` module the bridge uses (tests pass recording fakes). */
export interface PreloadElectron {
  ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
    on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
    removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  };
  webUtils: { getPathForFile(file: File): string };
}

export function createBridge({ ipcRenderer, webUtils }: PreloadElectron): ElectronBridge {
  const invoke = async (channel: string, args: unknown[]): Promise<Result<never>> => {
    try {
      return (await ipcRenderer.invoke(channel, ...args)) as Result<never>;
    } catch (error) {
      // Main answers with values; a rejection means the channel is missing or the app is closing.
      return { ok: false, error: { code: 'internal', message: `Fugue did not answer ${channel}: ${(error as Error).message}` } };
    }
  };
  const client = createContractClient((op, params) => invoke(ipcChannelOf(op), params === undefined ? [] : [params]));
  return {
    ...client,
    onEvent(listener: (event: ContractEvent) => void): () => void {
      const forward = (_event: unknown, message: unknown) => listener(message as ContractEvent);
      ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
      return () => void ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
    },
    pathForFile(file: FileLike): string | undefined {
      try {
        // contextBridge hands real DOM `File`s through; anything else makes Electron throw.
        const path = webUtils.getPathForFile(file as File);
        return path === '' ? undefined : path;
      } catch {
        return undefined;
      }
    },
    pickFolder: () => invoke(IPC_PICK_FOLDER_CHANNEL, []),
  };
}
