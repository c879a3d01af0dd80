import { describe, expect, it } from 'vitest';
import type { PluginDetails, PluginSummary } from '../../src-shared/contract/index.ts';
import { applyEvent } from './bridge.ts';
import { visiblePlugins } from './plugins-slice.ts';
import { createAppStore } from './store.ts';

function summary(id: string, patch: Partial<PluginSummary> = {}): PluginSummary {
  return { id, name: id, version: '1.0.0', status: 'active', desired: 'enabled', builtin: false, kinds: ['dsp'], signature: { state: 'unverified', reason: 'not signed' }, ...patch };
}

function details(id: string): PluginDetails {
  return { ...summary(id), components: [], permissions: [], metrics: [], events: [] };
}

describe('plugins slice', () => {
  it('adds, replaces and removes rows as plugins.changed reports them', () => {
    const store = createAppStore();
    store.getState().setPlugins([summary('org.a.one'), summary('org.a.two')]);
    store.getState().applyChanged('org.a.three', summary('org.a.three'));
    store.getState().applyChanged('org.a.one', summary('org.a.one', { status: 'disabled', desired: 'disabled' }));
    store.getState().applyChanged('org.a.two', undefined);
    const rows = store.getState().plugins;
    expect(rows.map((row) => [row.id, row.status])).toEqual([
      ['org.a.one', 'disabled'],
      ['org.a.three', 'active'],
    ]);
  });

  it('filters the list by ability kind', () => {
    const store = createAppStore();
    store.getState().setPlugins([summary('org.a.eq', { kinds: ['dsp'] }), summary('org.a.flac', { kinds: ['decoder'] }), summary('org.a.both', { kinds: ['decoder', 'dsp'] })]);
    store.getState().setKindFilter('decoder');
    expect(visiblePlugins(store.getState()).map((row) => row.id)).toEqual(['org.a.flac', 'org.a.both']);
    store.getState().setKindFilter('all');
    expect(visiblePlugins(store.getState())).toHaveLength(3);
  });

  it('keeps the details of the selected plugin current and drops them when it is removed', () => {
    const store = createAppStore();
    store.getState().select('org.a.one');
    store.getState().setDetails(details('org.a.other'), []);
    expect(store.getState().details).toBeUndefined();
    store.getState().setDetails(details('org.a.one'), []);
    store.getState().applyChanged('org.a.one', summary('org.a.one', { status: 'failed' }));
    expect(store.getState().details?.status).toBe('failed');
    store.getState().applyChanged('org.a.one', undefined);
    expect(store.getState().selectedId).toBeUndefined();
    expect(store.getState().details).toBeUndefined();
  });
});

describe('ui slice and bridge', () => {
  it('moves the install in progress only on events about its own upload', () => {
    const store = createAppStore();
    const commands = { refreshDetails: async () => {} };
    store.getState().setInstall({ fileName: 'eq.zip', source: 'upload-1', step: 'received' });
    applyEvent({ event: 'plugins.installProgress', payload: { source: 'upload-2', step: 'validated' } }, store, commands);
    expect(store.getState().install?.step).toBe('received');
    applyEvent({ event: 'plugins.installProgress', payload: { source: 'upload-1', step: 'validated' } }, store, commands);
    expect(store.getState().install?.step).toBe('validated');
    applyEvent({ event: 'plugins.installProgress', payload: { source: 'upload-1', step: 'failed', error: { code: 'invalid-package', message: 'the zip has no plugin.json' } } }, store, commands);
    expect(store.getState().error).toBe('the zip has no plugin.json');
  });

  it('applies plugins.changed and asks for fresh details of the plugin shown', () => {
    const store = createAppStore();
    const refreshed: string[] = [];
    const commands = { refreshDetails: async (pluginId: string) => void refreshed.push(pluginId) };
    applyEvent({ event: 'plugins.changed', payload: { pluginId: 'org.a.new', summary: summary('org.a.new', { status: 'dev' }) } }, store, commands);
    expect(store.getState().plugins.map((row) => row.status)).toEqual(['dev']);
    expect(refreshed).toEqual(['org.a.new']);
  });

  it('keeps the last live reload of each dev plugin and alerts the screen only when its details are not shown', () => {
    const store = createAppStore();
    const refreshed: string[] = [];
    const commands = { refreshDetails: async (pluginId: string) => void refreshed.push(pluginId) };
    applyEvent({ event: 'plugins.devReload', payload: { pluginId: 'org.a.dev', outcome: 'reloaded', version: '2.0.0', changed: ['dist/a.wasm'] } }, store, commands);
    expect(store.getState().devReloads['org.a.dev']).toMatchObject({ outcome: 'reloaded', version: '2.0.0', changed: ['dist/a.wasm'] });
    expect(refreshed).toEqual(['org.a.dev']);

    const refusal = { code: 'invalid-package' as const, message: 'dist/a.wasm is not a component' };
    applyEvent({ event: 'plugins.devReload', payload: { pluginId: 'org.a.dev', outcome: 'failed', changed: ['dist/a.wasm'], error: refusal } }, store, commands);
    expect(store.getState().devReloads['org.a.dev']).toMatchObject({ outcome: 'failed', message: 'dist/a.wasm is not a component' });
    expect(store.getState().error).toBe('dist/a.wasm is not a component');

    store.getState().dismissError();
    store.getState().select('org.a.dev');
    applyEvent({ event: 'plugins.devReload', payload: { pluginId: 'org.a.dev', outcome: 'failed', changed: ['dist/a.wasm'], error: refusal } }, store, commands);
    expect(store.getState().error).toBeUndefined();

    // Unlinked: the next link starts without the old indicator.
    applyEvent({ event: 'plugins.changed', payload: { pluginId: 'org.a.dev' } }, store, commands);
    expect(store.getState().devReloads['org.a.dev']).toBeUndefined();
  });

  it('says which plugin an error came from', () => {
    const store = createAppStore();
    store.getState().showError({ code: 'trap', message: 'the decoder trapped', plugin: { pluginId: 'org.a.flac' } });
    expect(store.getState().error).toBe('the decoder trapped (org.a.flac)');
    store.getState().dismissError();
    expect(store.getState().error).toBeUndefined();
  });
});
