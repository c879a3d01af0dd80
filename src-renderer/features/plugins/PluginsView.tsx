/** The Plugins screen: install, filter, the list and the details of the selected plugin. */
import { ABILITY_KINDS } from '../../../src-shared/manifest/constants.ts';
import { useApp, useCommands } from '../../app-context.tsx';
import { ErrorAlert } from '../../ErrorAlert.tsx';
import type { KindFilter } from '../../store/plugins-slice.ts';
import { DevFolderPanel } from './DevFolderPanel.tsx';
import { Dialog } from './Dialog.tsx';
import { InstallPanel } from './InstallPanel.tsx';
import { PluginDetails } from './PluginDetails.tsx';
import { PluginList } from './PluginList.tsx';

export function PluginsView() {
  return (
    <main className="plugins-view" aria-labelledby="plugins-heading">
      <header className="view-header">
        <h1 id="plugins-heading">Plugins</h1>
        <KindSelect />
      </header>
      <ConnectionNotice />
      <ErrorAlert />
      <InstallPanel />
      <DevFolderPanel />
      <div className="columns">
        <section className="list-pane" aria-label="Plugin list">
          <PluginList />
        </section>
        <section className="details-pane" aria-label="Plugin details">
          <PluginDetails />
        </section>
      </div>
      <UninstallConfirm />
    </main>
  );
}

function KindSelect() {
  const kind = useApp((state) => state.kindFilter);
  const setKind = useApp((state) => state.setKindFilter);
  return (
    <label className="kind-filter">
      Kind{' '}
      <select value={kind} onChange={(event) => setKind(event.target.value as KindFilter)}>
        <option value="all">All kinds</option>
        {ABILITY_KINDS.map((entry) => (
          <option key={entry} value={entry}>
            {entry}
          </option>
        ))}
      </select>
    </label>
  );
}

const CONNECTION_TEXT = {
  connecting: 'Connecting to Fugue…',
  'no-token': 'This address has no token. Open the address that `fugue serve` printed (it ends in #token=…).',
} as const;

function ConnectionNotice() {
  const connection = useApp((state) => state.connection);
  const message = useApp((state) => state.connectionMessage);
  if (connection === 'open') return null;
  if (connection === 'connecting') return <p role="status">{CONNECTION_TEXT.connecting}</p>;
  const text = connection === 'no-token' ? CONNECTION_TEXT['no-token'] : (message ?? 'The connection to Fugue is closed; reload the page to connect again.');
  return (
    <p role="alert" className="alert">
      {text}
    </p>
  );
}

function UninstallConfirm() {
  const pluginId = useApp((state) => state.confirmUninstall);
  const cancel = useApp((state) => state.askUninstall);
  const commands = useCommands();
  if (pluginId === undefined) return null;
  const name = commands.describe(pluginId);
  return (
    <Dialog
      title={`Uninstall ${name}?`}
      onCancel={() => cancel(undefined)}
      actions={
        <>
          <button type="button" className="danger" onClick={() => void commands.uninstall(pluginId)}>
            Uninstall
          </button>
          <button type="button" data-autofocus onClick={() => cancel(undefined)}>
            Cancel
          </button>
        </>
      }
    >
      <p>{name} and its settings will be removed. Its permissions will be asked again if you install it later.</p>
    </Dialog>
  );
}
