/**
 * What the user can ask of the host from the Player screen: transport, volume, repeat,
 * shuffle, the output, the queue, and the library browser. Each command calls the
 * contract and applies the answer (the player's status, a catalog page) to the store, or
 * shows its error in the alert; what follows later (`player.state` after a fade, the
 * position) arrives through the bridge.
 */
import type { CatalogItemView, CatalogPageView, ContractClient, PlayerStatus, TrackRefParam } from '../../src-shared/contract/index.ts';
import type { FugueErrorData, Result } from '../../src-shared/errors.ts';
import type { TrailStep } from './library-slice.ts';
import type { AppStore } from './store.ts';

type Transport = 'playback.play' | 'playback.pause' | 'playback.stop' | 'playback.next' | 'playback.previous';

export type PlayerCommands = ReturnType<typeof createPlayerCommands>;

export function createPlayerCommands(host: { contract: ContractClient }, store: AppStore) {
  const state = () => store.getState();
  const valueOf = <T>(result: Result<T>): T | undefined => {
    if (result.ok) return result.value;
    state().showError(result.error);
    return undefined;
  };
  const applyStatus = (result: Result<PlayerStatus>): void => {
    const status = valueOf(result);
    if (status !== undefined) state().applyStatus(status);
  };
  const transport = async (op: Transport): Promise<void> => applyStatus(await host.contract[op]());
  const library = createLibraryCommands(host, store, valueOf, applyStatus);

  return {
    ...library,
    /** Loads what the Player shows of playback: status, outputs, and the lyrics of what plays (the library loads its sources itself). */
    async refreshPlayer(): Promise<void> {
      const [status, outputs] = await Promise.all([host.contract['playback.status'](), host.contract['playback.outputs']()]);
      applyStatus(status);
      const choices = valueOf(outputs);
      if (choices !== undefined) state().setOutputs(choices.current, choices.choices);
      const entryId = state().nowPlaying?.entryId;
      if (entryId !== undefined) {
        const lyrics = await host.contract['lyrics.find']();
        if (lyrics.ok) state().lyricsLoaded(entryId, lyrics.value);
      }
    },
    /** Play when paused or stopped, pause while playing. */
    togglePlay: () => transport(state().playState === 'playing' ? 'playback.pause' : 'playback.play'),
    stop: () => transport('playback.stop'),
    next: () => transport('playback.next'),
    previous: () => transport('playback.previous'),
    async seek(positionMs: number): Promise<void> {
      applyStatus(await host.contract['playback.seek']({ positionMs: Math.max(0, Math.round(positionMs)) }));
    },
    async setVolume(gain: number): Promise<void> {
      applyStatus(await host.contract['playback.setVolume']({ gain: Math.min(1, Math.max(0, gain)) }));
    },
    async setRepeat(mode: PlayerStatus['repeat']): Promise<void> {
      applyStatus(await host.contract['playback.setRepeat']({ mode }));
    },
    async setShuffle(on: boolean): Promise<void> {
      applyStatus(await host.contract['playback.setShuffle']({ on }));
    },
    async jump(entryId: number): Promise<void> {
      applyStatus(await host.contract['playback.jump']({ entryId }));
    },
    async setOutput(output: string): Promise<void> {
      if (valueOf(await host.contract['playback.setOutput']({ output })) === undefined) return;
      const outputs = valueOf(await host.contract['playback.outputs']());
      if (outputs !== undefined) state().setOutputs(outputs.current, outputs.choices);
    },
    /** Fetches the cover of `entryId` unless it is the one shown already. */
    async loadCoverArt(entryId: number): Promise<void> {
      if (state().coverArt?.entryId === entryId) return;
      const picture = await host.contract['playback.coverArt']({ entryId });
      if (state().nowPlaying?.entryId === entryId) state().setCoverArt(entryId, picture.ok ? picture.value?.dataUrl : undefined);
    },
  };
}

function createLibraryCommands(
  host: { contract: ContractClient },
  store: AppStore,
  valueOf: <T>(result: Result<T>) => T | undefined,
  applyStatus: (result: Result<PlayerStatus>) => void,
) {
  const state = () => store.getState();
  // Answers can come back out of order when the user clicks on; only the last listing asked for is shown.
  let listing = 0;
  const list = async (trail: TrailStep[], searchQuery: string | undefined, cursor?: string): Promise<void> => {
    const sourceId = state().sourceId;
    if (sourceId === undefined) return;
    const ticket = cursor === undefined ? ++listing : listing;
    if (cursor === undefined) state().startListing(trail, searchQuery);
    const itemId = trail.at(-1)?.itemId;
    const result: Result<CatalogPageView> =
      searchQuery === undefined
        ? await host.contract['library.browse']({ pluginId: sourceId, ...(itemId === undefined ? {} : { itemId }), ...(cursor === undefined ? {} : { cursor }) })
        : await host.contract['library.search']({ pluginId: sourceId, query: searchQuery, ...(cursor === undefined ? {} : { cursor }) });
    if (ticket !== listing || state().sourceId !== sourceId) return;
    if (result.ok) return state().showPage(result.value, cursor !== undefined);
    state().listingFailed({ message: result.error.message, needsSetup: needsSetup(result.error, trail, searchQuery) });
  };
  /** A catalog item as the queue takes it: the host resolves it when it plays, within the source's granted folders. */
  const trackOf = (sourceId: string, item: Pick<CatalogItemView, 'id' | 'title'>): TrackRefParam => ({ kind: 'source', pluginId: sourceId, itemId: item.id, title: item.title });

  return {
    /** Loads the running sources, and lists the root of the one picked when it changed or shows nothing. */
    async refreshSources(): Promise<void> {
      const sources = valueOf(await host.contract['library.sources']());
      if (sources === undefined) return;
      const before = state().sourceId;
      state().setSources(sources);
      const { sourceId, items, libraryLoading } = state();
      if (sourceId !== before || (items.length === 0 && !libraryLoading)) await list([], undefined);
    },
    async pickSource(pluginId: string): Promise<void> {
      state().pickSource(pluginId);
      await list([], undefined);
    },
    /** Opens a container of the listing shown. */
    openItem: (item: CatalogItemView) => list([...state().trail, { itemId: item.id, title: item.title }], undefined),
    /** Goes back to step `depth` of the trail (0: the source's root). */
    openTrail: (depth: number) => list(state().trail.slice(0, depth), undefined),
    /** Searches the source; an empty query goes back to browsing its root. */
    search: (query: string) => list([], query.trim() === '' ? undefined : query.trim()),
    async loadMore(): Promise<void> {
      const cursor = state().nextCursor;
      if (cursor !== undefined) await list(state().trail, state().searchQuery, cursor);
    },
    /** Replaces the queue with the playable items of the listing shown and plays from `item` (as a music player does with an album). */
    async playItem(item: CatalogItemView): Promise<void> {
      const { sourceId, items } = state();
      if (sourceId === undefined) return;
      const playable = items.filter((entry) => entry.playable);
      const start = Math.max(0, playable.findIndex((entry) => entry.id === item.id));
      const tracks = playable.length === 0 ? [trackOf(sourceId, item)] : playable.map((entry) => trackOf(sourceId, entry));
      applyStatus(await host.contract['playback.setQueue']({ tracks, start }));
    },
    async queueItem(item: CatalogItemView): Promise<void> {
      const sourceId = state().sourceId;
      if (sourceId !== undefined) applyStatus(await host.contract['playback.addToQueue']({ tracks: [trackOf(sourceId, item)] }));
    },
  };
}

/** A root listing the source refused as `not-found` (its plugin's error code): it has nothing to show until it is set up. */
function needsSetup(error: FugueErrorData, trail: TrailStep[], searchQuery: string | undefined): boolean {
  const notFound = error.code === 'not-found' || error.pluginCode === 'not-found';
  return notFound && trail.length === 0 && searchQuery === undefined;
}
