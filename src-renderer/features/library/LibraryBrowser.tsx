/**
 * The library browser: pick a source, walk its catalog from the root (a trail of the
 * containers opened), or search it; each playable item can be played at once or added
 * to the queue. A source that has nothing to show until it is set up says where to do it.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { CatalogItemView } from '../../../src-shared/contract/index.ts';
import { useApp, useCommands } from '../../app-context.tsx';
import { clockTime } from '../player/format.ts';

export function LibraryBrowser() {
  const commands = useCommands();
  const connected = useApp((state) => state.connection === 'open');
  // Each time the Player is shown: sources may have been enabled or set up in Plugins meanwhile.
  useEffect(() => {
    if (connected) void commands.refreshSources();
  }, [commands, connected]);
  return (
    <section className="player-panel library" aria-labelledby="library-heading">
      <h2 id="library-heading">Library</h2>
      <div className="library-controls">
        <SourcePicker />
        <SearchBox />
      </div>
      <Trail />
      <Listing />
    </section>
  );
}

function SourcePicker() {
  const commands = useCommands();
  const sources = useApp((state) => state.sources);
  const sourceId = useApp((state) => state.sourceId);
  return (
    <label>
      Source{' '}
      <select aria-label="Source" value={sourceId ?? ''} disabled={sources.length === 0} onChange={(event) => void commands.pickSource(event.target.value)}>
        {sources.length === 0 ? <option value="">No sources</option> : null}
        {sources.map((source) => (
          <option key={`${source.pluginId}/${source.typeId}`} value={source.pluginId}>
            {source.displayName}
          </option>
        ))}
      </select>
    </label>
  );
}

function SearchBox() {
  const commands = useCommands();
  const disabled = useApp((state) => state.sourceId === undefined);
  const [query, setQuery] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void commands.search(query);
  };
  return (
    <form role="search" className="library-search" onSubmit={submit}>
      <input type="search" aria-label="Search library" placeholder="Artist, album or title" value={query} disabled={disabled} onChange={(event) => setQuery(event.target.value)} />
      <button type="submit" disabled={disabled}>
        Search
      </button>
    </form>
  );
}

function Trail() {
  const commands = useCommands();
  const trail = useApp((state) => state.trail);
  const searchQuery = useApp((state) => state.searchQuery);
  const source = useApp((state) => state.sources.find((entry) => entry.pluginId === state.sourceId)?.displayName);
  if (source === undefined) return null;
  if (searchQuery !== undefined) {
    return (
      <p className="library-trail">
        Results for “{searchQuery}”{' '}
        <button type="button" onClick={() => void commands.openTrail(0)}>
          Back to {source}
        </button>
      </p>
    );
  }
  return (
    <nav aria-label="Library path" className="library-trail">
      <ol>
        {[{ itemId: '', title: source }, ...trail].map((step, depth) => (
          <li key={`${depth}-${step.itemId}`}>
            {depth === trail.length ? (
              <span aria-current="location">{step.title}</span>
            ) : (
              <button type="button" onClick={() => void commands.openTrail(depth)}>
                {step.title}
              </button>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

function Listing() {
  const commands = useCommands();
  const items = useApp((state) => state.items);
  const loading = useApp((state) => state.libraryLoading);
  const problem = useApp((state) => state.libraryProblem);
  const more = useApp((state) => state.nextCursor !== undefined);
  const sourceName = useApp((state) => state.sources.find((entry) => entry.pluginId === state.sourceId)?.displayName);
  const sourcesLoaded = useApp((state) => state.sourcesLoaded);
  if (sourcesLoaded && sourceName === undefined) return <p className="muted">No source plugin is running. Enable one (such as Music folders) in Plugins.</p>;
  if (problem !== undefined) return <ListingProblem message={problem.message} setupHint={problem.needsSetup ? sourceName : undefined} />;
  return (
    <>
      {loading ? <p role="status">Loading…</p> : null}
      {!loading && items.length === 0 && sourcesLoaded ? <p className="muted">Nothing here.</p> : null}
      <ul className="library-items" aria-label="Library items" aria-busy={loading}>
        {items.map((item) => (
          <ItemRow key={item.id} item={item} />
        ))}
      </ul>
      {more ? (
        <button type="button" onClick={() => void commands.loadMore()}>
          Load more
        </button>
      ) : null}
    </>
  );
}

function ListingProblem({ message, setupHint }: { message: string; setupHint: string | undefined }) {
  return (
    <div role="alert" className="library-problem">
      <p>{message}</p>
      {setupHint === undefined ? null : <p>Choose music folders in Plugins → {setupHint} → Settings.</p>}
    </div>
  );
}

function ItemRow({ item }: { item: CatalogItemView }) {
  const commands = useCommands();
  return (
    <li className="library-item">
      <span className="library-item-text">
        {item.hasChildren ? (
          <button type="button" className="library-open" aria-label={`Open ${item.title}`} onClick={() => void commands.openItem(item)}>
            {item.title}
          </button>
        ) : (
          <span className="library-item-title">{item.title}</span>
        )}
        {item.subtitle === undefined ? null : <span className="muted library-item-subtitle">{item.subtitle}</span>}
      </span>
      {item.durationMs === undefined ? null : <span className="muted">{clockTime(item.durationMs)}</span>}
      {item.playable ? (
        <span className="library-item-actions">
          <button type="button" aria-label={`Play ${item.title}`} onClick={() => void commands.playItem(item)}>
            Play
          </button>
          <button type="button" aria-label={`Add ${item.title} to queue`} onClick={() => void commands.queueItem(item)}>
            Add to queue
          </button>
        </span>
      ) : null}
    </li>
  );
}
