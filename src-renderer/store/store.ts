/** The one store of the renderer, made of slices (STYLE.md "Renderer"). */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createLibrarySlice, type LibrarySlice } from './library-slice.ts';
import { createPlaybackSlice, type PlaybackSlice } from './playback-slice.ts';
import { createEffectsSlice, type EffectsSlice } from './effects-slice.ts';
import { createPluginsSlice, type PluginsSlice } from './plugins-slice.ts';
import { createProblemsSlice, type ProblemsSlice } from './problems-slice.ts';
import { createUiSlice, type UiSlice } from './ui-slice.ts';

export type AppState = PluginsSlice & UiSlice & PlaybackSlice & LibrarySlice & EffectsSlice & ProblemsSlice;
export type AppStore = StoreApi<AppState>;

export function createAppStore(): AppStore {
  return createStore<AppState>()((...args) => ({ ...createPluginsSlice(...args), ...createUiSlice(...args), ...createPlaybackSlice(...args), ...createLibrarySlice(...args), ...createEffectsSlice(...args), ...createProblemsSlice(...args) }));
}
