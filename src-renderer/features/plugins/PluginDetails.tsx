/**
 * The selected plugin: version, signature, dev folder, abilities with their settings
 * forms, permissions, the metrics chart, event log, uninstall.
 */
import { useEffect, useRef } from 'react';
import type { PermissionView, PluginDetails as Details } from '../../../src-shared/contract/index.ts';
import { useApp, useCommands } from '../../app-context.tsx';
import { pluginLabel } from '../../store/plugins-slice.ts';
import { SettingsForm } from '../settings/SettingsForm.tsx';
import { DevLinkSection } from './DevLinkSection.tsx';
import { MetricsChart } from './MetricsChart.tsx';

export function PluginDetails() {
  const selectedId = useApp((state) => state.selectedId);
  const details = useApp((state) => state.details);
  const askUninstall = useApp((state) => state.askUninstall);
  const ref = useRef<HTMLElement>(null);
  const shownId = details?.id;
  // On a narrow window the details sit below the list: bring them into view when they change.
  useEffect(() => {
    if (shownId !== undefined && window.matchMedia('(max-width: 760px)').matches) ref.current?.scrollIntoView({ block: 'start' });
  }, [shownId]);
  if (selectedId === undefined) return <p className="muted">Select a plugin to see its details.</p>;
  if (details === undefined) return <p className="muted">Loading…</p>;
  const name = pluginLabel(details);
  return (
    <article className="details" aria-labelledby="details-heading" ref={ref}>
      <h2 id="details-heading">{name}</h2>
      {details.description === undefined ? null : <p>{details.description}</p>}
      <Facts details={details} />
      {details.lastError === undefined ? null : <p className="error-text">Last error: {details.lastError.message}</p>}
      <DevLinkSection details={details} />
      <Abilities details={details} />
      <Settings details={details} />
      <Permissions pluginId={details.id} permissions={details.permissions} />
      <MetricsChart key={details.id} pluginId={details.id} name={name} />
      <EventLog />
      {details.builtin ? null : (
        <button type="button" className="danger" onClick={() => askUninstall(details.id)}>
          Uninstall…
        </button>
      )}
    </article>
  );
}

function Facts({ details }: { details: Details }) {
  const signature = details.signature;
  return (
    <dl className="facts">
      <dt>Id</dt>
      <dd>{details.id}</dd>
      <dt>Version</dt>
      <dd>{details.version ?? 'unknown'}</dd>
      <dt>Status</dt>
      <dd>{details.status}</dd>
      <dt>Signature</dt>
      <dd>
        {signature.state}
        {signature.publisher === undefined ? '' : ` by ${signature.publisher}`} — {signature.reason}
      </dd>
      {details.publisher === undefined ? null : (
        <>
          <dt>Publisher</dt>
          <dd>{details.publisher}</dd>
        </>
      )}
    </dl>
  );
}

/** A table, not a list: ability names often repeat the plugin's, and the rows of the plugin list are the list items. */
function Abilities({ details }: { details: Details }) {
  const abilities = details.components.flatMap((component) => component.abilities.map((ability) => ({ ...ability, key: `${component.id}/${ability.typeId}` })));
  return (
    <>
      <h3>Abilities</h3>
      <table className="abilities">
        <thead>
          <tr>
            <th scope="col">Ability</th>
            <th scope="col">Kind</th>
            <th scope="col">Type id</th>
          </tr>
        </thead>
        <tbody>
          {abilities.map((ability) => (
            <tr key={ability.key}>
              <td>{ability.displayName}</td>
              <td>{ability.kind}</td>
              <td>{ability.typeId}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** A form per ability that has settings; a new version (a dev reload) may bring another schema, so it starts a new form. */
function Settings({ details }: { details: Details }) {
  const abilities = details.components.flatMap((component) => component.abilities.filter((ability) => ability.hasSettings));
  if (abilities.length === 0) return null;
  return (
    <>
      <h3>Settings</h3>
      {abilities.map((ability) => (
        <SettingsForm key={`${details.id}/${ability.typeId}/${details.version ?? ''}`} pluginId={details.id} typeId={ability.typeId} />
      ))}
    </>
  );
}

function Permissions({ pluginId, permissions }: { pluginId: string; permissions: PermissionView[] }) {
  const commands = useCommands();
  return (
    <>
      <h3>Permissions</h3>
      {permissions.length === 0 ? <p className="muted">This plugin asks for no permissions.</p> : null}
      <ul className="permissions">
        {permissions.map((permission) => (
          <li key={permission.key}>
            <label>
              <input type="checkbox" role="switch" checked={permission.granted} onChange={(event) => void commands.setPermission(pluginId, permission.key, event.target.checked)} />
              {permission.description}
            </label>
          </li>
        ))}
      </ul>
    </>
  );
}

function EventLog() {
  const events = useApp((state) => state.events);
  return (
    <>
      <h3>Event log</h3>
      {events.length === 0 ? <p className="muted">No events yet.</p> : null}
      <ol className="event-log">
        {events.map((event) => (
          <li key={event.seq}>
            <time dateTime={new Date(event.at).toISOString()}>{new Date(event.at).toLocaleString()}</time> <span className="event-kind">{event.kind}</span>{' '}
            {event.message}
          </li>
        ))}
      </ol>
    </>
  );
}
