/**
 * The DSP chain editor: add an effect of a running plugin, reorder, bypass, remove and
 * configure the chain's entries. Every change is sent to the host as the whole active
 * chain (`playback.setEffects`); bypassed entries keep their places here only.
 */
import { useEffect, useId, useState } from 'react';
import { useApp, useCommands } from '../../app-context.tsx';
import { activeEffects, effectKey, effectLabel, type EffectChoice } from '../../store/effects-slice.ts';
import type { PluginSummary } from '../../../src-shared/contract/index.ts';
import { EffectEntry } from './EffectEntry.tsx';

export function EffectsPanel() {
  const commands = useCommands();
  const connected = useApp((state) => state.connection === 'open');
  const dspPlugins = useApp((state) => runningDspKey(state.plugins));
  const chain = useApp((state) => state.effectChain);
  const choices = useApp((state) => state.effectChoices);
  const error = useApp((state) => state.effectsError);
  const applying = useApp((state) => state.effectChainApplying);
  const setError = useApp((state) => state.setEffectsError);

  useEffect(() => {
    if (connected) void commands.loadEffectChain();
  }, [commands, connected]);
  useEffect(() => {
    if (connected) void commands.loadEffectChoices();
  }, [commands, connected, dspPlugins]);

  const active = activeEffects(chain).map((effect) => effectLabel(choices, effect));
  return (
    <section className="effects" aria-labelledby="effects-heading">
      <h2 id="effects-heading">Effects</h2>
      <AddEffect />
      {chain.length === 0 ? (
        <p className="effects-empty">No effects: the music plays as decoded.</p>
      ) : (
        <ol className="effects-chain" aria-label="Effect chain">
          {chain.map((entry, index) => (
            <EffectEntry key={effectKey(entry)} entry={entry} first={index === 0} last={index === chain.length - 1} />
          ))}
        </ol>
      )}
      <p role="status" className="effects-status">
        {applying ? 'Applying the effect chain…' : active.length === 0 ? 'No effect is active.' : `Active, in order: ${active.join(' → ')}.`}
      </p>
      {error === undefined ? null : (
        <div role="alert" className="effects-error">
          <p>{error}</p>
          <button type="button" onClick={() => setError(undefined)}>
            Dismiss
          </button>
        </div>
      )}
    </section>
  );
}

/** The picker of DSP abilities not in the chain yet, and "Add effect". */
function AddEffect() {
  const commands = useCommands();
  const id = useId();
  const chain = useApp((state) => state.effectChain);
  const choices = useApp((state) => state.effectChoices);
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const inChain = new Set(chain.map(effectKey));
  const offered = choices.filter((choice) => !inChain.has(effectKey(choice)));
  const selected: EffectChoice | undefined = offered.find((choice) => effectKey(choice) === picked) ?? offered[0];
  return (
    <form
      className="effects-add"
      onSubmit={(event) => {
        event.preventDefault();
        if (selected !== undefined) void commands.addEffect({ pluginId: selected.pluginId, typeId: selected.typeId });
      }}
    >
      <label htmlFor={id}>Effect to add</label>
      <select id={id} value={selected === undefined ? '' : effectKey(selected)} disabled={offered.length === 0} onChange={(event) => setPicked(event.target.value)}>
        {offered.length === 0 ? <option value="">No other effect is available</option> : null}
        {offered.map((choice) => (
          <option key={effectKey(choice)} value={effectKey(choice)}>
            {choice.label === choice.pluginName ? choice.label : `${choice.label} (${choice.pluginName})`}
          </option>
        ))}
      </select>
      <button type="submit" disabled={selected === undefined}>
        Add effect
      </button>
    </form>
  );
}

/** Changes when a DSP plugin starts, stops or changes version: the choices are read again then. */
function runningDspKey(plugins: readonly PluginSummary[]): string {
  return plugins
    .filter((plugin) => plugin.kinds.includes('dsp') && (plugin.status === 'active' || plugin.status === 'dev'))
    .map((plugin) => `${plugin.id}@${plugin.version ?? ''}:${plugin.status}`)
    .join(' ');
}
