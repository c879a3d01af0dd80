/**
 * The state of the screen itself: the connection to the host, the error shown in the
 * alert, the install in progress (with its consent request) and a pending uninstall
 * confirmation.
 */
import type { StateCreator } from 'zustand';
import type { ConsentRequestView, InstallStepView } from '../../src-shared/contract/index.ts';
import type { FugueErrorData } from '../../src-shared/errors.ts';

/** The sections of the app (the nav's buttons). */
export type AppView = 'player' | 'plugins';

export type ConnectionState = 'connecting' | 'open' | 'no-token' | 'refused' | 'closed';

/** One install, from picking the file to its last step. */
export interface InstallState {
  fileName: string;
  /** The upload id once the bytes are on the host; progress events name it. */
  source?: string;
  step: 'uploading' | InstallStepView;
  consent?: ConsentRequestView;
  /** Set when the install finished: what to tell the user. */
  result?: string;
}

export interface UiSlice {
  connection: ConnectionState;
  connectionMessage: string | undefined;
  error: string | undefined;
  install: InstallState | undefined;
  /** The plugin whose uninstall waits for confirmation. */
  confirmUninstall: string | undefined;
  /** The section shown: the Player (at start) or the Plugins screen. */
  view: AppView;
  setConnection(state: ConnectionState, message?: string): void;
  showError(error: FugueErrorData | string): void;
  dismissError(): void;
  setInstall(install: InstallState | undefined): void;
  updateInstall(patch: Partial<InstallState>): void;
  /** Applies a `plugins.installProgress` event if it is about the install shown. */
  installProgress(source: string, step: InstallStepView): void;
  askUninstall(pluginId: string | undefined): void;
  showView(view: AppView): void;
}

export const createUiSlice: StateCreator<UiSlice, [], [], UiSlice> = (set) => ({
  connection: 'connecting',
  connectionMessage: undefined,
  error: undefined,
  install: undefined,
  confirmUninstall: undefined,
  view: 'player',
  setConnection: (connection, message) => set({ connection, connectionMessage: message }),
  showError: (error) => set({ error: typeof error === 'string' ? error : errorText(error) }),
  dismissError: () => set({ error: undefined }),
  setInstall: (install) => set({ install }),
  updateInstall: (patch) => set((state) => (state.install === undefined ? {} : { install: { ...state.install, ...patch } })),
  installProgress: (source, step) =>
    set((state) => (state.install?.source === source && state.install.result === undefined ? { install: { ...state.install, step } } : {})),
  askUninstall: (pluginId) => set({ confirmUninstall: pluginId }),
  showView: (view) => set({ view }),
});

/** An error as one sentence for the user, with the plugin it came from. */
export function errorText(error: FugueErrorData): string {
  const from = error.plugin === undefined ? '' : ` (${error.plugin.pluginId})`;
  return `${error.message}${from}`;
}
