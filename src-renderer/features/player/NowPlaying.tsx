/** What plays: cover art, title, artist, album, the stream's format, the times and the seek bar. */
import { useEffect } from 'react';
import type { NowPlayingView } from '../../../src-shared/contract/index.ts';
import { useApp, useCommands } from '../../app-context.tsx';
import { CommitSlider } from './CommitSlider.tsx';
import { clockTime, trackLabel } from './format.ts';

export function NowPlaying() {
  const now = useApp((state) => state.nowPlaying);
  if (now === undefined) {
    return (
      <div className="player-now">
        <div className="player-cover player-cover-empty" aria-hidden="true" />
        <div className="player-tags">
          <p className="player-title">Nothing playing</p>
          <p className="muted">Pick a track in the library and press Play.</p>
        </div>
        <Times />
      </div>
    );
  }
  const title = now.title ?? trackLabel(now.track);
  return (
    <div className="player-now">
      <CoverArt entryId={now.entryId} hasCoverArt={now.hasCoverArt} title={title} />
      <div className="player-tags">
        <p className="player-title">{title}</p>
        {now.artist === undefined ? null : <p className="player-artist">{now.artist}</p>}
        {now.album === undefined ? null : <p className="muted">{now.album}</p>}
        <p className="player-format muted">{formatLine(now)}</p>
      </div>
      <Times />
    </div>
  );
}

function CoverArt({ entryId, hasCoverArt, title }: { entryId: number; hasCoverArt: boolean; title: string }) {
  const commands = useCommands();
  const picture = useApp((state) => (state.coverArt?.entryId === entryId ? state.coverArt.dataUrl : undefined));
  useEffect(() => {
    if (hasCoverArt) void commands.loadCoverArt(entryId);
  }, [commands, entryId, hasCoverArt]);
  if (!hasCoverArt || picture === undefined) return <div className="player-cover player-cover-empty" aria-hidden="true" />;
  return <img className="player-cover" src={picture} alt={`Cover art of ${title}`} />;
}

/** Elapsed and total time, and the seek bar; re-renders once a second, not at every position report. */
function Times() {
  const commands = useCommands();
  const elapsedMs = useApp((state) => Math.floor(state.positionMs / 1000) * 1000);
  const durationMs = useApp((state) => state.nowPlaying?.durationMs);
  const seekable = useApp((state) => state.nowPlaying?.seekable === true && state.playState !== 'stopped');
  const max = durationMs === undefined ? 0 : Math.floor(durationMs);
  return (
    <div className="player-times">
      <span role="timer" aria-label="Elapsed" className="player-time">
        {clockTime(elapsedMs)}
      </span>
      <CommitSlider
        className="player-seek"
        label="Seek"
        value={elapsedMs}
        max={max}
        step={1000}
        disabled={!seekable || max === 0}
        valueText={(value) => `${clockTime(value)} of ${clockTime(durationMs)}`}
        onCommit={(value) => void commands.seek(value)}
      />
      <time aria-label="Duration" className="player-time">
        {clockTime(durationMs)}
      </time>
    </div>
  );
}

function formatLine(now: NowPlayingView): string {
  const rate = `${(now.sampleRate / 1000).toLocaleString('en', { maximumFractionDigits: 1 })} kHz`;
  const channels = now.channels === 1 ? 'mono' : now.channels === 2 ? 'stereo' : `${now.channels} channels`;
  return [now.codec.toUpperCase(), rate, channels, now.lossless ? 'lossless' : undefined].filter((part) => part !== undefined).join(' · ');
}
