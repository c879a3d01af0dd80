/**
 * The app frame: the name, the section switcher (Player, Plugins), the state of the
 * connection to Fugue, and the section shown. The app opens on the Player.
 */
import { useApp } from './app-context.tsx';
import { PlayerView } from './features/player/PlayerView.tsx';
import { PluginsView } from './features/plugins/PluginsView.tsx';
import { ProblemBanner } from './features/problems/ProblemBanner.tsx';
import type { AppView } from './store/ui-slice.ts';

const SECTIONS: Array<{ view: AppView; label: string }> = [
  { view: 'player', label: 'Player' },
  { view: 'plugins', label: 'Plugins' },
];

export function App() {
  const view = useApp((state) => state.view);
  return (
    <div className="app">
      <header className="app-header">
        <span className="app-name">Fugue</span>
        <SectionNav view={view} />
      </header>
      <ProblemBanner />
      {/* The Plugins screen shows the connection itself. */}
      {view === 'plugins' ? null : <ConnectionStatus />}
      {view === 'player' ? <PlayerView /> : <PluginsView />}
    </div>
  );
}

function SectionNav({ view }: { view: AppView }) {
  const showView = useApp((state) => state.showView);
  return (
    <nav aria-label="Sections" className="app-nav">
      {SECTIONS.map((section) => (
        <button key={section.view} type="button" aria-current={section.view === view ? 'page' : undefined} onClick={() => showView(section.view)}>
          {section.label}
        </button>
      ))}
    </nav>
  );
}

const NO_TOKEN = 'This address has no token. Open the address that `fugue serve` printed (it ends in #token=…).';

function ConnectionStatus() {
  const connection = useApp((state) => state.connection);
  const message = useApp((state) => state.connectionMessage);
  if (connection === 'open') return null;
  if (connection === 'connecting') {
    return (
      <p role="status" className="app-connection">
        Connecting to Fugue…
      </p>
    );
  }
  const text = connection === 'no-token' ? NO_TOKEN : (message ?? 'The connection to Fugue is closed; reload the page to connect again.');
  return (
    <p role="alert" className="alert app-connection">
      {text}
    </p>
  );
}
