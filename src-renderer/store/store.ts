/** The one store of the renderer, made of slices (STYLE.md "Renderer"). */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createPluginsSlice, type PluginsSlice } from './plugins-slice.ts';
import { createUiSlice, type UiSlice } from './ui-slice.ts';

export type AppState = PluginsSlice & UiSlice;
export type AppStore = StoreApi<AppState>;

export function createAppStore(): AppStore {
  return createStore<AppState>()((...args) => ({ ...createPluginsSlice(...args), ...createUiSlice(...args) }));
}
