/**
 * The DSP chain as the effects editor shows it: ordered entries, some bypassed. The host
 * only knows the active ones (`playback.setEffects` replaces its chain; a bypassed effect
 * is simply left out), so the bypassed entries and their places live here, and the host's
 * `status.effects` stays the truth for what runs.
 */
import type { StateCreator } from 'zustand';
import type { EffectRef } from '../../src-shared/contract/index.ts';

/** A DSP ability of an active plugin, as the "Effect to add" list offers it. */
export interface EffectChoice extends EffectRef {
  /** The ability's display name, e.g. `10-band parametric EQ`. */
  label: string;
  /** The plugin's display name, e.g. `Parametric EQ`. */
  pluginName: string;
  hasSettings: boolean;
}

/** One entry of the chain; `bypassed` entries are kept in place but not sent to the host. */
export interface ChainEntry extends EffectRef {
  bypassed: boolean;
}

export interface EffectsSlice {
  effectChain: ChainEntry[];
  effectChoices: EffectChoice[];
  /** Whether the chain was read from the host once (before that, the editor waits). */
  effectChainLoaded: boolean;
  /** Effects the host reported as bypassed after a failure (key → message), until the chain is set again. */
  stoppedEffects: Record<string, string>;
  effectsError: string | undefined;
  /** Whether an edit is on its way to the host (the chain shown is not confirmed yet). */
  effectChainApplying: boolean;
  /** The key of the effect whose settings are open. */
  configuringEffect: string | undefined;
  /** Shows an edit at once, before the host confirmed it. */
  effectChainEdited(chain: ChainEntry[]): void;
  /** Takes the chain the host confirmed; the host applied every non-bypassed entry afresh. */
  effectChainApplied(chain: ChainEntry[]): void;
  /** The host refused an edit: back to `chain` (the last confirmed), saying why. */
  effectChainRefused(chain: ChainEntry[], message: string): void;
  /**
   * Merges the host's active effects (from `playback.status`) into the entries shown, or
   * on the first load into `remembered` (the chain saved before a reload).
   */
  effectChainFromHost(effects: EffectRef[], remembered?: ChainEntry[]): void;
  setEffectChoices(choices: EffectChoice[]): void;
  markEffectStopped(effect: string, message: string): void;
  setEffectsError(message: string | undefined): void;
  configureEffect(key: string | undefined): void;
}

export const createEffectsSlice: StateCreator<EffectsSlice, [], [], EffectsSlice> = (set) => ({
  effectChain: [],
  effectChoices: [],
  effectChainLoaded: false,
  stoppedEffects: {},
  effectsError: undefined,
  effectChainApplying: false,
  configuringEffect: undefined,
  effectChainEdited: (chain) => set({ effectChain: chain, effectChainApplying: true }),
  effectChainApplied: (chain) => set({ effectChain: chain, stoppedEffects: {}, effectsError: undefined, effectChainApplying: false }),
  effectChainRefused: (chain, message) => set({ effectChain: chain, effectsError: message, effectChainApplying: false }),
  effectChainFromHost: (effects, remembered = []) =>
    set((state) => ({ effectChain: reconcileChain(state.effectChainLoaded ? state.effectChain : remembered, effects), effectChainLoaded: true })),
  setEffectChoices: (choices) => set({ effectChoices: choices }),
  markEffectStopped: (effect, message) => set((state) => ({ stoppedEffects: { ...state.stoppedEffects, [effect]: message } })),
  setEffectsError: (message) => set({ effectsError: message }),
  configureEffect: (key) => set({ configuringEffect: key }),
});

/** `<plugin-id>/<type-id>`: how the host names an effect in `player.effect` events. */
export function effectKey(effect: EffectRef): string {
  return `${effect.pluginId}/${effect.typeId}`;
}

/** The effects the host should run, in order. */
export function activeEffects(chain: readonly ChainEntry[]): EffectRef[] {
  return chain.filter((entry) => !entry.bypassed).map(({ pluginId, typeId }) => ({ pluginId, typeId }));
}

/**
 * The entries shown after the host reported `effects` as its active chain: active entries
 * take the host's order, bypassed ones keep their places unless the host runs them now,
 * and effects the editor did not know are appended.
 */
export function reconcileChain(chain: readonly ChainEntry[], effects: readonly EffectRef[]): ChainEntry[] {
  const running = new Set(effects.map(effectKey));
  const kept = chain.filter((entry) => entry.bypassed !== running.has(effectKey(entry)));
  const pending = [...effects];
  const merged = kept.map((entry) => (entry.bypassed ? entry : { ...(pending.shift() ?? entry), bypassed: false }));
  return [...merged, ...pending.map(({ pluginId, typeId }) => ({ pluginId, typeId, bypassed: false }))];
}

/** The chain with the entry `key` moved by `delta` places (unchanged at either end). */
export function moveEntry(chain: readonly ChainEntry[], key: string, delta: -1 | 1): ChainEntry[] {
  const from = chain.findIndex((entry) => effectKey(entry) === key);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= chain.length) return [...chain];
  const moved = [...chain];
  const [entry] = moved.splice(from, 1);
  if (entry !== undefined) moved.splice(to, 0, entry);
  return moved;
}

/** The name an effect is shown under: its ability's display name once known, else its key. */
export function effectLabel(choices: readonly EffectChoice[], effect: EffectRef | string): string {
  const key = typeof effect === 'string' ? effect : effectKey(effect);
  return choices.find((choice) => effectKey(choice) === key)?.label ?? key;
}
