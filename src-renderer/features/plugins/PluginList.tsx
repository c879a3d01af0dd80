/** The plugin rows: name, status and signature badges, and enable/disable. */
import { useShallow } from 'zustand/react/shallow';
import type { PluginSummary } from '../../../src-shared/contract/index.ts';
import { useApp, useCommands } from '../../app-context.tsx';
import { pluginLabel, visiblePlugins } from '../../store/plugins-slice.ts';

export function PluginList() {
  const plugins = useApp(useShallow(visiblePlugins));
  const loaded = useApp((state) => state.listLoaded);
  if (!loaded) return <p className="muted">Loading plugins…</p>;
  if (plugins.length === 0) return <p className="muted">No plugins match. Install one with the button above or drop a package here.</p>;
  return (
    <ul className="plugin-list" aria-label="Installed plugins">
      {plugins.map((plugin) => (
        <PluginRow key={plugin.id} plugin={plugin} />
      ))}
    </ul>
  );
}

function PluginRow({ plugin }: { plugin: PluginSummary }) {
  const commands = useCommands();
  const selected = useApp((state) => state.selectedId === plugin.id);
  const enabled = plugin.desired === 'enabled';
  return (
    <li role="listitem" className={selected ? 'plugin-row selected' : 'plugin-row'}>
      <button type="button" className="plugin-name" aria-pressed={selected} onClick={() => void commands.select(plugin.id)}>
        <span className="name">{pluginLabel(plugin)}</span>
        <span className="meta">
          {plugin.version ?? ''} {plugin.kinds.join(', ')}
        </span>
      </button>
      <span className={`badge status-${plugin.status}`}>{plugin.status}</span>
      <span className={`badge signature-${plugin.signature.state}`} title={plugin.signature.reason}>
        {plugin.signature.state}
      </span>
      <button type="button" onClick={() => void commands.setEnabled(plugin.id, !enabled)}>
        {enabled ? 'Disable' : 'Enable'}
      </button>
    </li>
  );
}
