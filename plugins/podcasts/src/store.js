// The last good copy of each feed, kept in kv, so followed podcasts still open (and their
// episodes resolve) when the network or a feed's server is unavailable, and after a restart.
import { delete as remove, get, listKeys, set } from 'fugue:plugin/kv@0.1.0';
import { write as log } from 'fugue:plugin/log@0.1.0';
import { decodeBody, encodeUtf8 } from './text.js';

const PREFIX = 'feed:';
let warned = false;

export function saveFeed(url, feed) {
  try {
    set(PREFIX + url, encodeUtf8(JSON.stringify({ savedAt: Date.now(), feed })));
  } catch (error) {
    if (!warned) log('warn', `feeds are not kept for offline use: ${error?.payload?.message ?? String(error)}`);
    warned = true;
  }
}

/** `{ savedAt, feed }` or undefined. */
export function savedFeed(url) {
  try {
    const bytes = get(PREFIX + url);
    return bytes === undefined || bytes === null ? undefined : JSON.parse(decodeBody(bytes));
  } catch {
    return undefined;
  }
}

/** Drops the copies of feeds no longer followed. */
export function forgetFeedsExcept(urls) {
  try {
    for (const key of listKeys(PREFIX)) if (!urls.includes(key.slice(PREFIX.length))) remove(key);
  } catch {
    // Without storage there is nothing to forget.
  }
}
