// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CatalogItemView } from '../../../src-shared/contract/index.ts';
import { byName, change } from '../../testing/dom.ts';
import { renderWithHost, unmountAll, type Script } from '../../testing/render-with-host.tsx';
import { playing } from '../player/fixtures.ts';
import { LibraryBrowser } from './LibraryBrowser.tsx';

afterEach(unmountAll);

const LIBRARY = { pluginId: 'org.fugue.library', typeId: 'library', displayName: 'Music folders' };
const PODCASTS = { pluginId: 'org.fugue.podcasts', typeId: 'podcasts', displayName: 'Podcasts' };
const folder = (id: string, title: string): CatalogItemView => ({ id, kind: 'folder', title, playable: false, hasChildren: true });
const track = (id: string, title: string): CatalogItemView => ({ id, kind: 'track', title, subtitle: 'The Test Ensemble — Signals', durationMs: 15_000, playable: true, hasChildren: false });

async function renderLibrary(script: Script) {
  const rendered = renderWithHost(<LibraryBrowser />, { 'library.sources': () => ({ ok: true, value: [LIBRARY, PODCASTS] }), ...script });
  await act(() => rendered.commands.refreshSources());
  return rendered;
}

const titles = (view: HTMLElement) => [...view.querySelectorAll('.library-item-text > :first-child')].map((element) => element.textContent);

describe('LibraryBrowser', () => {
  it('browses a source from its root into a container and back', async () => {
    const { view, calls } = await renderLibrary({
      'library.browse': (params) => {
        const { itemId } = params as { itemId?: string };
        return { ok: true, value: { items: itemId === undefined ? [folder('tracks', 'Tracks')] : [track('t1', 'Evening Tone')] } };
      },
    });
    expect(titles(view)).toEqual(['Tracks']);
    await act(async () => byName(view, 'button', 'Open Tracks').click());
    expect(calls).toContainEqual(['library.browse', { pluginId: 'org.fugue.library', itemId: 'tracks' }]);
    expect(titles(view)).toEqual(['Evening Tone']);
    expect(view.querySelector('nav[aria-label="Library path"] [aria-current="location"]')?.textContent).toBe('Tracks');
    await act(async () => byName(view, 'nav[aria-label="Library path"] button', 'Music folders').click());
    expect(titles(view)).toEqual(['Tracks']);
  });

  it('searches and plays the results as the new queue, from the one picked', async () => {
    const { view, calls, store } = await renderLibrary({
      'library.browse': () => ({ ok: true, value: { items: [] } }),
      'library.search': () => ({ ok: true, value: { items: [track('t1', 'Evening Tone'), track('t2', 'Morning Tone')] } }),
      'playback.setQueue': () => ({ ok: true, value: playing() }),
    });
    change(byName<HTMLInputElement>(view, 'input', 'Search library'), 'tone');
    await act(async () => view.querySelector('form[role="search"]')?.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })));
    expect(calls).toContainEqual(['library.search', { pluginId: 'org.fugue.library', query: 'tone' }]);
    expect(view.textContent).toContain('Results for “tone”');
    expect(titles(view)).toEqual(['Evening Tone', 'Morning Tone']);

    await act(async () => byName(view, 'button', 'Play Morning Tone').click());
    const item = (itemId: string, title: string) => ({ kind: 'source', pluginId: 'org.fugue.library', itemId, title });
    expect(calls.at(-1)).toEqual(['playback.setQueue', { tracks: [item('t1', 'Evening Tone'), item('t2', 'Morning Tone')], start: 1 }]);
    expect(store.getState().nowPlaying?.title).toBe('Evening Tone');
  });

  it('adds an item to the queue as an item of its source', async () => {
    const { view, calls } = await renderLibrary({
      'library.browse': () => ({ ok: true, value: { items: [track('e1', 'Episode One')] } }),
      'playback.addToQueue': () => ({ ok: true, value: playing() }),
    });
    await act(async () => change(view.querySelector('.library-controls select') as HTMLSelectElement, 'org.fugue.podcasts'));
    await act(async () => byName(view, 'button', 'Add Episode One to queue').click());
    expect(calls.at(-1)).toEqual(['playback.addToQueue', { tracks: [{ kind: 'source', pluginId: 'org.fugue.podcasts', itemId: 'e1', title: 'Episode One' }] }]);
  });

  it('loads the next page under the first', async () => {
    const { view } = await renderLibrary({
      'library.browse': (params) =>
        (params as { cursor?: string }).cursor === undefined
          ? { ok: true, value: { items: [track('t1', 'One')], nextCursor: '1' } }
          : { ok: true, value: { items: [track('t2', 'Two')] } },
    });
    await act(async () => byName(view, 'button', 'Load more').click());
    expect(titles(view)).toEqual(['One', 'Two']);
    expect(() => byName(view, 'button', 'Load more')).toThrow();
  });

  it('points at the settings when the source has no folders yet', async () => {
    const { view } = await renderLibrary({
      'library.browse': () => ({ ok: false, error: { code: 'plugin-error', pluginCode: 'not-found', message: 'no music folders are chosen yet; add your music folders in the library settings', plugin: { pluginId: 'org.fugue.library' } } }),
    });
    const alert = view.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain('no music folders are chosen yet');
    expect(alert?.textContent).toContain('Choose music folders in Plugins → Music folders → Settings.');
  });
});
