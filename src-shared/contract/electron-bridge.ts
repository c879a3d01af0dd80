/**
 * What the Electron preload puts on `window.fugue`: one function per contract operation
 * (the same `ContractClient` the web shell's socket gives), plus the few things only the
 * desktop shell can do. The preload builds it and the renderer uses it; neither ever sees
 * `ipcRenderer`.
 */
import type { Result } from '../errors.ts';
import type { ContractClient, ContractEvent } from './registry.ts';

/** The global the preload exposes the bridge as (`window.fugue`). */
export const ELECTRON_BRIDGE_GLOBAL = 'fugue';

/** The IPC channel of the native folder picker (dev "Load folder…"). */
export const IPC_PICK_FOLDER_CHANNEL = 'fugue:pick-folder';

/** A `File` as this pure layer can name it (the DOM's `File` in the renderer). */
export interface FileLike {
  readonly name: string;
  readonly size: number;
}

/** `window.fugue` in the Electron renderer. */
export type ElectronBridge = ContractClient & {
  /** Calls `listener` with every host event; answers the function that stops it. */
  onEvent(listener: (event: ContractEvent) => void): () => void;
  /** The path on disk of a dropped or picked file, or undefined when it has none (made in the page). */
  pathForFile(file: FileLike): string | undefined;
  /** Opens the native folder picker; the folder, or undefined when the user cancelled. */
  pickFolder(): Promise<Result<string | undefined>>;
};
