/**
 * What the effects editor and the problem alerts ask of the host. A chain edit shows at
 * once and is sent after the ones before it; as each replaces the whole chain, only the
 * newest waiting edit is sent, so quick clicks cannot leave an older chain on the host. A
 * refused chain puts the editor back to what the host last confirmed.
 */
import type { EffectRef } from '../../src-shared/contract/index.ts';
import type { Result } from '../../src-shared/errors.ts';
import { loadSavedChain, saveChain } from '../features/effects/saved-chain.ts';
import type { Host } from './commands.ts';
import { activeEffects, effectKey, moveEntry, type ChainEntry, type EffectChoice } from './effects-slice.ts';
import { pluginLabel } from './plugins-slice.ts';
import type { AppStore } from './store.ts';
import { errorText } from './ui-slice.ts';

export type EffectsCommands = ReturnType<typeof createEffectsCommands>;

export function createEffectsCommands(host: Host, store: AppStore) {
  const state = () => store.getState();
  let editing: Promise<unknown> = Promise.resolve();
  /** Counts edits: only the newest is sent, since each replaces the whole chain. */
  let edits = 0;
  /** The chain as the host last confirmed it (what a refused edit returns to). */
  let confirmed: ChainEntry[] = [];
  let choicesAsked = 0;

  /** Shows an edit at once and queues it; `change` gets the chain as shown, with earlier edits in it. */
  const editChain = (change: (chain: ChainEntry[]) => ChainEntry[]): Promise<void> => {
    const next = change(state().effectChain);
    state().effectChainEdited(next);
    const edit = ++edits;
    const run = async () => {
      if (edit !== edits) return;
      const result = await host.contract['playback.setEffects']({ effects: activeEffects(next) });
      if (result.ok) {
        confirmed = next;
        saveChain(next);
      }
      if (edit !== edits) return;
      if (result.ok) {
        state().effectChainApplied(next);
        state().applyStatus(result.value);
      } else {
        state().effectChainRefused(confirmed, `The effect chain was not changed: ${errorText(result.error)}`);
      }
    };
    const queued = editing.then(run);
    editing = queued.catch(() => undefined);
    return queued;
  };

  /** The DSP abilities of one running plugin. */
  const choicesOf = async (pluginId: string, pluginName: string): Promise<EffectChoice[]> => {
    const details = await host.contract['plugins.details']({ pluginId });
    if (!details.ok) return [];
    return details.value.components.flatMap((component) =>
      component.abilities.filter((ability) => ability.kind === 'dsp').map((ability) => ({ pluginId, typeId: ability.typeId, label: ability.displayName, pluginName, hasSettings: ability.hasSettings })),
    );
  };

  const onProblem = async <T>(result: Promise<Result<T>>, what: string): Promise<T | undefined> => {
    const answer = await result;
    if (answer.ok) return answer.value;
    state().setProblemActionError(`${what}: ${errorText(answer.error)}`);
    return undefined;
  };

  const removeEffect = (key: string): Promise<void> => {
    if (state().configuringEffect === key) state().configureEffect(undefined);
    return editChain((chain) => chain.filter((entry) => effectKey(entry) !== key));
  };

  return {
    /** Reads the active chain from the host (`playback.status`). */
    async loadEffectChain(): Promise<void> {
      const status = await host.contract['playback.status']();
      if (status.ok) {
        state().effectChainFromHost(status.value.effects, loadSavedChain());
        confirmed = state().effectChain;
        saveChain(confirmed);
      } else state().setEffectsError(`The effect chain could not be read: ${errorText(status.error)}`);
    },
    /** Lists the DSP abilities of the running plugins (after the plugin list changed). */
    async loadEffectChoices(): Promise<void> {
      const asked = ++choicesAsked;
      const running = state().plugins.filter((plugin) => plugin.kinds.includes('dsp') && (plugin.status === 'active' || plugin.status === 'dev'));
      const lists = await Promise.all(running.map((plugin) => choicesOf(plugin.id, pluginLabel(plugin))));
      if (asked === choicesAsked) state().setEffectChoices(lists.flat());
    },
    addEffect(effect: EffectRef): Promise<void> {
      const key = effectKey(effect);
      return editChain((chain) => (chain.some((entry) => effectKey(entry) === key) ? chain : [...chain, { pluginId: effect.pluginId, typeId: effect.typeId, bypassed: false }]));
    },
    removeEffect,
    moveEffect(key: string, delta: -1 | 1): Promise<void> {
      return editChain((chain) => moveEntry(chain, key, delta));
    },
    setEffectBypassed(key: string, bypassed: boolean): Promise<void> {
      return editChain((chain) => chain.map((entry) => (effectKey(entry) === key ? { ...entry, bypassed } : entry)));
    },
    /** "Remove from chain" on an effect's problem. */
    async removeFailedEffect(problemKey: string, effect: EffectRef): Promise<void> {
      await removeEffect(effectKey(effect));
      if (state().effectsError === undefined) state().dismissProblem(problemKey);
    },
    /** "Skip track" on a track's problem: moves on if that track is still the one playing. */
    async skipFailedTrack(problemKey: string, entryId: number): Promise<void> {
      const status = await onProblem(host.contract['playback.status'](), 'The player could not be asked what plays');
      if (status === undefined) return;
      if (status.nowPlaying?.entryId === entryId && (await onProblem(host.contract['playback.next'](), 'The track was not skipped')) === undefined) return;
      state().dismissProblem(problemKey);
    },
    /** Loads the outputs to offer after an output failed. */
    async loadOutputChoices(): Promise<void> {
      const outputs = await onProblem(host.contract['playback.outputs'](), 'The outputs could not be listed');
      state().setOutputChoices(outputs?.choices);
    },
    async switchOutputAfterFailure(problemKey: string, output: string): Promise<void> {
      if ((await onProblem(host.contract['playback.setOutput']({ output }), `Fugue could not switch to ${output}`)) === undefined) return;
      state().setOutputChoices(undefined);
      state().dismissProblem(problemKey);
    },
  };
}
