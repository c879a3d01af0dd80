/** The Player screen: what plays and its controls, the library, the queue and the lyrics. */
import { ErrorAlert } from '../../ErrorAlert.tsx';
import { EffectsPanel } from '../effects/EffectsPanel.tsx';
import { LibraryBrowser } from '../library/LibraryBrowser.tsx';
import { LyricsView } from '../lyrics/LyricsView.tsx';
import { LevelMeter } from './LevelMeter.tsx';
import { NowPlaying } from './NowPlaying.tsx';
import { QueueList } from './QueueList.tsx';
import { PlayModes, Transport, VolumeAndOutput } from './Transport.tsx';

export function PlayerView() {
  return (
    <main className="player-view" aria-labelledby="player-heading">
      <h1 id="player-heading" className="visually-hidden">
        Player
      </h1>
      <ErrorAlert />
      <section className="player-panel player-deck" aria-label="Now playing">
        <NowPlaying />
        <div className="player-controls">
          <Transport />
          <PlayModes />
          <VolumeAndOutput />
          <LevelMeter />
        </div>
      </section>
      <EffectsPanel />
      <div className="player-columns">
        <LibraryBrowser />
        <QueueList />
        <LyricsView />
      </div>
    </main>
  );
}
