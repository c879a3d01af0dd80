// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { createContractClient, type OperationName, type PluginDetails, type PluginSummary } from '../../../src-shared/contract/index.ts';
import type { Result } from '../../../src-shared/errors.ts';
import { AppProvider } from '../../app-context.tsx';
import { applyEvent } from '../../store/bridge.ts';
import { createCommands, type Host } from '../../store/commands.ts';
import { createAppStore } from '../../store/store.ts';
import { PluginsView } from './PluginsView.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const ID = 'org.fugue.fixture.versioned';
const FOLDER = '/work/versioned-lyrics';
const linked: PluginSummary = {
  id: ID,
  name: 'Versioned lyrics',
  version: '1.0.0',
  status: 'dev',
  desired: 'enabled',
  builtin: false,
  kinds: ['lyrics'],
  signature: { state: 'unverified', reason: 'runs from a dev folder' },
  dev: { folder: FOLDER, version: '1.0.0', linkedAt: 0 },
};

type Script = Partial<Record<OperationName, (params: unknown) => Result<unknown>>>;

let root: Root | undefined;
let container: HTMLElement | undefined;

afterEach(() => {
  act(() => root?.unmount());
  container?.remove();
});

async function renderView(script: Script, extra: Partial<Host> = {}) {
  const calls: Array<[OperationName, unknown]> = [];
  const contract = createContractClient(async (op, params) => {
    calls.push([op, params]);
    return script[op]?.(params) ?? { ok: false, error: { code: 'not-found', message: `${op} is not scripted` } };
  });
  const store = createAppStore();
  store.getState().setConnection('open');
  const commands = createCommands({ contract, upload: async () => ({ ok: true, value: 'upload-1' }), ...extra }, store);
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() => root?.render(<AppProvider store={store} commands={commands}><PluginsView /></AppProvider>));
  await act(() => commands.refreshList());
  return { calls, store, commands, view: container };
}

function button(scope: HTMLElement, name: string): HTMLButtonElement {
  const found = [...scope.querySelectorAll('button')].find((entry) => (entry.getAttribute('aria-label') ?? entry.textContent) === name);
  if (found === undefined) throw new Error(`no button "${name}"`);
  return found;
}

function typeFolder(view: HTMLElement, value: string) {
  const input = view.querySelector<HTMLInputElement>('#dev-folder-path');
  if (input === null) throw new Error('no "Plugin folder" input');
  act(() => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/** A host whose linked plugin runs `version` and last refused `refusal`. */
function devHost(state: { version: string; refusal?: string }): Script {
  const details = (): PluginDetails => ({
    ...linked,
    version: state.version,
    dev: { folder: FOLDER, version: state.version, linkedAt: 0, ...(state.refusal === undefined ? {} : { lastError: { code: 'invalid-package', message: state.refusal } }) },
    components: [],
    permissions: [],
    metrics: [],
    events: [],
  });
  return {
    'plugins.list': () => ({ ok: true, value: [] }),
    'plugins.devLink': () => ({ ok: true, value: linked }),
    'plugins.details': () => ({ ok: true, value: details() }),
    'plugins.events': () => ({ ok: true, value: [] }),
    'plugins.metrics': () => ({ ok: true, value: [] }),
    'plugins.devUnlink': () => ({ ok: true, value: { pluginId: ID } }),
  };
}

describe('dev folders', () => {
  it('loads a typed folder, shows the plugin with the dev badge and its folder in the details', async () => {
    const { view, calls } = await renderView(devHost({ version: '1.0.0' }));
    const load = button(view, 'Load folder');
    expect(load.disabled).toBe(true);
    typeFolder(view, `  ${FOLDER} `);
    await act(async () => load.click());
    expect(calls).toContainEqual(['plugins.devLink', { folder: FOLDER }]);
    expect(view.querySelector('[role="listitem"] .badge')?.textContent).toBe('dev');
    expect(view.querySelector('#details-heading')?.textContent).toBe('Versioned lyrics');
    expect(view.querySelector('.dev-link')?.textContent).toContain(`Dev folder: ${FOLDER}`);
    expect(view.querySelector('.dev-link [role="status"]')?.textContent).toBe('Watching the folder for changes.');
    expect(view.querySelector<HTMLInputElement>('#dev-folder-path')?.value).toBe('');
  });

  it('keeps the typed folder and shows the refusal when the folder is not a plugin', async () => {
    const { view } = await renderView({ ...devHost({ version: '1.0.0' }), 'plugins.devLink': () => ({ ok: false, error: { code: 'invalid-manifest', message: '/tmp/empty has no plugin.json' } }) });
    typeFolder(view, '/tmp/empty');
    await act(async () => button(view, 'Load folder').click());
    expect(view.querySelector('[role="alert"]')?.textContent).toContain('/tmp/empty has no plugin.json');
    expect(view.querySelector<HTMLInputElement>('#dev-folder-path')?.value).toBe('/tmp/empty');
  });

  it('fills the folder from the shell\'s picker when there is one', async () => {
    const { view } = await renderView(devHost({ version: '1.0.0' }), { pickFolder: async () => '/picked/plugin' });
    await act(async () => button(view, 'Choose folder…').click());
    expect(view.querySelector<HTMLInputElement>('#dev-folder-path')?.value).toBe('/picked/plugin');
  });

  it('shows each live reload, and a refused one as an alert while the last good version runs', async () => {
    const host = { version: '1.0.0' } as { version: string; refusal?: string };
    const { view, store, commands } = await renderView(devHost(host));
    typeFolder(view, FOLDER);
    await act(async () => button(view, 'Load folder').click());

    host.version = '2.0.0';
    await act(async () => applyEvent({ event: 'plugins.devReload', payload: { pluginId: ID, outcome: 'reloaded', version: '2.0.0', changed: ['dist/lyrics.wasm'] } }, store, commands));
    const status = view.querySelector('.dev-link [role="status"]');
    expect(status?.textContent).toMatch(/^Reloaded .+ \(version 2\.0\.0\): dist\/lyrics\.wasm$/);
    expect(view.querySelector('[role="alert"]')).toBeNull();

    const refusal = 'dist/lyrics.wasm is not a WebAssembly component';
    host.refusal = refusal;
    await act(async () => applyEvent({ event: 'plugins.devReload', payload: { pluginId: ID, outcome: 'failed', changed: ['dist/lyrics.wasm'], error: { code: 'invalid-package', message: refusal } } }, store, commands));
    const alerts = [...view.querySelectorAll('[role="alert"]')].map((alert) => alert.textContent);
    // Said once, beside the dev folder, not again in the screen's alert.
    expect(alerts).toEqual(['Reload refused: dist/lyrics.wasm is not a WebAssembly component. Still running version 2.0.0.']);
    expect(status?.textContent).toBe('');
  });

  it('unlinks the dev folder through the contract', async () => {
    const { view, calls } = await renderView(devHost({ version: '1.0.0' }));
    typeFolder(view, FOLDER);
    await act(async () => button(view, 'Load folder').click());
    await act(async () => button(view, 'Unlink dev folder').click());
    expect(calls).toContainEqual(['plugins.devUnlink', { pluginId: ID }]);
  });
});
