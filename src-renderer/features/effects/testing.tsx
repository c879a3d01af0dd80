/**
 * Test support for the effects editor and the problem alerts: a fake host at the contract
 * boundary that keeps an effect chain the way `playback.setEffects` does (mounted through
 * the shared harness, so with a real store and real commands), and effects-specific DOM
 * lookups.
 */
import { act } from 'react';
import type { EffectRef, PlayerStatus, PluginDetails, PluginSummary } from '../../../src-shared/contract/index.ts';
import { byName, setValue } from '../../testing/dom.ts';
import { renderWithHost, settle, type Script } from '../../testing/render-with-host.tsx';
import { ProblemBanner } from '../problems/ProblemBanner.tsx';
import { EffectsPanel } from './EffectsPanel.tsx';

export { settle };

export const EQ = { pluginId: 'org.fugue.eq', typeId: 'eq10' };
export const GAIN = { pluginId: 'org.fugue.gain', typeId: 'gain' };
export const FAULT = { pluginId: 'org.fugue.fixture.fault-dsp', typeId: 'trap-after' };

function summary(id: string, name: string): PluginSummary {
  return { id, name, version: '0.1.0', status: 'active', desired: 'enabled', builtin: true, kinds: ['dsp'], signature: { state: 'unverified', reason: 'not signed' } };
}

function details(plugin: PluginSummary, abilities: Array<{ typeId: string; displayName: string; hasSettings: boolean }>): PluginDetails {
  return { ...plugin, components: [{ id: 'main', world: 'dsp-plugin', abilities: abilities.map((ability) => ({ kind: 'dsp' as const, ...ability })) }], permissions: [], metrics: [], events: [] };
}

const PLUGINS = [summary(EQ.pluginId, 'Parametric EQ'), summary(GAIN.pluginId, 'Gain'), summary(FAULT.pluginId, 'Fixture faulty effects')];
const DETAILS: Record<string, PluginDetails> = {
  [EQ.pluginId]: details(PLUGINS[0] as PluginSummary, [{ typeId: 'eq10', displayName: '10-band parametric EQ', hasSettings: true }]),
  [GAIN.pluginId]: details(PLUGINS[1] as PluginSummary, [{ typeId: 'gain', displayName: 'Gain', hasSettings: false }]),
  [FAULT.pluginId]: details(PLUGINS[2] as PluginSummary, [{ typeId: 'trap-after', displayName: 'Traps after 40 blocks', hasSettings: false }]),
};

export function statusWith(effects: EffectRef[], nowPlaying?: PlayerStatus['nowPlaying']): PlayerStatus {
  return { state: 'playing', positionMs: 1000, volume: 1, repeat: 'off', shuffle: false, queue: [], effects, output: 'null', ...(nowPlaying === undefined ? {} : { nowPlaying }) };
}

export interface Rendered extends ReturnType<typeof renderWithHost> {
  /** The chains sent with `playback.setEffects`, in order. */
  sentChains(): EffectRef[][];
}

/** Renders the effects panel and the problem alerts over a fake host running `initialEffects`; `script` answers on top of it. */
export async function renderEffects(initialEffects: EffectRef[] = [], script: Script = {}): Promise<Rendered> {
  let effects = initialEffects;
  const host: Script = {
    'plugins.list': () => ({ ok: true, value: PLUGINS }),
    'plugins.details': (params) => ({ ok: true, value: DETAILS[(params as { pluginId: string }).pluginId] }),
    'plugins.events': () => ({ ok: true, value: [] }),
    'playback.status': () => ({ ok: true, value: statusWith(effects) }),
    'playback.setEffects': (params) => {
      effects = (params as { effects: EffectRef[] }).effects;
      return { ok: true, value: statusWith(effects) };
    },
    ...script,
  };
  const rendered = renderWithHost(
    <>
      <ProblemBanner />
      <EffectsPanel />
    </>,
    host,
  );
  await act(() => rendered.commands.refreshList());
  await settle();
  const sentChains = () => rendered.calls.filter(([op]) => op === 'playback.setEffects').map(([, params]) => (params as { effects: EffectRef[] }).effects);
  return { ...rendered, sentChains };
}

/** The control whose accessible name (aria-label, else its text) is `name`. */
export function control<T extends HTMLElement = HTMLButtonElement>(scope: ParentNode, name: string): T {
  return byName<T>(scope, 'button, input, select', name);
}

export async function click(scope: ParentNode, name: string): Promise<void> {
  await act(async () => control(scope, name).click());
  await settle();
}

export async function choose(select: HTMLSelectElement, value: string): Promise<void> {
  await act(async () => setValue(select, value));
}

/** The labels of the chain's entries, in order, with `(bypassed)` after a bypassed one. */
export function chainShown(view: HTMLElement): string[] {
  return [...view.querySelectorAll('ol[aria-label="Effect chain"] > li')].map((item) => {
    const label = item.querySelector('.effects-label')?.textContent ?? '?';
    return item.classList.contains('effects-bypassed') ? `${label} (bypassed)` : label;
  });
}

/** The select a `<label>` with the text `name` names. */
export function labelledSelect(scope: HTMLElement, name: string): HTMLSelectElement {
  const label = [...scope.querySelectorAll('label')].find((element) => element.textContent?.trim() === name);
  const select = label === undefined ? null : scope.querySelector<HTMLSelectElement>(`select[id="${label.htmlFor}"]`);
  if (select === null) throw new Error(`no select labelled "${name}"`);
  return select;
}
