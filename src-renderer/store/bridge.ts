/**
 * The one place host events become store changes (STYLE.md "Renderer"). The host owns
 * the truth: a change event replaces the row, and the details of the plugin shown are
 * fetched again so permissions, versions and the event log stay current.
 */
import type { ContractEvent } from '../../src-shared/contract/index.ts';
import type { Disposable } from '../../src-shared/disposable.ts';
import { toDisposable } from '../../src-shared/disposable.ts';
import type { Commands } from './commands.ts';
import type { AppStore } from './store.ts';

/** Where events come from: `ContractSocket.onEvent`, or the Electron preload's equivalent. */
export type EventSource = (listener: (event: ContractEvent) => void) => () => void;

export function startBridge(onEvent: EventSource, store: AppStore, commands: Pick<Commands, 'refreshDetails'>): Disposable {
  const stop = onEvent((message) => applyEvent(message, store, commands));
  return toDisposable(stop);
}

export function applyEvent(message: ContractEvent, store: AppStore, commands: Pick<Commands, 'refreshDetails'>): void {
  const state = store.getState();
  switch (message.event) {
    case 'plugins.changed':
      state.applyChanged(message.payload.pluginId, message.payload.summary);
      if (message.payload.summary !== undefined) void commands.refreshDetails(message.payload.pluginId);
      return;
    case 'plugins.installProgress':
      state.installProgress(message.payload.source, message.payload.step);
      if (message.payload.error !== undefined && state.install?.source === message.payload.source) state.showError(message.payload.error);
      return;
    case 'plugins.devReload':
      void commands.refreshDetails(message.payload.pluginId);
      if (message.payload.error !== undefined) state.showError(message.payload.error);
      return;
    default:
      // Player and library events belong to screens not built yet.
      return;
  }
}
