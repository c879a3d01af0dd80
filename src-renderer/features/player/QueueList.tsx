/** The queue: every entry, the one playing marked, and a click (or Enter) on one jumps to it. */
import { useApp, useCommands } from '../../app-context.tsx';
import { trackLabel } from './format.ts';

export function QueueList() {
  const commands = useCommands();
  const queue = useApp((state) => state.queue);
  const current = useApp((state) => state.nowPlaying);
  return (
    <section className="player-panel player-queue" aria-labelledby="queue-heading">
      <h2 id="queue-heading">Queue</h2>
      {queue.length === 0 ? <p className="muted">The queue is empty. Add tracks from the library.</p> : null}
      <ol aria-label="Queue">
        {queue.map((entry) => {
          const isCurrent = current?.entryId === entry.entryId;
          const label = isCurrent && current.title !== undefined ? current.title : trackLabel(entry.track);
          return (
            <li key={entry.entryId} aria-current={isCurrent ? 'true' : undefined} className={isCurrent ? 'current' : undefined}>
              <button type="button" aria-label={`Jump to ${label}`} onClick={() => void commands.jump(entry.entryId)}>
                {label}
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
