/**
 * What the Plugins screen knows about plugins: the list as the host last reported it, the
 * kind filter, and the details of the selected plugin. The host owns the truth; this slice
 * only mirrors answers and `plugins.changed` events.
 */
import type { StateCreator } from 'zustand';
import type { PluginDetails, PluginEventView, PluginSummary } from '../../src-shared/contract/index.ts';
import type { AbilityKind } from '../../src-shared/manifest/constants.ts';

export type KindFilter = AbilityKind | 'all';

/** The last live reload of a dev-linked plugin, as `plugins.devReload` reported it. */
export interface DevReload {
  /** When the renderer heard of it (ms since the epoch). */
  at: number;
  outcome: 'reloaded' | 'failed';
  version?: string | undefined;
  /** The files whose change caused it, relative to the dev folder. */
  changed: string[];
  /** Why the change was refused, when it was. */
  message?: string | undefined;
}

export interface PluginsSlice {
  plugins: PluginSummary[];
  /** Whether the first `plugins.list` answer arrived (an empty list means none installed). */
  listLoaded: boolean;
  kindFilter: KindFilter;
  selectedId: string | undefined;
  details: PluginDetails | undefined;
  events: PluginEventView[];
  /** By plugin id. */
  devReloads: Record<string, DevReload>;
  setPlugins(list: PluginSummary[]): void;
  /** Applies a `plugins.changed` event: a summary replaces or adds the row; none removes it. */
  applyChanged(pluginId: string, summary: PluginSummary | undefined): void;
  setKindFilter(kind: KindFilter): void;
  select(pluginId: string | undefined): void;
  setDetails(details: PluginDetails, events: PluginEventView[]): void;
  recordDevReload(pluginId: string, reload: DevReload): void;
}

export const createPluginsSlice: StateCreator<PluginsSlice, [], [], PluginsSlice> = (set) => ({
  plugins: [],
  listLoaded: false,
  kindFilter: 'all',
  selectedId: undefined,
  details: undefined,
  events: [],
  devReloads: {},
  setPlugins: (list) => set({ plugins: list, listLoaded: true }),
  applyChanged: (pluginId, summary) =>
    set((state) => {
      // A plugin no longer linked forgets its reloads: a new link starts a new indicator.
      const devReloads = summary?.dev === undefined ? withoutKey(state.devReloads, pluginId) : state.devReloads;
      if (summary === undefined) {
        const removed = state.selectedId === pluginId;
        return {
          plugins: state.plugins.filter((plugin) => plugin.id !== pluginId),
          devReloads,
          ...(removed ? { selectedId: undefined, details: undefined, events: [] } : {}),
        };
      }
      const index = state.plugins.findIndex((plugin) => plugin.id === pluginId);
      const plugins = index < 0 ? [...state.plugins, summary] : state.plugins.map((plugin, i) => (i === index ? summary : plugin));
      // The details pane shows the new status at once; the bridge refetches the rest.
      const details = state.details?.id === pluginId ? { ...state.details, ...summary } : state.details;
      return { plugins, details, devReloads };
    }),
  setKindFilter: (kind) => set({ kindFilter: kind }),
  select: (pluginId) => set((state) => (state.selectedId === pluginId ? {} : { selectedId: pluginId, details: undefined, events: [] })),
  setDetails: (details, events) => set((state) => (state.selectedId === details.id ? { details, events } : {})),
  recordDevReload: (pluginId, reload) => set((state) => ({ devReloads: { ...state.devReloads, [pluginId]: reload } })),
});

function withoutKey<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const { [key]: _dropped, ...rest } = record;
  return rest;
}

/** The rows the list shows under the current filter (select with `useShallow`). */
export function visiblePlugins(state: Pick<PluginsSlice, 'plugins' | 'kindFilter'>): PluginSummary[] {
  if (state.kindFilter === 'all') return state.plugins;
  const kind = state.kindFilter;
  return state.plugins.filter((plugin) => plugin.kinds.includes(kind));
}

/** The name a plugin is shown under: its display name, else its id. */
export function pluginLabel(plugin: Pick<PluginSummary, 'id' | 'name'>): string {
  return plugin.name ?? plugin.id;
}
