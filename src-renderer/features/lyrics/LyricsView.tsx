/**
 * The lyrics of the track playing, as `lyrics.loaded` brought them: synced lines with the
 * one now sung marked (`lyrics.line`) and kept in view, plain text, or why there are none.
 */
import { useEffect, useRef } from 'react';
import { useApp } from '../../app-context.tsx';
import type { LyricsState } from '../../store/playback-slice.ts';

export function LyricsView() {
  const playing = useApp((state) => state.nowPlaying?.entryId);
  // The host looks lyrics up by title: a track without one gets no `lyrics.loaded`.
  const titled = useApp((state) => state.nowPlaying?.title !== undefined);
  const lyrics = useApp((state) => (state.lyrics?.entryId === playing ? state.lyrics : undefined));
  return (
    <section className="player-panel lyrics" aria-labelledby="lyrics-heading">
      <h2 id="lyrics-heading">Lyrics</h2>
      <LyricsBody playing={playing !== undefined} titled={titled} lyrics={lyrics} />
    </section>
  );
}

function LyricsBody({ playing, titled, lyrics }: { playing: boolean; titled: boolean; lyrics: LyricsState | undefined }) {
  if (!playing) return <p className="muted">Lyrics of the track playing show here.</p>;
  if (lyrics === undefined && titled) return <p className="muted">Looking for lyrics…</p>;
  const found = lyrics?.lookup.found;
  if (found === undefined) return <p className="muted">No lyrics found</p>;
  const credit = <p className="muted lyrics-credit">From {found.provider}</p>;
  switch (found.body.kind) {
    case 'instrumental':
      return (
        <>
          <p>Instrumental</p>
          {credit}
        </>
      );
    case 'plain':
      return (
        <>
          <p className="lyrics-plain">{found.body.text}</p>
          {credit}
        </>
      );
    case 'synced':
      return (
        <>
          <SyncedLines lines={found.body.lines} />
          {credit}
        </>
      );
  }
}

function SyncedLines({ lines }: { lines: Array<{ startMs: number; text: string }> }) {
  const current = useApp((state) => state.lyricLine);
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const box = list.current;
    const line = box?.children[current] as HTMLElement | undefined;
    if (box === null || line === undefined) return;
    // Scroll the list only (not the page), so the line sung sits in its middle; the list is positioned, so offsetTop is within it.
    box.scrollTop = line.offsetTop - (box.clientHeight - line.clientHeight) / 2;
  }, [current]);
  return (
    <ol className="lyrics-lines" ref={list}>
      {lines.map((line, index) => (
        <li key={`${index}-${line.startMs}`} aria-current={index === current ? 'true' : undefined} className={index === current ? 'current' : undefined}>
          {line.text === '' ? '♪' : line.text}
        </li>
      ))}
    </ol>
  );
}
