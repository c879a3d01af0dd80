/**
 * Dev mode in the details of a plugin that runs from a project folder: the folder, the
 * live-reload indicator (the last reload, or why the last change was refused while the
 * last good version keeps running) and unlinking. The host reports a reload only once it
 * happened, so there is no "reloading…" state to show.
 */
import type { PluginDetails } from '../../../src-shared/contract/index.ts';
import { useApp, useCommands } from '../../app-context.tsx';
import type { DevReload } from '../../store/plugins-slice.ts';

export function DevLinkSection({ details }: { details: PluginDetails }) {
  const commands = useCommands();
  const reload = useApp((state) => state.devReloads[details.id]);
  const dev = details.dev;
  if (dev === undefined) return null;
  const refusal = reload === undefined ? dev.lastError?.message : reload.outcome === 'failed' ? (reload.message ?? 'the changed files did not load') : undefined;
  return (
    <section className="dev-link" aria-label="Dev folder">
      <p>
        Dev folder: <code>{dev.folder}</code>
      </p>
      <p role="status" className="dev-reload">
        {reload?.outcome === 'reloaded' ? reloadedText(reload) : refusal === undefined ? 'Watching the folder for changes.' : ''}
      </p>
      {refusal === undefined ? null : (
        <p role="alert" className="alert">
          Reload refused: {sentence(refusal)}
          {details.version === undefined ? null : ` Still running version ${details.version}.`}
        </p>
      )}
      <button type="button" onClick={() => void commands.devUnlink(details.id)}>
        Unlink dev folder
      </button>
    </section>
  );
}

function reloadedText(reload: DevReload): string {
  const version = reload.version === undefined ? '' : ` (version ${reload.version})`;
  const files = reload.changed.length === 0 ? '' : `: ${reload.changed.join(', ')}`;
  return `Reloaded ${new Date(reload.at).toLocaleTimeString()}${version}${files}`;
}

/** Host messages often end without a full stop; another sentence follows this one. */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
