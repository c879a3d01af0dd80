/**
 * The library half of the contract: browsing, searching and resolving the catalogs of
 * running source plugins, and finding lyrics for what plays.
 */
import { z } from 'zod';
import { noParams, pluginIdSchema } from './common.ts';
import { coverArtSchema } from './playback.ts';

/** A running source ability the library browser can open. */
export const sourceViewSchema = z.object({ pluginId: z.string(), typeId: z.string(), displayName: z.string() });

/** One entry of a catalog page (WIT `catalog-item`). */
export const catalogItemSchema = z.object({
  id: z.string(),
  kind: z.enum(['folder', 'artist', 'album', 'track', 'playlist', 'podcast', 'episode']),
  title: z.string(),
  subtitle: z.string().optional(),
  durationMs: z.number().optional(),
  playable: z.boolean(),
  hasChildren: z.boolean(),
});

/** A page of items; pass `nextCursor` back to get the next one. */
export const catalogPageSchema = z.object({ items: z.array(catalogItemSchema), nextCursor: z.string().optional() });

/** What `resolve` turned an item into. */
export const resolvedItemSchema = z.object({
  location: z.discriminatedUnion('kind', [z.object({ kind: z.literal('file'), path: z.string() }), z.object({ kind: z.literal('url'), url: z.string() })]),
  title: z.string().optional(),
  artist: z.string().optional(),
  album: z.string().optional(),
  durationMs: z.number().optional(),
  extensionHint: z.string().optional(),
});

/** A track to find lyrics for. */
export const lyricsQuerySchema = z.strictObject({
  title: z.string().min(1),
  artist: z.string().optional(),
  album: z.string().optional(),
  durationMs: z.number().min(0).optional(),
});

/** Lyrics found, and every provider that was asked. */
export const lyricsLookupSchema = z.object({
  found: z
    .object({
      body: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('synced'), lines: z.array(z.object({ startMs: z.number(), text: z.string() })) }),
        z.object({ kind: z.literal('plain'), text: z.string() }),
        z.object({ kind: z.literal('instrumental') }),
      ]),
      provider: z.string(),
      language: z.string().optional(),
      pluginId: z.string(),
      typeId: z.string(),
    })
    .optional(),
  tried: z.array(z.object({ pluginId: z.string(), typeId: z.string(), outcome: z.enum(['synced', 'plain', 'instrumental', 'none', 'failed', 'timed-out']), message: z.string().optional() })),
});

const cursor = z.string().optional();

/** Operations of the library and lyrics views. */
export const libraryOperations = {
  'library.sources': { params: noParams, result: z.array(sourceViewSchema) },
  'library.browse': { params: z.strictObject({ pluginId: pluginIdSchema, itemId: z.string().min(1).optional(), cursor }), result: catalogPageSchema },
  'library.search': { params: z.strictObject({ pluginId: pluginIdSchema, query: z.string().trim().min(1), cursor }), result: catalogPageSchema },
  'library.resolve': { params: z.strictObject({ pluginId: pluginIdSchema, itemId: z.string().min(1) }), result: resolvedItemSchema },
  /** An item's artwork as a data URL, or null when it has none. */
  'library.artwork': { params: z.strictObject({ pluginId: pluginIdSchema, itemId: z.string().min(1) }), result: coverArtSchema.nullable() },
  /** Lyrics for `query`, or for the track now playing when no query is given. */
  'lyrics.find': { params: z.strictObject({ query: lyricsQuerySchema.optional() }).optional(), result: lyricsLookupSchema },
} as const;

/** Events of the lyrics view. */
export const lyricsEvents = {
  /** The synced line now sung changed (`index` -1: before the first line). */
  'lyrics.line': z.object({ entryId: z.number(), index: z.number(), startMs: z.number().optional(), text: z.string().optional() }),
  /** Lyrics of the track now playing were looked up (found or not). */
  'lyrics.loaded': z.object({ entryId: z.number(), lookup: lyricsLookupSchema }),
} as const;

export type SourceView = z.infer<typeof sourceViewSchema>;
export type CatalogItemView = z.infer<typeof catalogItemSchema>;
export type CatalogPageView = z.infer<typeof catalogPageSchema>;
export type ResolvedItemView = z.infer<typeof resolvedItemSchema>;
export type LyricsLookupView = z.infer<typeof lyricsLookupSchema>;
