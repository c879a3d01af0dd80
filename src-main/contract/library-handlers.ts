/**
 * Library and lyrics operations: catalogs of running source plugins (WIT `source`, as jco
 * represents it: variants as `{tag, val}`, u64 as bigint) turned into plain JSON values.
 */
import { FugueError } from '../../src-shared/errors.ts';
import type { CatalogPageView, ResolvedItemView } from '../../src-shared/contract/library.ts';
import type { PluginServices } from '../app/plugin-services.ts';
import type { Playback } from '../app/playback.ts';
import type { LyricsQuery } from '../lyrics/lyrics-service.ts';
import { pictureView } from './pictures.ts';
import type { OperationImpls } from './types.ts';

type LibraryOps = Pick<OperationImpls, 'library.sources' | 'library.browse' | 'library.search' | 'library.resolve' | 'library.artwork' | 'lyrics.find'>;

interface WitItem {
  id: string;
  kind: CatalogPageView['items'][number]['kind'];
  title: string;
  subtitle?: string;
  durationMs?: bigint;
  playable: boolean;
  hasChildren: boolean;
}

interface WitPage {
  items: WitItem[];
  nextCursor?: string;
}

interface WitResolved {
  location: { tag: 'file' | 'url'; val: string };
  metadata: { title?: string; artist?: string; album?: string; durationMs?: bigint };
  extensionHint?: string;
}

export function libraryHandlers(services: PluginServices, playback: () => Playback | undefined): LibraryOps {
  const { host } = services;
  const source = (pluginId: string) => {
    if (!host.abilities('source').some((ability) => ability.pluginId === pluginId)) {
      throw new FugueError({ code: 'not-found', message: `${pluginId} is not a running source plugin; enable it, or pick one of "library.sources"`, plugin: { pluginId } });
    }
    return pluginId;
  };
  return {
    'library.sources': async () => host.abilities('source').map((entry) => ({ pluginId: entry.pluginId, typeId: entry.ability.type_id, displayName: entry.ability.display_name })),
    'library.browse': async ({ pluginId, itemId, cursor }) =>
      pageView((await host.call(source(pluginId), 'source', 'browse', [itemId === undefined ? { tag: 'root' } : { tag: 'item', val: itemId }, cursor])) as WitPage),
    'library.search': async ({ pluginId, query, cursor }) => pageView((await host.call(source(pluginId), 'source', 'search', [query, cursor])) as WitPage),
    'library.resolve': async ({ pluginId, itemId }) => resolvedView((await host.call(source(pluginId), 'source', 'resolve', [itemId])) as WitResolved),
    'library.artwork': async ({ pluginId, itemId }) => pictureView((await host.call(source(pluginId), 'source', 'artwork', [itemId])) as { mimeType: string; data: Uint8Array } | undefined),
    'lyrics.find': async (params) => services.findLyrics(params?.query ?? nowPlayingQuery(playback())),
  };
}

/** The lyrics query for the track now playing; `not-found` when nothing plays. */
export function nowPlayingQuery(playback: Playback | undefined): LyricsQuery {
  const now = playback?.player.nowPlaying;
  const title = now?.metadata.title ?? (now?.entry.track.kind === 'source' ? now.entry.track.title : undefined);
  if (now === undefined || title === undefined) {
    throw new FugueError({ code: 'not-found', message: now === undefined ? 'nothing is playing; give a title to look lyrics up for' : 'the track playing has no title tag; give a title to look lyrics up for' });
  }
  const { metadata, entry } = now;
  return {
    title,
    artist: metadata.artist,
    album: metadata.album,
    durationMs: metadata.durationMs === undefined ? undefined : Number(metadata.durationMs),
    filePath: now.filePath ?? (entry.track.kind === 'file' ? entry.track.path : undefined),
  };
}

function pageView(page: WitPage): CatalogPageView {
  return {
    items: page.items.map((item) => ({
      id: item.id,
      kind: item.kind,
      title: item.title,
      subtitle: item.subtitle,
      durationMs: item.durationMs === undefined ? undefined : Number(item.durationMs),
      playable: item.playable,
      hasChildren: item.hasChildren,
    })),
    nextCursor: page.nextCursor,
  };
}

function resolvedView(resolved: WitResolved): ResolvedItemView {
  const { location, metadata } = resolved;
  return {
    location: location.tag === 'file' ? { kind: 'file', path: location.val } : { kind: 'url', url: location.val },
    title: metadata.title,
    artist: metadata.artist,
    album: metadata.album,
    durationMs: metadata.durationMs === undefined ? undefined : Number(metadata.durationMs),
    extensionHint: resolved.extensionHint,
  };
}
