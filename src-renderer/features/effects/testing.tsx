/**
 * Test support for the effects editor and the problem alerts: a fake host at the contract
 * boundary that keeps an effect chain the way `playback.setEffects` does, a real store and
 * real commands, and DOM lookups by accessible name.
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { createContractClient, type EffectRef, type OperationName, type PlayerStatus, type PluginDetails, type PluginSummary } from '../../../src-shared/contract/index.ts';
import type { Result } from '../../../src-shared/errors.ts';
import { AppProvider } from '../../app-context.tsx';
import { createCommands } from '../../store/commands.ts';
import { createAppStore } from '../../store/store.ts';
import { ProblemBanner } from '../problems/ProblemBanner.tsx';
import { EffectsPanel } from './EffectsPanel.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

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

/** Answers scripted per test on top of the default host (operation → answer). */
export type Script = Partial<Record<OperationName, (params: unknown) => Result<unknown> | Promise<Result<unknown>>>>;

export interface Rendered {
  view: HTMLElement;
  store: ReturnType<typeof createAppStore>;
  /** Every contract call, in order. */
  calls: Array<[OperationName, unknown]>;
  /** The chains sent with `playback.setEffects`, in order. */
  sentChains(): EffectRef[][];
  unmount(): void;
}

/** Renders the effects panel and the problem alerts over a fake host running `initialEffects`. */
export async function renderEffects(initialEffects: EffectRef[] = [], script: Script = {}): Promise<Rendered> {
  let effects = initialEffects;
  const calls: Array<[OperationName, unknown]> = [];
  const defaults: Script = {
    'plugins.list': () => ({ ok: true, value: PLUGINS }),
    'plugins.details': (params) => ({ ok: true, value: DETAILS[(params as { pluginId: string }).pluginId] }),
    'plugins.events': () => ({ ok: true, value: [] }),
    'playback.status': () => ({ ok: true, value: statusWith(effects) }),
    'playback.setEffects': (params) => {
      effects = (params as { effects: EffectRef[] }).effects;
      return { ok: true, value: statusWith(effects) };
    },
  };
  const contract = createContractClient(async (op, params) => {
    calls.push([op, params]);
    const answer = script[op] ?? defaults[op];
    return (await answer?.(params)) ?? { ok: false, error: { code: 'not-found', message: `${op} is not scripted` } };
  });
  const store = createAppStore();
  const commands = createCommands({ contract, upload: async () => ({ ok: false, error: { code: 'io', message: 'no uploads here' } }) }, store);
  const container = document.createElement('div');
  document.body.append(container);
  const root: Root = createRoot(container);
  await act(async () => {
    await commands.refreshList();
    store.getState().setConnection('open');
    root.render(
      <AppProvider store={store} commands={commands}>
        <ProblemBanner />
        <EffectsPanel />
      </AppProvider>,
    );
  });
  await settle();
  return {
    view: container,
    store,
    calls,
    sentChains: () => calls.filter(([op]) => op === 'playback.setEffects').map(([, params]) => (params as { effects: EffectRef[] }).effects),
    unmount: () => {
      act(() => root.unmount());
      container.remove();
    },
  };
}

/** Lets queued contract answers and the renders they cause finish. */
export async function settle(): Promise<void> {
  for (let round = 0; round < 5; round++) await act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
}

/** The control whose accessible name (aria-label, else its text) is `name`. */
export function control<T extends HTMLElement = HTMLButtonElement>(scope: ParentNode, name: string): T {
  const found = [...scope.querySelectorAll<T>('button, input, select')].find((element) => (element.getAttribute('aria-label') ?? element.textContent?.trim()) === name);
  if (found === undefined) throw new Error(`no control named "${name}"`);
  return found;
}

export async function click(scope: ParentNode, name: string): Promise<void> {
  await act(async () => control(scope, name).click());
  await settle();
}

export async function choose(select: HTMLSelectElement, value: string): Promise<void> {
  await act(async () => {
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
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
