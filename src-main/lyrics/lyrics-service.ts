/**
 * The host's lyrics lookup: asks the running lyrics providers one after another (local
 * files first, then the web, or the user's order), opening the track's folder to each
 * provider for its call only, and returns the first synced answer, else the first plain
 * one. A provider that fails or does not answer in time is skipped, and every attempt is
 * reported, so the UI can say why nothing was found.
 */
import { dirname, isAbsolute } from 'node:path';
import { z } from 'zod';
import { FugueError } from '../../src-shared/errors.ts';
import type { PluginHost, RunningAbility } from '../plugins/plugin-host.ts';

/** What the player knows about the track whose lyrics it wants. */
export interface LyricsQuery {
  title: string;
  artist?: string | undefined;
  album?: string | undefined;
  durationMs?: number | undefined;
  /** The track's absolute path when it is a local file: its folder is opened to providers for the lookup. */
  filePath?: string | undefined;
}

export interface LyricLine {
  startMs: number;
  text: string;
}

export type LyricsBody = { kind: 'synced'; lines: LyricLine[] } | { kind: 'plain'; text: string } | { kind: 'instrumental' };

/** Lyrics found, and who found them. */
export interface FoundLyrics {
  body: LyricsBody;
  /** What the provider says the lyrics came from (e.g. "LRCLIB" or a file name). */
  provider: string;
  language: string | undefined;
  pluginId: string;
  typeId: string;
}

/** How one provider answered. */
export interface ProviderAttempt {
  pluginId: string;
  typeId: string;
  outcome: 'synced' | 'plain' | 'instrumental' | 'none' | 'failed' | 'timed-out';
  /** Why it failed or timed out. */
  message?: string;
}

export interface LyricsLookup {
  found: FoundLyrics | undefined;
  /** Every provider asked, in the order asked. */
  tried: ProviderAttempt[];
}

/** Stands for every provider not named in an order. */
export const OTHER_PROVIDERS = '*';

/** Local files first, then any other provider, then the web service. */
export const DEFAULT_LYRICS_ORDER: readonly string[] = ['org.fugue.lrc-files', OTHER_PROVIDERS, 'org.fugue.lrclib'];

export interface FindLyricsOptions {
  /** Plugin ids in the order to ask them; `*` places the unnamed ones (default {@link DEFAULT_LYRICS_ORDER}). */
  order?: readonly string[];
  /** How long to wait for one provider before moving on (its call keeps its own deadline). */
  providerTimeoutMs?: number;
  /**
   * Which providers may read the track's folder during their call (default: all; a host
   * may keep it from providers that can also reach the network).
   */
  mayReadTrackFolder?(provider: RunningAbility): boolean;
}

export const DEFAULT_PROVIDER_TIMEOUT_MS = 6000;

/** The part of the plugin host a lookup uses. */
export type LyricsHost = Pick<PluginHost, 'abilities' | 'call'>;

const lineSchema = z.object({ startMs: z.bigint().or(z.number()), text: z.string() });
const answerSchema = z
  .object({
    body: z.discriminatedUnion('tag', [
      z.object({ tag: z.literal('synced'), val: z.array(lineSchema) }),
      z.object({ tag: z.literal('plain'), val: z.string() }),
      z.object({ tag: z.literal('instrumental') }),
    ]),
    provider: z.string(),
    language: z.string().optional().nullable(),
  })
  .optional()
  .nullable();

/** Asks the running lyrics providers for `query`; see the module comment for the rules. */
export async function findLyrics(host: LyricsHost, query: LyricsQuery, options: FindLyricsOptions = {}): Promise<LyricsLookup> {
  const tried: ProviderAttempt[] = [];
  let fallback: FoundLyrics | undefined;
  for (const provider of orderProviders(host.abilities('lyrics'), options.order ?? DEFAULT_LYRICS_ORDER)) {
    const roots = query.filePath !== undefined && isAbsolute(query.filePath) && options.mayReadTrackFolder?.(provider) !== false ? [dirname(query.filePath)] : [];
    const attempt = await ask(host, provider, query, roots, options.providerTimeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS);
    tried.push(attempt.report);
    if (attempt.found?.body.kind === 'synced') return { found: attempt.found, tried };
    fallback ??= attempt.found;
  }
  return { found: fallback, tried };
}

/** One ability per plugin component (a component answers `find` once, whatever its abilities), in the requested order. */
export function orderProviders(abilities: readonly RunningAbility[], order: readonly string[]): RunningAbility[] {
  const unique = abilities.filter((ability, index) => abilities.findIndex((other) => other.pluginId === ability.pluginId && other.componentId === ability.componentId) === index);
  const rest = order.includes(OTHER_PROVIDERS) ? order.indexOf(OTHER_PROVIDERS) : order.length;
  const rank = (pluginId: string): number => (order.includes(pluginId) ? order.indexOf(pluginId) : rest);
  return unique.map((ability, index) => ({ ability, index })).sort((a, b) => rank(a.ability.pluginId) - rank(b.ability.pluginId) || a.index - b.index).map((entry) => entry.ability);
}

const TIMED_OUT = Symbol('timed-out');

async function ask(host: LyricsHost, provider: RunningAbility, query: LyricsQuery, roots: string[], timeoutMs: number): Promise<{ found?: FoundLyrics; report: ProviderAttempt }> {
  const who = { pluginId: provider.pluginId, typeId: provider.ability.type_id };
  const call = host.call(provider.pluginId, 'lyrics', 'find', [toWitQuery(query)], { component: provider.componentId, fileRoots: roots });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs)));
  try {
    const answer = await Promise.race([call, late]);
    if (answer === TIMED_OUT) {
      // The call goes on under its own deadline; its outcome no longer matters here.
      call.catch(() => {});
      return { report: { ...who, outcome: 'timed-out', message: `${provider.pluginId} did not answer within ${timeoutMs} ms, so it was skipped` } };
    }
    const found = toFound(answer, who);
    return { ...(found === undefined ? {} : { found }), report: { ...who, outcome: found?.body.kind ?? 'none' } };
  } catch (error) {
    return { report: { ...who, outcome: 'failed', message: error instanceof Error ? error.message : String(error) } };
  } finally {
    clearTimeout(timer);
  }
}

function toWitQuery(query: LyricsQuery): Record<string, unknown> {
  return {
    title: query.title,
    artist: query.artist,
    album: query.album,
    durationMs: query.durationMs === undefined ? undefined : BigInt(Math.max(0, Math.round(query.durationMs))),
    filePath: query.filePath,
  };
}

function toFound(answer: unknown, who: { pluginId: string; typeId: string }): FoundLyrics | undefined {
  const parsed = answerSchema.safeParse(answer);
  if (!parsed.success) throw new FugueError({ code: 'internal', message: `${who.pluginId} answered a lyrics lookup in an unexpected shape: ${parsed.error.message}`, plugin: { pluginId: who.pluginId } });
  const value = parsed.data;
  // An empty synced list is no lyrics at all, not a reason to stop asking.
  if (value === undefined || value === null || (value.body.tag === 'synced' && value.body.val.length === 0)) return undefined;
  const language = value.language ?? undefined;
  return { body: toBody(value.body), provider: value.provider, language, ...who };
}

function toBody(body: NonNullable<z.infer<typeof answerSchema>>['body']): LyricsBody {
  switch (body.tag) {
    case 'synced': {
      // Sorted (stably) whatever the provider did: the synced view binary-searches them.
      const lines = body.val.map((line) => ({ startMs: Number(line.startMs), text: line.text }));
      return { kind: 'synced', lines: lines.sort((a, b) => a.startMs - b.startMs) };
    }
    case 'plain':
      return { kind: 'plain', text: body.val };
    case 'instrumental':
      return { kind: 'instrumental' };
  }
}
