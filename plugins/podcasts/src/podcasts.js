// Podcasts (org.fugue.podcasts): the RSS 2.0 / Atom feeds in the `feeds` setting, fetched
// over http-client, listed as podcasts → episodes (newest first), searched by episode
// title, resolved to the enclosure URL for streaming, with the feed's image as artwork.
import { write as log } from 'fugue:plugin/log@0.1.0';
import { fetch } from 'fugue:plugin/http-client@0.1.0';
import { parseFeed } from './feed.js';
import { forgetFeedsExcept, savedFeed, saveFeed } from './store.js';
import { decodeBody } from './text.js';

const TYPE_ID = 'podcasts';
const PAGE_SIZE = 100;
const TIMEOUT_MS = 20_000;
const EXTENSIONS = {
  'audio/mpeg': 'mp3', 'audio/mp3': 'mp3', 'audio/mp4': 'm4a', 'audio/x-m4a': 'm4a', 'audio/m4a': 'm4a', 'audio/aac': 'aac', 'audio/aacp': 'aac',
  'audio/ogg': 'ogg', 'audio/vorbis': 'ogg', 'audio/opus': 'opus', 'audio/flac': 'flac', 'audio/x-flac': 'flac',
  'audio/wav': 'wav', 'audio/x-wav': 'wav', 'audio/wave': 'wav', 'video/mp4': 'mp4', 'audio/webm': 'webm',
};

const state = { feeds: [], refreshMinutes: 60, cache: new Map() };
const fail = (code, message) => ({ code, message });

export const lifecycle = { onEnable() {}, onDisable() {} };

export const settings = {
  apply(typeId, values) {
    if (typeId !== TYPE_ID) throw fail('not-found', `this plugin has no ability "${typeId}" (it has "${TYPE_ID}")`);
    for (const { key, value } of values) {
      if (key === 'feeds' && value.tag === 'text-list') state.feeds = checkFeeds(value.val);
      if (key === 'refresh_minutes' && value.tag === 'integer') state.refreshMinutes = Number(value.val);
    }
    for (const url of state.cache.keys()) if (!state.feeds.includes(url)) state.cache.delete(url);
    forgetFeedsExcept(state.feeds);
    return 'applied';
  },
};

function checkFeeds(list) {
  const feeds = [...new Set(list.map((url) => url.trim()).filter((url) => url !== ''))];
  const bad = feeds.find((url) => !/^https?:\/\/[^/\s]+/i.test(url));
  if (bad !== undefined) throw fail('invalid-argument', `"${bad}" is not an http(s) feed address; paste the podcast's RSS or Atom link`);
  return feeds;
}

const httpReason = (error) => {
  const payload = error?.payload ?? error;
  if (payload?.tag === 'denied') return { code: 'denied', text: `Fugue is not allowed to contact ${payload.val}; allow that host for this plugin` };
  if (payload?.tag === 'timeout') return { code: 'network', text: 'the server did not answer in time' };
  if (payload?.tag === 'too-large') return { code: 'network', text: `the response is larger than the ${payload.val}-byte limit` };
  return { code: 'network', text: payload?.val ?? payload?.message ?? String(payload) };
};

/** GETs `url`; returns the response or throws a plugin-error naming `what`. */
function get(url, what) {
  let response;
  try {
    response = fetch({ method: 'get', url, headers: [{ name: 'accept', value: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5' }], body: undefined, timeoutMs: TIMEOUT_MS });
  } catch (error) {
    const reason = httpReason(error);
    throw fail(reason.code, `${what} ${url} could not be fetched: ${reason.text}`);
  }
  if (response.status < 200 || response.status > 299) throw fail('network', `${what} ${url} answered HTTP ${response.status}; check the address`);
  return response;
}

function fetchFeed(url) {
  const response = get(url, 'the feed at');
  try {
    return parseFeed(decodeBody(response.body));
  } catch (error) {
    throw fail('corrupt-data', `the feed at ${url} is not a valid RSS or Atom feed: ${error.message ?? String(error)}`);
  }
}

/** The feed, fetched when absent (or older than the refresh interval when `refresh`). */
function feed(url, refresh) {
  const cached = state.cache.get(url);
  const fresh = cached !== undefined && !(refresh && state.refreshMinutes > 0 && Date.now() - cached.at > state.refreshMinutes * 60_000);
  if (fresh && cached.error === undefined) return cached.feed;
  if (fresh && !refresh) throw cached.error;
  try {
    const parsed = fetchFeed(url);
    parsed.episodes.sort((a, b) => (b.publishedMs ?? -Infinity) - (a.publishedMs ?? -Infinity));
    state.cache.set(url, { at: Date.now(), feed: parsed });
    saveFeed(url, parsed);
    return parsed;
  } catch (error) {
    log('warn', error.message ?? String(error));
    // Unreachable is not broken: the saved copy stands in. A feed that now parses badly is reported.
    const saved = error.code === 'network' || error.code === 'denied' ? savedFeed(url) : undefined;
    state.cache.set(url, saved === undefined ? { at: Date.now(), error } : { at: Date.now(), feed: saved.feed });
    if (saved === undefined) throw error;
    log('info', `showing the copy of ${url} saved ${new Date(saved.savedAt).toISOString()}`);
    return saved.feed;
  }
}

const podcastId = (url) => `podcast:${url}`;
const episodeId = (url, episode) => `episode:${url}#${encodeURIComponent(episode.key)}`;

function parseEpisodeId(id) {
  const hash = id.lastIndexOf('#');
  if (!id.startsWith('episode:') || hash < 0) return undefined;
  return { url: id.slice('episode:'.length, hash), key: decodeURIComponent(id.slice(hash + 1)) };
}

function knownFeed(url, id) {
  if (!state.feeds.includes(url)) throw fail('not-found', `"${id}" is not in a podcast you follow; it may have been removed from the feeds`);
  return feed(url, false);
}

function findEpisode(id) {
  const parsed = parseEpisodeId(id);
  if (parsed === undefined) throw fail('not-found', `"${id}" is not an episode`);
  const podcast = knownFeed(parsed.url, id);
  const episode = podcast.episodes.find((entry) => entry.key === parsed.key);
  if (episode === undefined) throw fail('not-found', `the episode "${id}" is no longer in ${podcast.title}'s feed`);
  return { podcast, episode };
}

function podcastItem(url) {
  try {
    const podcast = feed(url, true);
    const count = podcast.episodes.length;
    return { id: podcastId(url), kind: 'podcast', title: podcast.title, subtitle: podcast.author ?? `${count} episode${count === 1 ? '' : 's'}`, durationMs: undefined, playable: false, hasChildren: true };
  } catch (error) {
    return { id: podcastId(url), kind: 'podcast', title: url, subtitle: `Could not load: ${error.message ?? String(error)}`, durationMs: undefined, playable: false, hasChildren: true };
  }
}

function episodeItem(url, podcast, episode) {
  const date = episode.publishedMs === undefined ? undefined : new Date(episode.publishedMs).toISOString().slice(0, 10);
  const subtitle = date === undefined ? podcast.title : `${podcast.title} · ${date}`;
  return { id: episodeId(url, episode), kind: 'episode', title: episode.title, subtitle, durationMs: episode.durationMs, playable: true, hasChildren: false };
}

function page(items, cursor) {
  let start = 0;
  if (cursor !== undefined && cursor !== null) {
    if (!/^\d+$/.test(cursor) || Number(cursor) > items.length) throw fail('invalid-argument', `cursor "${cursor}" is not one this source gave out; browse again from the start`);
    start = Number(cursor);
  }
  const end = start + PAGE_SIZE;
  return { items: items.slice(start, end), nextCursor: end < items.length ? String(end) : undefined };
}

function extensionHint(episode) {
  const byType = EXTENSIONS[(episode.type ?? '').split(';')[0].trim().toLowerCase()];
  if (byType !== undefined) return byType;
  const path = episode.url.split(/[?#]/)[0];
  const match = /\.([A-Za-z0-9]{1,5})$/.exec(path);
  return match ? match[1].toLowerCase() : undefined;
}

export const source = {
  browse(target, cursor) {
    if (target.tag === 'root') {
      if (state.feeds.length === 0) throw fail('not-found', 'no podcasts are followed yet; add feed addresses in the podcast settings');
      return page(state.feeds.map(podcastItem), cursor);
    }
    if (!target.val.startsWith('podcast:')) throw fail('not-found', `"${target.val}" has nothing inside it`);
    const url = target.val.slice('podcast:'.length);
    const podcast = knownFeed(url, target.val);
    return page(podcast.episodes.map((episode) => episodeItem(url, podcast, episode)), cursor);
  },
  search(query, cursor) {
    const needle = query.trim().toLowerCase();
    if (needle === '') throw fail('invalid-argument', 'type something to search for');
    const found = [];
    for (const url of state.feeds) {
      let podcast;
      try {
        podcast = feed(url, false);
      } catch {
        continue;
      }
      for (const episode of podcast.episodes) if (episode.title.toLowerCase().includes(needle)) found.push(episodeItem(url, podcast, episode));
    }
    return page(found, cursor);
  },
  resolve(itemId) {
    const { podcast, episode } = findEpisode(itemId);
    const year = episode.publishedMs === undefined ? undefined : new Date(episode.publishedMs).getUTCFullYear();
    const metadata = { title: episode.title, artist: podcast.author ?? podcast.title, album: podcast.title, albumArtist: undefined, genre: 'Podcast', trackNumber: undefined, trackTotal: undefined, discNumber: undefined, year, durationMs: episode.durationMs, replayGainTrackDb: undefined, replayGainAlbumDb: undefined, tags: [], pictures: [] };
    return { location: { tag: 'url', val: episode.url }, metadata, extensionHint: extensionHint(episode) };
  },
  artwork(itemId) {
    let imageUrl;
    if (itemId.startsWith('podcast:')) imageUrl = knownFeed(itemId.slice('podcast:'.length), itemId).imageUrl;
    else {
      const { podcast, episode } = findEpisode(itemId);
      imageUrl = episode.imageUrl ?? podcast.imageUrl;
    }
    return imageUrl === undefined ? undefined : picture(imageUrl);
  },
};

function picture(url) {
  let response;
  try {
    response = get(url, 'the podcast image at');
  } catch (error) {
    // Images often live on another host than the feed; without that host there is simply no art.
    if (error.code !== 'denied') throw error;
    log('warn', error.message);
    return undefined;
  }
  const header = response.headers.find((entry) => entry.name.toLowerCase() === 'content-type')?.value.split(';')[0].trim();
  const mimeType = header !== undefined && header.startsWith('image/') ? header : /\.png$/i.test(url.split('?')[0]) ? 'image/png' : 'image/jpeg';
  return { kind: 'front-cover', mimeType, description: url, data: response.body };
}
