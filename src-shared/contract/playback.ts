/**
 * The player half of the contract: the queue, the transport, volume, repeat and shuffle,
 * what is playing (cover art is fetched separately, as a data URL, so status stays small),
 * the effect chain and the output.
 */
import { z } from 'zod';
import { done, fugueErrorSchema, noParams, pluginIdSchema } from './common.ts';

/** A track to play: a file on this machine, or an item of a source plugin. */
export const trackRefSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('file'), path: z.string().min(1) }),
  z.strictObject({ kind: z.literal('source'), pluginId: pluginIdSchema, itemId: z.string().min(1), title: z.string().optional() }),
]);

/** One entry of the queue; `entryId` is stable while the entry stays queued. */
export const queueEntrySchema = z.object({ entryId: z.number(), track: trackRefSchema });

/** `stopped`: nothing plays (at first, after stop, after the queue ran out). */
export const playbackStateSchema = z.enum(['stopped', 'playing', 'paused']);

export const repeatModeSchema = z.enum(['off', 'all', 'one']);

/** The track now playing: its tags, its stream, and the decoder that plays it. */
export const nowPlayingSchema = z.object({
  entryId: z.number(),
  track: trackRefSchema,
  title: z.string().optional(),
  artist: z.string().optional(),
  album: z.string().optional(),
  durationMs: z.number().optional(),
  codec: z.string(),
  sampleRate: z.number(),
  channels: z.number(),
  lossless: z.boolean(),
  seekable: z.boolean(),
  decoder: z.object({ pluginId: z.string(), typeId: z.string() }),
  /** Whether `playback.coverArt` has a picture for it. */
  hasCoverArt: z.boolean(),
});

/** An effect of the chain, by the plugin and ability that provide it. */
export const effectRefSchema = z.strictObject({ pluginId: pluginIdSchema, typeId: z.string().min(1) });

/** Everything the player shows at once. */
export const playerStatusSchema = z.object({
  state: playbackStateSchema,
  positionMs: z.number(),
  volume: z.number(),
  repeat: repeatModeSchema,
  shuffle: z.boolean(),
  queue: z.array(queueEntrySchema),
  nowPlaying: nowPlayingSchema.optional(),
  effects: z.array(effectRefSchema),
  /** The output now in use (see `playback.outputs`). */
  output: z.string(),
});

/** An output the user can pick: the device, a plugin's output sink, or silence. */
export const outputChoiceSchema = z.object({
  /** `default`, `null`, or `plugin:<plugin-id>/<type-id>`. */
  id: z.string(),
  label: z.string(),
});

/** A picture as the renderer can show it without another request. */
export const coverArtSchema = z.object({ mimeType: z.string(), dataUrl: z.string() });

const tracksParam = z.array(trackRefSchema).min(1).max(10_000);

/**
 * Operations of the player: params and result schemas. Transport operations answer with
 * the status once the command was taken; a pause or stop fades out first, so its
 * `player.state` event follows when the output is silent.
 */
export const playbackOperations = {
  'playback.status': { params: noParams, result: playerStatusSchema },
  'playback.setQueue': { params: z.strictObject({ tracks: tracksParam, start: z.int().min(0).optional() }), result: playerStatusSchema },
  'playback.addToQueue': { params: z.strictObject({ tracks: tracksParam }), result: playerStatusSchema },
  'playback.jump': { params: z.strictObject({ entryId: z.int().min(1) }), result: playerStatusSchema },
  'playback.play': { params: noParams, result: playerStatusSchema },
  'playback.pause': { params: noParams, result: playerStatusSchema },
  'playback.stop': { params: noParams, result: playerStatusSchema },
  'playback.next': { params: noParams, result: playerStatusSchema },
  'playback.previous': { params: noParams, result: playerStatusSchema },
  'playback.seek': { params: z.strictObject({ positionMs: z.number().min(0) }), result: playerStatusSchema },
  /** Linear gain 0–1. */
  'playback.setVolume': { params: z.strictObject({ gain: z.number().min(0).max(1) }), result: playerStatusSchema },
  'playback.setRepeat': { params: z.strictObject({ mode: repeatModeSchema }), result: playerStatusSchema },
  'playback.setShuffle': { params: z.strictObject({ on: z.boolean() }), result: playerStatusSchema },
  'playback.coverArt': { params: z.strictObject({ entryId: z.int().min(1) }), result: coverArtSchema.nullable() },
  /** Replaces the effect chain (order is processing order; leave an effect out to bypass it). */
  'playback.setEffects': { params: z.strictObject({ effects: z.array(effectRefSchema).max(32) }), result: playerStatusSchema },
  'playback.outputs': { params: noParams, result: z.object({ current: z.string(), choices: z.array(outputChoiceSchema) }) },
  'playback.setOutput': { params: z.strictObject({ output: z.string().min(1) }), result: done },
} as const;

/** Events of the player (payload schemas). */
export const playbackEvents = {
  'player.state': z.object({ state: playbackStateSchema }),
  'player.trackChanged': nowPlayingSchema,
  'player.position': z.object({ entryId: z.number(), positionMs: z.number(), durationMs: z.number().optional() }),
  'player.trackError': z.object({ entryId: z.number(), track: trackRefSchema, error: fugueErrorSchema }),
  'player.queueEnded': z.object({}),
  'player.levels': z.object({ peak: z.array(z.number()), rms: z.array(z.number()) }),
  'player.underrun': z.object({ count: z.number() }),
  'player.sinkFailed': z.object({ sink: z.string(), message: z.string(), transient: z.boolean() }),
  'player.effect': z.object({ kind: z.enum(['bypassed', 'reset', 'soft-error']), effect: z.string(), message: z.string() }),
} as const;

export type TrackRefParam = z.infer<typeof trackRefSchema>;
export type PlayerStatus = z.infer<typeof playerStatusSchema>;
export type NowPlayingView = z.infer<typeof nowPlayingSchema>;
export type EffectRef = z.infer<typeof effectRefSchema>;
export type CoverArt = z.infer<typeof coverArtSchema>;
export type OutputChoice = z.infer<typeof outputChoiceSchema>;
