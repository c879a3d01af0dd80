// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from './App.tsx';
import { byName } from './testing/dom.ts';
import { renderWithHost, unmountAll } from './testing/render-with-host.tsx';

afterEach(unmountAll);

describe('App', () => {
  it('opens on the Player and switches sections from the nav', async () => {
    const { view } = renderWithHost(<App />, {});
    // Let what the panels ask for on mount be answered (here: "not scripted").
    await act(async () => {});
    const nav = view.querySelector<HTMLElement>('nav[aria-label="Sections"]');
    if (nav === null) throw new Error('no Sections nav');
    expect(byName(nav, 'button', 'Player').getAttribute('aria-current')).toBe('page');
    expect(view.querySelector('main h1')?.textContent).toBe('Player');
    act(() => byName(nav, 'button', 'Plugins').click());
    expect(byName(nav, 'button', 'Plugins').getAttribute('aria-current')).toBe('page');
    expect(byName(nav, 'button', 'Player').getAttribute('aria-current')).toBeNull();
    expect(view.querySelector('main h1')?.textContent).toBe('Plugins');
  });

  it('shows a refused connection as an alert', async () => {
    const { view, store } = renderWithHost(<App />, {});
    await act(async () => {});
    act(() => store.getState().setConnection('refused', 'Fugue refused the connection: wrong token'));
    expect(view.querySelector('[role="alert"]')?.textContent).toBe('Fugue refused the connection: wrong token');
    act(() => store.getState().setConnection('connecting'));
    expect(view.querySelector('[role="status"]')?.textContent).toBe('Connecting to Fugue…');
  });
});
