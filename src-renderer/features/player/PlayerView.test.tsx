// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { PlayerView } from './PlayerView.tsx';
import { byName, change } from '../../testing/dom.ts';
import { renderWithHost, unmountAll, type Script } from '../../testing/render-with-host.tsx';
import { NOW, playing, status } from './fixtures.ts';

afterEach(unmountAll);

const OUTPUTS = { current: 'null', choices: [{ id: 'default', label: 'System default device' }, { id: 'null', label: 'No output (silent)' }] };

async function renderPlayer(script: Script) {
  const rendered = renderWithHost(<PlayerView />, {
    'playback.outputs': () => ({ ok: true, value: OUTPUTS }),
    'library.sources': () => ({ ok: true, value: [] }),
    'lyrics.find': () => ({ ok: true, value: { tried: [] } }),
    ...script,
  });
  await act(() => rendered.commands.refreshPlayer());
  return rendered;
}

const elapsed = (view: HTMLElement) => view.querySelector('[role="timer"][aria-label="Elapsed"]')?.textContent;

describe('PlayerView', () => {
  it('shows what plays and toggles pause and play through the contract', async () => {
    const { view, calls } = await renderPlayer({
      'playback.status': () => ({ ok: true, value: playing() }),
      'playback.pause': () => ({ ok: true, value: playing({ state: 'paused' }) }),
      'playback.play': () => ({ ok: true, value: playing() }),
    });
    const deck = view.querySelector<HTMLElement>('[aria-label="Now playing"]');
    expect(deck?.textContent).toContain('Evening Tone');
    expect(deck?.textContent).toContain('The Test Ensemble');
    expect(deck?.textContent).toContain('FLAC · 44.1 kHz · stereo · lossless');
    expect(view.querySelector('[aria-label="Duration"]')?.textContent).toBe('0:15');

    await act(async () => byName(view, 'button', 'Pause').click());
    expect(calls.at(-1)).toEqual(['playback.pause', undefined]);
    await act(async () => byName(view, 'button', 'Play').click());
    expect(calls.at(-1)).toEqual(['playback.play', undefined]);
    expect(byName(view, 'button', 'Pause')).toBeDefined();
  });

  it('moves the elapsed time with position events of the track playing only', async () => {
    const { view, emit } = await renderPlayer({ 'playback.status': () => ({ ok: true, value: playing() }) });
    expect(elapsed(view)).toBe('0:00');
    emit({ event: 'player.position', payload: { entryId: 1, positionMs: 65_400, durationMs: 200_000 } });
    expect(elapsed(view)).toBe('1:05');
    expect(view.querySelector('[aria-label="Duration"]')?.textContent).toBe('3:20');
    emit({ event: 'player.position', payload: { entryId: 7, positionMs: 1_000, durationMs: 200_000 } });
    expect(elapsed(view)).toBe('1:05');
  });

  it('seeks once when a drag ends, and at once on a keyboard step', async () => {
    const { view, calls } = await renderPlayer({
      'playback.status': () => ({ ok: true, value: playing() }),
      'playback.seek': (params) => ({ ok: true, value: playing({ positionMs: (params as { positionMs: number }).positionMs }) }),
    });
    const seek = byName<HTMLInputElement>(view, 'input', 'Seek');
    expect(seek.disabled).toBe(false);
    act(() => void seek.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true })));
    change(seek, '4000');
    change(seek, '9000');
    expect(calls.filter(([op]) => op === 'playback.seek')).toEqual([]);
    await act(async () => void seek.dispatchEvent(new PointerEvent('pointerup', { bubbles: true })));
    expect(calls.filter(([op]) => op === 'playback.seek')).toEqual([['playback.seek', { positionMs: 9000 }]]);
    expect(elapsed(view)).toBe('0:09');

    await act(async () => change(seek, '10000'));
    expect(calls.filter(([op]) => op === 'playback.seek').at(-1)).toEqual(['playback.seek', { positionMs: 10_000 }]);
  });

  it('disables seeking when nothing plays', async () => {
    const { view } = await renderPlayer({ 'playback.status': () => ({ ok: true, value: status() }) });
    expect(byName<HTMLInputElement>(view, 'input', 'Seek').disabled).toBe(true);
    expect(view.textContent).toContain('Nothing playing');
    expect(byName<HTMLButtonElement>(view, 'button', 'Play').disabled).toBe(true);
  });

  it('picks an output through the contract and shows the one the host reports', async () => {
    let current = 'null';
    const { view, calls } = await renderPlayer({
      'playback.status': () => ({ ok: true, value: playing() }),
      'playback.outputs': () => ({ ok: true, value: { ...OUTPUTS, current } }),
      'playback.setOutput': (params) => {
        current = (params as { output: string }).output;
        return { ok: true, value: { done: true } };
      },
    });
    const output = byName<HTMLSelectElement>(view, 'select', 'Output');
    expect(output.value).toBe('null');
    await act(async () => change(output, 'default'));
    expect(calls).toContainEqual(['playback.setOutput', { output: 'default' }]);
    expect(byName<HTMLSelectElement>(view, 'select', 'Output').value).toBe('default');
  });

  it('sets volume, repeat and shuffle, and jumps in the queue', async () => {
    const queue = [
      { entryId: 1, track: NOW.track },
      { entryId: 2, track: { kind: 'source' as const, pluginId: 'org.fugue.library', itemId: 't2', title: 'Morning Tone' } },
    ];
    const { view, calls } = await renderPlayer({
      'playback.status': () => ({ ok: true, value: playing({ queue }) }),
      'playback.setVolume': () => ({ ok: true, value: playing({ queue, volume: 0.4 }) }),
      'playback.setRepeat': () => ({ ok: true, value: playing({ queue, repeat: 'all' }) }),
      'playback.setShuffle': () => ({ ok: true, value: playing({ queue, shuffle: true }) }),
      'playback.jump': () => ({ ok: true, value: playing({ queue }) }),
    });
    await act(async () => change(byName<HTMLInputElement>(view, 'input', 'Volume'), '40'));
    expect(calls).toContainEqual(['playback.setVolume', { gain: 0.4 }]);
    await act(async () => change(view.querySelector('.player-modes select') as HTMLSelectElement, 'all'));
    expect(calls).toContainEqual(['playback.setRepeat', { mode: 'all' }]);
    await act(async () => (view.querySelector('.player-modes input[type="checkbox"]') as HTMLInputElement).click());
    expect(calls).toContainEqual(['playback.setShuffle', { on: true }]);

    const list = view.querySelector<HTMLElement>('ol[aria-label="Queue"]');
    expect([...(list?.querySelectorAll('li') ?? [])].map((item) => [item.textContent, item.getAttribute('aria-current')])).toEqual([
      ['Evening Tone', 'true'],
      ['Morning Tone', null],
    ]);
    await act(async () => byName(view, 'button', 'Jump to Morning Tone').click());
    expect(calls).toContainEqual(['playback.jump', { entryId: 2 }]);
  });

  it('shows the cover art of the track playing', async () => {
    const now = { ...NOW, hasCoverArt: true };
    const { view, calls } = await renderPlayer({
      'playback.status': () => ({ ok: true, value: playing({ nowPlaying: now }) }),
      'playback.coverArt': () => ({ ok: true, value: { mimeType: 'image/png', dataUrl: 'data:image/png;base64,AAAA' } }),
    });
    await act(async () => {});
    expect(calls).toContainEqual(['playback.coverArt', { entryId: 1 }]);
    expect(view.querySelector('img')?.getAttribute('alt')).toBe('Cover art of Evening Tone');
  });

  it('shows a refused command in an alert', async () => {
    const { view } = await renderPlayer({
      'playback.status': () => ({ ok: true, value: playing() }),
      'playback.next': () => ({ ok: false, error: { code: 'not-found', message: 'the queue has no next track' } }),
    });
    await act(async () => byName(view, 'button', 'Next').click());
    expect(view.querySelector('[role="alert"]')?.textContent).toContain('the queue has no next track');
  });
});
