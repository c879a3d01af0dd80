/**
 * The one place host events become store changes (STYLE.md "Renderer"). The host owns
 * the truth: a change event replaces the row, and the details of the plugin shown are
 * fetched again so permissions, versions and the event log stay current.
 */
import type { ContractEvent } from '../../src-shared/contract/index.ts';
import type { Disposable } from '../../src-shared/disposable.ts';
import { toDisposable } from '../../src-shared/disposable.ts';
import type { Commands } from './commands.ts';
import { effectProblem, outputProblem, trackProblem } from './problems-slice.ts';
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
      state.notePluginStatus(message.payload.pluginId, message.payload.summary);
      if (message.payload.summary !== undefined) void commands.refreshDetails(message.payload.pluginId);
      return;
    case 'plugins.installProgress':
      state.installProgress(message.payload.source, message.payload.step);
      if (message.payload.error !== undefined && state.install?.source === message.payload.source) state.showError(message.payload.error);
      return;
    case 'plugins.devReload': {
      const { pluginId, outcome, version, changed, error } = message.payload;
      state.recordDevReload(pluginId, { at: Date.now(), outcome, version, changed, message: error?.message });
      void commands.refreshDetails(pluginId);
      // The details of the plugin shown say it beside the dev folder; otherwise the screen's alert does.
      if (error !== undefined && state.selectedId !== pluginId) state.showError(error);
      return;
    }
    case 'player.state':
    case 'player.trackChanged':
    case 'player.position':
    case 'player.queueEnded':
    case 'player.levels':
    case 'lyrics.loaded':
    case 'lyrics.line':
      return applyPlayerEvent(message, store);
    case 'player.effect': {
      const problem = effectProblem(message.payload);
      if (problem !== undefined) state.reportProblem(problem);
      if (message.payload.kind === 'bypassed') state.markEffectStopped(message.payload.effect, message.payload.message);
      return;
    }
    case 'player.trackError':
      state.reportProblem(trackProblem(message.payload));
      return;
    case 'player.sinkFailed':
      state.reportProblem(outputProblem(message.payload));
      return;
    default:
      // `player.underrun`: a dropout is audible already; the screen has nothing to add to it.
      return;
  }
}

type PlayerEvent = Extract<ContractEvent, { event: 'player.state' | 'player.trackChanged' | 'player.position' | 'player.queueEnded' | 'player.levels' | 'lyrics.loaded' | 'lyrics.line' }>;

/** The Player screen's events: what plays, where, how loud, and the lyric line sung. */
function applyPlayerEvent(message: PlayerEvent, store: AppStore): void {
  const state = store.getState();
  switch (message.event) {
    case 'player.state':
      return state.setPlayState(message.payload.state);
    case 'player.trackChanged':
      return state.trackChanged(message.payload);
    case 'player.position':
      return state.setPosition(message.payload.entryId, message.payload.positionMs, message.payload.durationMs);
    case 'player.queueEnded':
      return state.queueEnded();
    case 'player.levels':
      return state.setLevels(message.payload.peak, message.payload.rms, performance.now());
    case 'lyrics.loaded':
      return state.lyricsLoaded(message.payload.entryId, message.payload.lookup);
    case 'lyrics.line':
      return state.setLyricLine(message.payload.entryId, message.payload.index);
  }
}
