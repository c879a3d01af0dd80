// RSS 2.0 and Atom feeds into one shape: `{ title, author, imageUrl, episodes }`, each
// episode `{ key, title, url, type, length, publishedMs, durationMs, imageUrl }`. Items
// without an enclosure are not episodes (nothing to play) and are left out.
import { child, childText, childrenNamed, localName, parseXml, XmlError } from './xml.js';

const MONTHS = { jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11 };
const ZONES = { GMT: 0, UT: 0, UTC: 0, Z: 0, EST: -5, EDT: -4, CST: -6, CDT: -5, MST: -7, MDT: -6, PST: -8, PDT: -7 };

/** Parses a feed document; throws `XmlError` with a reason when it is neither RSS nor Atom. */
export function parseFeed(source) {
  const root = parseXml(source);
  if (root.name === 'rss') return rss(root);
  if (localName(root.name) === 'feed') return atom(root);
  throw new XmlError(`it is neither RSS 2.0 nor Atom (its root element is <${root.name}>)`);
}

function rss(root) {
  const channel = child(root, 'channel');
  if (channel === undefined) throw new XmlError('the RSS document has no <channel>');
  const imageUrl = childText(child(channel, 'image'), 'url') ?? child(channel, 'itunes:image')?.attributes.href;
  const episodes = childrenNamed(channel, 'item').flatMap((item) => {
    const enclosure = child(item, 'enclosure')?.attributes;
    if (enclosure?.url === undefined) return [];
    return [{
      key: childText(item, 'guid') ?? enclosure.url,
      title: childText(item, 'title') ?? childText(item, 'itunes:title') ?? enclosure.url,
      url: enclosure.url,
      type: enclosure.type,
      length: Number(enclosure.length) || undefined,
      publishedMs: rfc822(childText(item, 'pubDate')) ?? iso8601(childText(item, 'dc:date')),
      durationMs: duration(childText(item, 'itunes:duration')),
      imageUrl: child(item, 'itunes:image')?.attributes.href,
    }];
  });
  return { title: childText(channel, 'title') ?? 'Untitled podcast', author: childText(channel, 'itunes:author') ?? childText(channel, 'managingEditor'), imageUrl, episodes };
}

function atom(root) {
  const prefix = root.name.includes(':') ? `${root.name.slice(0, root.name.indexOf(':'))}:` : '';
  const name = (local) => `${prefix}${local}`;
  const episodes = childrenNamed(root, name('entry')).flatMap((entry) => {
    const enclosure = childrenNamed(entry, name('link')).find((link) => link.attributes.rel === 'enclosure')?.attributes;
    if (enclosure?.href === undefined) return [];
    return [{
      key: childText(entry, name('id')) ?? enclosure.href,
      title: childText(entry, name('title')) ?? enclosure.href,
      url: enclosure.href,
      type: enclosure.type,
      length: Number(enclosure.length) || undefined,
      publishedMs: iso8601(childText(entry, name('published')) ?? childText(entry, name('updated'))),
      durationMs: duration(childText(entry, 'itunes:duration')),
      imageUrl: child(entry, 'itunes:image')?.attributes.href,
    }];
  });
  const imageUrl = childText(root, name('logo')) ?? childText(root, name('icon')) ?? child(root, 'itunes:image')?.attributes.href;
  return { title: childText(root, name('title')) ?? 'Untitled podcast', author: childText(child(root, name('author')), name('name')), imageUrl, episodes };
}

/** "Tue, 10 Jun 2003 04:00:00 GMT" or "+0200" offsets → ms since the epoch. */
export function rfc822(value) {
  const match = /(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[A-Za-z]{1,4})?/.exec(value ?? '');
  const month = match ? MONTHS[match[2].toLowerCase()] : undefined;
  if (month === undefined) return iso8601(value);
  let year = Number(match[3]);
  if (year < 100) year += year < 50 ? 2000 : 1900;
  const zone = match[7] ?? 'GMT';
  const sign = zone[0] === '-' ? -1 : 1;
  const offsetMinutes = /^[+-]/.test(zone) ? sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3))) : (ZONES[zone.toUpperCase()] ?? 0) * 60;
  return Date.UTC(year, month, Number(match[1]), Number(match[4]), Number(match[5]), Number(match[6] ?? 0)) - offsetMinutes * 60_000;
}

/** "2024-03-01T10:00:00Z", with an offset, or a bare date → ms since the epoch. */
export function iso8601(value) {
  const match = /(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?/.exec(value ?? '');
  if (!match) return undefined;
  const zone = match[7] ?? 'Z';
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.replace(/[^0-9]/g, '');
  const offsetMinutes = zone === 'Z' ? 0 : sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  const [, y, mo, d, h, mi, s] = match;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)) - offsetMinutes * 60_000;
}

/** itunes:duration: "1:02:03", "62:03" or seconds ("3723", "3723.5") → ms. */
export function duration(value) {
  if (value === undefined) return undefined;
  const parts = value.split(':').map(Number);
  if (parts.length > 3 || parts.some((part) => !Number.isFinite(part) || part < 0)) return undefined;
  const seconds = parts.reduce((total, part) => total * 60 + part, 0);
  return seconds > 0 ? Math.round(seconds * 1000) : undefined;
}
