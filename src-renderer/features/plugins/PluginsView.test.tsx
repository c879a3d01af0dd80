// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PluginDetails, PluginSummary } from '../../../src-shared/contract/index.ts';
import { byName } from '../../testing/dom.ts';
import { renderWithHost, unmountAll, type Script } from '../../testing/render-with-host.tsx';
import { PluginsView } from './PluginsView.tsx';

afterEach(unmountAll);

const eq: PluginSummary = { id: 'org.fugue.eq', name: 'Parametric EQ', version: '0.1.0', status: 'active', desired: 'enabled', builtin: false, kinds: ['dsp'], signature: { state: 'verified', reason: 'signed by Fugue', publisher: 'Fugue' } };
const flac: PluginSummary = { ...eq, id: 'org.fugue.flac', name: 'FLAC', kinds: ['decoder'], status: 'failed', desired: 'enabled', signature: { state: 'unverified', reason: 'not signed' } };

async function renderView(script: Script) {
  const rendered = renderWithHost(<PluginsView />, script);
  await act(() => rendered.commands.refreshList());
  return rendered;
}

function rows(view: HTMLElement): HTMLElement[] {
  return [...view.querySelectorAll<HTMLElement>('[role="listitem"]')];
}

function buttonIn(scope: HTMLElement, name: string): HTMLButtonElement {
  return byName<HTMLButtonElement>(scope, 'button', name);
}

describe('PluginsView', () => {
  it('lists plugins with status badges and filters them by kind', async () => {
    const { view } = await renderView({ 'plugins.list': () => ({ ok: true, value: [eq, flac] }) });
    expect(view.querySelector('main h1')?.textContent).toBe('Plugins');
    expect(rows(view).map((row) => [row.querySelector('.name')?.textContent, row.querySelector('.badge')?.textContent])).toEqual([
      ['Parametric EQ', 'active'],
      ['FLAC', 'failed'],
    ]);
    const select = view.querySelector('select');
    if (select === null) throw new Error('no kind filter');
    act(() => {
      select.value = 'decoder';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(rows(view).map((row) => row.querySelector('.name')?.textContent)).toEqual(['FLAC']);
  });

  it('disables a plugin through the contract and shows the answer', async () => {
    const { view, calls } = await renderView({
      'plugins.list': () => ({ ok: true, value: [eq] }),
      'plugins.disable': () => ({ ok: true, value: { ...eq, status: 'disabled', desired: 'disabled' } }),
    });
    const row = rows(view)[0];
    if (row === undefined) throw new Error('no row');
    await act(async () => buttonIn(row, 'Disable').click());
    expect(calls).toContainEqual(['plugins.disable', { pluginId: 'org.fugue.eq' }]);
    expect(row.querySelector('.badge')?.textContent).toBe('disabled');
    expect(buttonIn(row, 'Enable')).toBeDefined();
  });

  it('installs an upload after consent and selects the new plugin', async () => {
    const request = { consentId: 'c1', pluginId: 'org.fugue.eq', name: 'Parametric EQ', version: '0.1.0', declared: [], toAsk: [{ key: 'storage', kind: 'storage' as const, target: 'storage', reason: 'presets', description: '1 KB of storage (presets)' }], expiresAt: 0 };
    const details: PluginDetails = { ...eq, components: [], permissions: [{ ...request.toAsk[0]!, granted: true }], metrics: [], events: [] };
    const { view, calls, commands } = await renderView({
      'plugins.list': () => ({ ok: true, value: [] }),
      'plugins.install': () => ({ ok: true, value: { status: 'consent-required', request } }),
      'plugins.answerConsent': () => ({ ok: true, value: { status: 'installed', outcome: { pluginId: 'org.fugue.eq', version: '0.1.0', action: 'installed', running: true, granted: ['storage'], signature: eq.signature } } }),
      'plugins.details': () => ({ ok: true, value: details }),
      'plugins.events': () => ({ ok: true, value: [] }),
    });
    await act(() => commands.install(new File([new Uint8Array([1])], 'eq.zip')));
    const dialog = view.querySelector<HTMLElement>('[role="dialog"]');
    expect(dialog?.textContent).toContain('Install Parametric EQ?');
    await act(async () => buttonIn(dialog!, 'Install').click());
    expect(calls).toContainEqual(['plugins.install', { source: { kind: 'upload', uploadId: 'upload-1' } }]);
    expect(calls).toContainEqual(['plugins.answerConsent', { consentId: 'c1', approve: true }]);
    expect(view.querySelector('[role="dialog"]')).toBeNull();
    expect(view.querySelector('[role="status"]')?.textContent).toContain('org.fugue.eq 0.1.0 installed');
    expect(view.querySelector('#details-heading')?.textContent).toBe('Parametric EQ');
  });

  it('revokes a permission and uninstalls only after confirmation', async () => {
    const storage = { key: 'storage', kind: 'storage' as const, target: 'storage', reason: 'presets', description: '1 KB of storage (presets)' };
    let granted = true;
    const { view, calls, commands } = await renderView({
      'plugins.list': () => ({ ok: true, value: [eq] }),
      'plugins.details': () => ({ ok: true, value: { ...eq, components: [], permissions: [{ ...storage, granted }], metrics: [], events: [] } }),
      'plugins.events': () => ({ ok: true, value: [{ seq: 1, at: 0, kind: 'installed', message: 'installed 0.1.0' }] }),
      'plugins.setPermission': () => {
        granted = false;
        return { ok: true, value: { ...storage, granted } };
      },
      'plugins.uninstall': () => ({ ok: true, value: { pluginId: 'org.fugue.eq', completed: true } }),
    });
    await act(() => commands.select('org.fugue.eq'));
    const toggle = view.querySelector<HTMLInputElement>('input[role="switch"]');
    expect(toggle?.checked).toBe(true);
    await act(async () => toggle?.click());
    expect(calls).toContainEqual(['plugins.setPermission', { pluginId: 'org.fugue.eq', key: 'storage', granted: false }]);
    expect(view.querySelector<HTMLInputElement>('input[role="switch"]')?.checked).toBe(false);
    expect(view.querySelector('.event-log')?.textContent).toContain('installed 0.1.0');

    act(() => buttonIn(view, 'Uninstall…').click());
    const dialog = view.querySelector<HTMLElement>('[role="dialog"]');
    expect(dialog?.querySelector('h2')?.textContent).toBe('Uninstall Parametric EQ?');
    act(() => buttonIn(dialog!, 'Cancel').click());
    expect(calls.some(([op]) => op === 'plugins.uninstall')).toBe(false);
    expect(rows(view)).toHaveLength(1);

    act(() => buttonIn(view, 'Uninstall…').click());
    await act(async () => buttonIn(view.querySelector<HTMLElement>('[role="dialog"]')!, 'Uninstall').click());
    expect(calls).toContainEqual(['plugins.uninstall', { pluginId: 'org.fugue.eq' }]);
    expect(rows(view)).toHaveLength(0);
  });

  it('shows a settings form for each ability that has settings, and the metrics of the plugin', async () => {
    const component = {
      id: 'eq',
      world: 'dsp-plugin',
      abilities: [
        { kind: 'dsp' as const, typeId: 'eq', displayName: 'Parametric EQ', hasSettings: true },
        { kind: 'dsp' as const, typeId: 'eq-lite', displayName: 'Quick EQ', hasSettings: false },
      ],
    };
    const { view, calls, commands } = await renderView({
      'plugins.list': () => ({ ok: true, value: [eq] }),
      'plugins.details': () => ({ ok: true, value: { ...eq, components: [component], permissions: [], metrics: [], events: [] } }),
      'plugins.events': () => ({ ok: true, value: [] }),
      'plugins.metrics': () => ({ ok: true, value: [] }),
      'plugins.settings': () => ({
        ok: true,
        value: [{ typeId: 'eq', kind: 'dsp', displayName: 'Parametric EQ', fields: [{ key: 'gain_db', type: 'number', title: 'Gain (dB)', default: 0, required: false }], values: {} }],
      }),
    });
    await act(() => commands.select('org.fugue.eq'));
    const forms = [...view.querySelectorAll('form.settings-form')].map((form) => form.getAttribute('aria-label'));
    expect(forms).toEqual(['Settings of Parametric EQ']);
    expect(calls).toContainEqual(['plugins.settings', { pluginId: 'org.fugue.eq' }]);
    expect(view.querySelector('figure figcaption')?.textContent).toBe('Metrics of Parametric EQ');
    expect(calls).toContainEqual(['plugins.metrics', { pluginId: 'org.fugue.eq' }]);
  });

  it('shows a refused operation in an alert', async () => {
    const { view } = await renderView({ 'plugins.list': () => ({ ok: false, error: { code: 'io', message: 'the catalog could not be read' } }) });
    expect(view.querySelector('[role="alert"]')?.textContent).toContain('the catalog could not be read');
  });
});
