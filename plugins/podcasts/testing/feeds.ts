/** Feeds the podcast tests serve from their loopback server (`base` is its http://127.0.0.1:port). */

/** Stand-in image bytes: only their identity matters (the plugin passes them through). */
export const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
export const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 5, 6, 7, 8]);

/** RSS 2.0 with items out of date order, an item without enclosure, CDATA and entities. */
export function rssFeed(base: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- served by the podcast test -->
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
  <channel>
    <title>Loopback Radio</title>
    <itunes:author>Loop Author</itunes:author>
    <image><url>${base}/art/rss.png</url><title>Loopback Radio</title></image>
    <item>
      <title>Episode 2 &lt;live&gt; &amp; loud</title>
      <guid isPermaLink="false">ep-2</guid>
      <enclosure url="${base}/media/ep2.m4a" type="audio/x-m4a" length="2000"/>
      <pubDate>Sat, 10 Feb 2024 08:00:00 +0100</pubDate>
      <itunes:duration>1:30</itunes:duration>
    </item>
    <item>
      <title>Episode 1: Oldest</title>
      <enclosure url="${base}/media/ep1.opus?token=a%20b" length="1000" type=""/>
      <pubDate>Sun, 31 Dec 2023 23:30:00 GMT</pubDate>
      <itunes:duration>45</itunes:duration>
    </item>
    <item>
      <title>Show notes only</title>
      <pubDate>Mon, 04 Mar 2024 10:00:00 GMT</pubDate>
    </item>
    <item>
      <title><![CDATA[Episode 3: Newest]]></title>
      <guid>https://example.invalid/ep3</guid>
      <enclosure url="${base}/media/ep3.mp3" type="audio/mpeg" length="3000"/>
      <pubDate>Fri, 01 Mar 2024 12:00:00 GMT</pubDate>
      <itunes:duration>01:02:03</itunes:duration>
    </item>
  </channel>
</rss>`;
}

/** Atom with enclosure links, an entry image (itunes:image) and a feed logo. */
export function atomFeed(base: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
  <title>Atom Talks</title>
  <author><name>Atom Host</name></author>
  <logo>${base}/art/rss.png</logo>
  <entry>
    <title>Atom Entry One</title>
    <id>urn:atom:1</id>
    <published>2024-04-30T22:00:00-02:00</published>
    <link rel="alternate" href="${base}/notes/1"/>
    <link rel="enclosure" href="${base}/media/atom1.ogg" type="audio/ogg" length="10"/>
  </entry>
  <entry>
    <title>Atom Entry Two</title>
    <id>urn:atom:2</id>
    <updated>2024-05-02T09:00:00Z</updated>
    <itunes:image href="${base}/art/atom.jpg"/>
    <link rel="enclosure" href="${base}/media/atom2.ogg" type="audio/ogg" length="10"/>
  </entry>
</feed>`;
}
