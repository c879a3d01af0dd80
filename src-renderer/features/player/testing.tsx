/**
 * Renders a part of the app for a DOM test with a real store and real commands over a
 * scripted contract client (the boundary the tests fake), and feeds host events through
 * the real bridge. Used by the Player, library, lyrics and App tests.
 */
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { createContractClient, type ContractEvent, type NowPlayingView, type OperationName, type PlayerStatus } from '../../../src-shared/contract/index.ts';
import type { Result } from '../../../src-shared/errors.ts';
import { AppProvider } from '../../app-context.tsx';
import { applyEvent } from '../../store/bridge.ts';
import { createCommands } from '../../store/commands.ts';
import { createAppStore } from '../../store/store.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** The host side of the contract as a test scripts it: operation → answer. */
export type Script = Partial<Record<OperationName, (params: unknown) => Result<unknown>>>;

const mounted: Array<{ root: Root; container: HTMLElement }> = [];

/** Unmounts what {@link renderWithHost} mounted (call in `afterEach`). */
export function unmountAll(): void {
  for (const { root, container } of mounted.splice(0)) {
    act(() => root.unmount());
    container.remove();
  }
}

export function renderWithHost(ui: ReactNode, script: Script) {
  const calls: Array<[OperationName, unknown]> = [];
  const contract = createContractClient(async (op, params) => {
    calls.push([op, params]);
    return script[op]?.(params) ?? { ok: false, error: { code: 'not-found', message: `${op} is not scripted` } };
  });
  const store = createAppStore();
  store.getState().setConnection('open');
  const commands = createCommands({ contract, upload: async () => ({ ok: false, error: { code: 'io', message: 'no uploads here' } }) }, store);
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  mounted.push({ root, container });
  act(() => root.render(<AppProvider store={store} commands={commands}>{ui}</AppProvider>));
  const emit = (event: ContractEvent) => act(() => applyEvent(event, store, commands));
  return { calls, store, commands, view: container, emit };
}

export const NOW: NowPlayingView = {
  entryId: 1,
  track: { kind: 'file', path: '/music/Evening Tone.flac' },
  title: 'Evening Tone',
  artist: 'The Test Ensemble',
  album: 'Signals',
  durationMs: 15_000,
  codec: 'flac',
  sampleRate: 44_100,
  channels: 2,
  lossless: true,
  seekable: true,
  decoder: { pluginId: 'org.fugue.flac', typeId: 'flac' },
  hasCoverArt: false,
};

/** A player status: nothing queued, unless `patch` says otherwise. */
export function status(patch: Partial<PlayerStatus> = {}): PlayerStatus {
  return { state: 'stopped', positionMs: 0, volume: 1, repeat: 'off', shuffle: false, queue: [], effects: [], output: 'null', ...patch };
}

export function playing(patch: Partial<PlayerStatus> = {}): PlayerStatus {
  return status({ state: 'playing', queue: [{ entryId: 1, track: NOW.track }], nowPlaying: NOW, ...patch });
}

/** The element whose accessible name (aria-label or text) is `name`; throws with what there is when none. */
export function byName<T extends Element = HTMLElement>(scope: ParentNode, selector: string, name: string): T {
  const found = [...scope.querySelectorAll<T>(selector)].find((element) => (element.getAttribute('aria-label') ?? element.textContent?.trim()) === name);
  if (found === undefined) throw new Error(`no ${selector} named "${name}"`);
  return found;
}

/** Sets a form control's value the way a user's change does, so React sees it. */
export function change(element: HTMLInputElement | HTMLSelectElement, value: string): void {
  act(() => {
    const proto = element instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(element, value);
    element.dispatchEvent(new Event(element instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
  });
}
