/**
 * What the library browser shows: the running sources, the one picked, where in its
 * catalog the user is (the trail of containers opened from its root), the page of items
 * loaded there (or the results of a search), and why a source shows nothing.
 */
import type { StateCreator } from 'zustand';
import type { CatalogItemView, CatalogPageView, SourceView } from '../../src-shared/contract/index.ts';

/** A container opened on the way from the root. */
export interface TrailStep {
  itemId: string;
  title: string;
}

/** Why a listing is empty or failed, for the user. */
export interface LibraryProblem {
  message: string;
  /** Whether the source says it has no folders yet (so the browser points at its settings). */
  needsSetup: boolean;
}

export interface LibrarySlice {
  sources: SourceView[];
  sourcesLoaded: boolean;
  sourceId: string | undefined;
  trail: TrailStep[];
  /** The search shown, or undefined when browsing. */
  searchQuery: string | undefined;
  items: CatalogItemView[];
  nextCursor: string | undefined;
  libraryLoading: boolean;
  libraryProblem: LibraryProblem | undefined;
  setSources(sources: SourceView[]): void;
  pickSource(pluginId: string | undefined): void;
  /** Starts a listing: the trail and search it is for; items arrive with {@link showPage}. */
  startListing(trail: TrailStep[], searchQuery: string | undefined): void;
  /** Shows a page; `append` adds it under the items already shown (the next page). */
  showPage(page: CatalogPageView, append: boolean): void;
  listingFailed(problem: LibraryProblem): void;
}

export const createLibrarySlice: StateCreator<LibrarySlice, [], [], LibrarySlice> = (set) => ({
  sources: [],
  sourcesLoaded: false,
  sourceId: undefined,
  trail: [],
  searchQuery: undefined,
  items: [],
  nextCursor: undefined,
  libraryLoading: false,
  libraryProblem: undefined,
  setSources: (sources) =>
    set((state) => {
      const kept = sources.some((source) => source.pluginId === state.sourceId);
      return { sources, sourcesLoaded: true, ...(kept ? {} : emptyListing(sources[0]?.pluginId)) };
    }),
  pickSource: (pluginId) => set(emptyListing(pluginId)),
  startListing: (trail, searchQuery) => set({ trail, searchQuery, items: [], nextCursor: undefined, libraryLoading: true, libraryProblem: undefined }),
  showPage: (page, append) => set((state) => ({ items: append ? [...state.items, ...page.items] : page.items, nextCursor: page.nextCursor, libraryLoading: false })),
  listingFailed: (problem) => set({ items: [], nextCursor: undefined, libraryLoading: false, libraryProblem: problem }),
});

function emptyListing(sourceId: string | undefined): Partial<LibrarySlice> {
  return { sourceId, trail: [], searchQuery: undefined, items: [], nextCursor: undefined, libraryLoading: false, libraryProblem: undefined };
}
