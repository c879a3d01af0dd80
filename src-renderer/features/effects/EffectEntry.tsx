/**
 * One entry of the effect chain: its name and plugin, whether the host stopped it after a
 * failure, and its controls (bypass, move up and down, remove, configure). Each control's
 * accessible name says which effect it acts on, since every entry has the same ones.
 */
import { useApp, useCommands } from '../../app-context.tsx';
import { effectKey, effectLabel, type ChainEntry } from '../../store/effects-slice.ts';
import { pluginLabel } from '../../store/plugins-slice.ts';
import { SettingsForm } from '../settings/SettingsForm.tsx';

interface EffectEntryProps {
  entry: ChainEntry;
  first: boolean;
  last: boolean;
}

export function EffectEntry({ entry, first, last }: EffectEntryProps) {
  const commands = useCommands();
  const key = effectKey(entry);
  const label = useApp((state) => effectLabel(state.effectChoices, entry));
  const pluginName = useApp((state) => {
    const plugin = state.plugins.find((row) => row.id === entry.pluginId);
    return plugin === undefined ? entry.pluginId : pluginLabel(plugin);
  });
  const hasSettings = useApp((state) => state.effectChoices.some((choice) => effectKey(choice) === key && choice.hasSettings));
  const stopped = useApp((state) => state.stoppedEffects[key]);
  const configuring = useApp((state) => state.configuringEffect === key);
  const configure = useApp((state) => state.configureEffect);
  const settingsId = `effect-settings-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`;

  return (
    <li className={`effects-entry${entry.bypassed ? ' effects-bypassed' : ''}`}>
      <div className="effects-entry-row">
        <span className="effects-name">
          <span className="effects-label">{label}</span>
          <span className="effects-plugin">{pluginName}</span>
        </span>
        {entry.bypassed ? <span className="effects-badge">bypassed</span> : null}
        {stopped === undefined || entry.bypassed ? null : (
          <span className="effects-badge effects-stopped" title={stopped}>
            stopped working
          </span>
        )}
        <span className="effects-controls">
          <label className="effects-bypass">
            <input type="checkbox" aria-label={`Bypass ${label}`} checked={entry.bypassed} onChange={(event) => void commands.setEffectBypassed(key, event.target.checked)} />
            Bypass
          </label>
          {/* aria-disabled rather than disabled: a keyboard user moving an effect to the top keeps focus on the button. */}
          <button type="button" aria-label={`Move ${label} up`} aria-disabled={first} onClick={() => !first && void commands.moveEffect(key, -1)}>
            Up
          </button>
          <button type="button" aria-label={`Move ${label} down`} aria-disabled={last} onClick={() => !last && void commands.moveEffect(key, 1)}>
            Down
          </button>
          {hasSettings ? (
            <button type="button" aria-label={`Configure ${label}`} aria-expanded={configuring} aria-controls={configuring ? settingsId : undefined} onClick={() => configure(configuring ? undefined : key)}>
              Configure
            </button>
          ) : null}
          <button type="button" aria-label={`Remove ${label}`} onClick={() => void commands.removeEffect(key)}>
            Remove
          </button>
        </span>
      </div>
      {configuring ? (
        <section id={settingsId} className="effects-settings" aria-label={`${label} settings`}>
          <SettingsForm pluginId={entry.pluginId} typeId={entry.typeId} />
          <button type="button" onClick={() => configure(undefined)}>
            Close settings
          </button>
        </section>
      ) : null}
    </li>
  );
}
