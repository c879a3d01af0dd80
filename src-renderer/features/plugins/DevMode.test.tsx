// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PluginDetails, PluginSummary } from '../../../src-shared/contract/index.ts';
import { byName, change } from '../../testing/dom.ts';
import { renderWithHost, unmountAll, type HostExtras, type Script } from '../../testing/render-with-host.tsx';
import { PluginsView } from './PluginsView.tsx';

afterEach(unmountAll);

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

async function renderView(script: Script, extra: HostExtras = {}) {
  const rendered = renderWithHost(<PluginsView />, script, extra);
  await act(() => rendered.commands.refreshList());
  return rendered;
}

function button(scope: HTMLElement, name: string): HTMLButtonElement {
  return byName<HTMLButtonElement>(scope, 'button', name);
}

function typeFolder(view: HTMLElement, value: string) {
  const input = view.querySelector<HTMLInputElement>('#dev-folder-path');
  if (input === null) throw new Error('no "Plugin folder" input');
  change(input, value);
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
    const { view, emit } = await renderView(devHost(host));
    typeFolder(view, FOLDER);
    await act(async () => button(view, 'Load folder').click());

    host.version = '2.0.0';
    await act(async () => emit({ event: 'plugins.devReload', payload: { pluginId: ID, outcome: 'reloaded', version: '2.0.0', changed: ['dist/lyrics.wasm'] } }));
    const status = view.querySelector('.dev-link [role="status"]');
    expect(status?.textContent).toMatch(/^Reloaded .+ \(version 2\.0\.0\): dist\/lyrics\.wasm$/);
    expect(view.querySelector('[role="alert"]')).toBeNull();

    const refusal = 'dist/lyrics.wasm is not a WebAssembly component';
    host.refusal = refusal;
    await act(async () => emit({ event: 'plugins.devReload', payload: { pluginId: ID, outcome: 'failed', changed: ['dist/lyrics.wasm'], error: { code: 'invalid-package', message: refusal } } }));
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
