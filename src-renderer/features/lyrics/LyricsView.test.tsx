// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { LyricsLookupView } from '../../../src-shared/contract/index.ts';
import { renderWithHost, unmountAll } from '../../testing/render-with-host.tsx';
import { NOW, playing } from '../player/fixtures.ts';
import { LyricsView } from './LyricsView.tsx';

afterEach(unmountAll);

const SYNCED: LyricsLookupView = {
  found: {
    body: { kind: 'synced', lines: [{ startMs: 500, text: 'First light' }, { startMs: 5_000, text: 'Second bell' }, { startMs: 10_000, text: 'Third voice' }] },
    provider: 'Evening Tone.lrc',
    pluginId: 'org.fugue.lrc-files',
    typeId: 'lrc',
  },
  tried: [{ pluginId: 'org.fugue.lrc-files', typeId: 'lrc', outcome: 'synced' }],
};

function renderPlaying() {
  const rendered = renderWithHost(<LyricsView />, {});
  act(() => rendered.store.getState().applyStatus(playing()));
  return rendered;
}

const current = (view: HTMLElement) => [...view.querySelectorAll('li[aria-current="true"]')].map((line) => line.textContent);

describe('LyricsView', () => {
  it('highlights the line the host says is sung, and only for the track playing', () => {
    const { view, emit } = renderPlaying();
    expect(view.textContent).toContain('Looking for lyrics…');
    emit({ event: 'lyrics.loaded', payload: { entryId: NOW.entryId, lookup: SYNCED } });
    expect(view.querySelector('section')?.getAttribute('aria-labelledby')).toBe('lyrics-heading');
    expect([...view.querySelectorAll('li')].map((line) => line.textContent)).toEqual(['First light', 'Second bell', 'Third voice']);
    expect(current(view)).toEqual([]);

    emit({ event: 'lyrics.line', payload: { entryId: NOW.entryId, index: 0, startMs: 500, text: 'First light' } });
    expect(current(view)).toEqual(['First light']);
    emit({ event: 'lyrics.line', payload: { entryId: NOW.entryId, index: 2, startMs: 10_000, text: 'Third voice' } });
    expect(current(view)).toEqual(['Third voice']);
    emit({ event: 'lyrics.line', payload: { entryId: 99, index: 1 } });
    expect(current(view)).toEqual(['Third voice']);
    expect(view.textContent).toContain('From Evening Tone.lrc');
  });

  it('says when no provider found lyrics or there is nothing to look up, and forgets them when the track changes', () => {
    const { view, emit } = renderPlaying();
    emit({ event: 'lyrics.loaded', payload: { entryId: NOW.entryId, lookup: { tried: [{ pluginId: 'org.fugue.lrc-files', typeId: 'lrc', outcome: 'none' }] } } });
    expect(view.textContent).toContain('No lyrics found');
    emit({ event: 'player.trackChanged', payload: { ...NOW, entryId: 2, title: 'Morning Tone' } });
    expect(view.textContent).toContain('Looking for lyrics…');
    // Without a title the host looks nothing up, so nothing will come.
    const { title: _title, ...untitled } = NOW;
    emit({ event: 'player.trackChanged', payload: { ...untitled, entryId: 3 } });
    expect(view.textContent).toContain('No lyrics found');
  });

  it('shows plain lyrics as text', () => {
    const { view, emit } = renderPlaying();
    emit({ event: 'lyrics.loaded', payload: { entryId: NOW.entryId, lookup: { found: { body: { kind: 'plain', text: 'la la\nla' }, provider: 'x.lrc', pluginId: 'org.fugue.lrc-files', typeId: 'lrc' }, tried: [] } } });
    expect(view.querySelector('.lyrics-plain')?.textContent).toBe('la la\nla');
  });
});
