/**
 * Renders a part of the app for a DOM test with a real store and real commands over a
 * scripted contract client (the boundary the tests fake), and feeds host events through
 * the real bridge. Every renderer DOM test that needs the host mounts through here; call
 * {@link unmountAll} in `afterEach`.
 */
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { createContractClient, type ContractEvent, type OperationName } from '../../src-shared/contract/index.ts';
import type { Result } from '../../src-shared/errors.ts';
import { AppProvider } from '../app-context.tsx';
import { applyEvent } from '../store/bridge.ts';
import { createCommands, type Host } from '../store/commands.ts';
import { createAppStore } from '../store/store.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** The host side of the contract as a test scripts it: operation → answer (now or later). */
export type Script = Partial<Record<OperationName, (params: unknown) => Result<unknown> | Promise<Result<unknown>>>>;

/** The host's parts beyond the contract that a test may give (upload, pickFolder, pathOf). */
export type HostExtras = Partial<Omit<Host, 'contract'>>;

/** The upload id every upload answers unless a test gives its own `upload`. */
export const UPLOAD_ID = 'upload-1';

const mounted = new Set<() => void>();

/** Unmounts what {@link renderWithHost} mounted and is still there (call in `afterEach`). */
export function unmountAll(): void {
  for (const unmount of [...mounted]) unmount();
}

/**
 * Mounts `ui` with the connection open over a host answering `script` (an operation it
 * does not script answers `not-found`); `extra` adds or replaces the host's other parts
 * (upload, pickFolder, pathOf).
 */
export function renderWithHost(ui: ReactNode, script: Script, extra: HostExtras = {}) {
  const calls: Array<[OperationName, unknown]> = [];
  const contract = createContractClient(async (op, params) => {
    calls.push([op, params]);
    return (await script[op]?.(params)) ?? { ok: false, error: { code: 'not-found', message: `${op} is not scripted` } };
  });
  const store = createAppStore();
  store.getState().setConnection('open');
  const commands = createCommands({ contract, upload: async () => ({ ok: true, value: UPLOAD_ID }), ...extra }, store);
  const container = document.createElement('div');
  document.body.append(container);
  const root: Root = createRoot(container);
  const unmount = () => {
    if (!mounted.delete(unmount)) return;
    act(() => root.unmount());
    container.remove();
  };
  mounted.add(unmount);
  act(() => root.render(<AppProvider store={store} commands={commands}>{ui}</AppProvider>));
  /** Feeds a host event through the real bridge, as the connection does. */
  const emit = (event: ContractEvent) => act(() => applyEvent(event, store, commands));
  return { calls, store, commands, view: container, emit, unmount };
}

/** Lets queued contract answers and the renders they cause finish. */
export async function settle(): Promise<void> {
  for (let round = 0; round < 5; round++) await act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
}
