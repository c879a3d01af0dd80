// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ContractEvent } from '../../../src-shared/contract/index.ts';
import { applyEvent } from '../../store/bridge.ts';
import { chainShown, click, control, EQ, FAULT, renderEffects, settle, statusWith, type Rendered } from '../effects/testing.tsx';

let rendered: Rendered | undefined;
afterEach(() => {
  rendered?.unmount();
  localStorage.clear();
});

const TRAPPED: ContractEvent = {
  event: 'player.effect',
  payload: { kind: 'bypassed', effect: 'org.fugue.fixture.fault-dsp/trap-after', message: 'org.fugue.fixture.fault-dsp/trap-after is bypassed: wasm trap: unreachable' },
};

/** Delivers a host event through the bridge, and lets what it sets off finish. */
async function send(target: Rendered, event: ContractEvent): Promise<void> {
  act(() => applyEvent(event, target.store, { refreshDetails: async () => {} }));
  await settle();
}

function alerts(view: HTMLElement): HTMLElement[] {
  return [...view.querySelectorAll<HTMLElement>('section[aria-label="Problems"] [role="alert"]')];
}

describe('ProblemBanner', () => {
  it('shows a bypassed effect as an alert naming the plugin, saying playback goes on', async () => {
    rendered = await renderEffects([EQ, FAULT]);
    expect(alerts(rendered.view)).toEqual([]);
    await send(rendered, TRAPPED);
    const [alert] = alerts(rendered.view);
    expect(alert?.textContent).toContain('Fixture faulty effects (Traps after 40 blocks) stopped working and was bypassed: wasm trap: unreachable.');
    expect(alert?.textContent).toContain('Playback continues without it.');
    // The chain entry says so too.
    expect(rendered.view.querySelector('.effects-stopped')?.textContent).toBe('stopped working');
  });

  it('counts a repeated failure of the same effect in one alert', async () => {
    rendered = await renderEffects([FAULT]);
    await send(rendered, TRAPPED);
    await send(rendered, TRAPPED);
    expect(alerts(rendered.view)).toHaveLength(1);
    expect(alerts(rendered.view)[0]?.textContent).toContain('(reported 2 times)');
  });

  it('"Remove from chain" sends the chain without the failed effect and clears the alert', async () => {
    rendered = await renderEffects([EQ, FAULT]);
    await send(rendered, TRAPPED);
    await click(alerts(rendered.view)[0] as HTMLElement, 'Remove from chain');
    expect(rendered.sentChains()).toEqual([[EQ]]);
    expect(chainShown(rendered.view)).toEqual(['10-band parametric EQ']);
    expect(alerts(rendered.view)).toEqual([]);
  });

  it('"Show plugin" switches to the Plugins view with that plugin selected', async () => {
    rendered = await renderEffects([FAULT]);
    await send(rendered, TRAPPED);
    await click(alerts(rendered.view)[0] as HTMLElement, 'Show plugin');
    expect(rendered.store.getState().view).toBe('plugins');
    expect(rendered.store.getState().selectedId).toBe(FAULT.pluginId);
    expect(rendered.calls).toContainEqual(['plugins.details', { pluginId: FAULT.pluginId }]);
  });

  it('"Dismiss" removes the alert', async () => {
    rendered = await renderEffects([FAULT]);
    await send(rendered, TRAPPED);
    await click(alerts(rendered.view)[0] as HTMLElement, 'Dismiss');
    expect(alerts(rendered.view)).toEqual([]);
    expect(rendered.view.querySelector('section[aria-label="Problems"]')).toBeNull();
  });

  it('offers to skip a track a plugin could not play, while it is still the one playing', async () => {
    const track = { kind: 'file' as const, path: '/music/broken.flac' };
    const nowPlaying = { entryId: 7, track, codec: 'flac', sampleRate: 44_100, channels: 2, lossless: true, seekable: true, decoder: { pluginId: 'org.fugue.flac', typeId: 'flac' }, hasCoverArt: false };
    rendered = await renderEffects([], { 'playback.status': () => ({ ok: true, value: statusWith([], nowPlaying) }), 'playback.next': () => ({ ok: true, value: statusWith([]) }) });
    await send(rendered, { event: 'player.trackError', payload: { entryId: 7, track, error: { code: 'trap', message: 'the decoder trapped', plugin: { pluginId: 'org.fugue.flac' } } } });
    const [alert] = alerts(rendered.view);
    expect(alert?.textContent).toContain('“broken.flac” could not be played by org.fugue.flac: the decoder trapped.');
    await click(alert as HTMLElement, 'Skip track');
    expect(rendered.calls.map(([op]) => op)).toContain('playback.next');
    expect(alerts(rendered.view)).toEqual([]);
  });

  it('after an output failed, lists the outputs and switches to the one chosen', async () => {
    rendered = await renderEffects([], {
      'playback.outputs': () => ({ ok: true, value: { current: 'null', choices: [{ id: 'default', label: 'System default device' }, { id: 'null', label: 'No output (silent)' }] } }),
      'playback.setOutput': () => ({ ok: true, value: { done: true } }),
    });
    await send(rendered, { event: 'player.sinkFailed', payload: { sink: 'plugin:org.fugue.pipe-sink/pipe', message: 'the pipe closed', transient: false } });
    const [alert] = alerts(rendered.view);
    expect(alert?.textContent).toContain('The output org.fugue.pipe-sink stopped working: the pipe closed.');
    await click(alert as HTMLElement, 'Choose another output');
    const picker = control<HTMLSelectElement>(alert as HTMLElement, 'Another output');
    expect([...picker.options].map((option) => option.textContent)).toEqual(['System default device', 'No output (silent)']);
    await click(alert as HTMLElement, 'Switch output');
    expect(rendered.calls).toContainEqual(['playback.setOutput', { output: 'default' }]);
    expect(alerts(rendered.view)).toEqual([]);
  });

  it('reports a plugin that failed, and clears it once the plugin runs again', async () => {
    rendered = await renderEffects();
    const eq = rendered.store.getState().plugins.find((plugin) => plugin.id === EQ.pluginId);
    if (eq === undefined) throw new Error('no EQ row');
    await send(rendered, { event: 'plugins.changed', payload: { pluginId: EQ.pluginId, summary: { ...eq, status: 'failed', lastError: { code: 'trap', message: 'start trapped' } } } });
    expect(alerts(rendered.view)[0]?.textContent).toContain('Parametric EQ failed: start trapped.');
    await send(rendered, { event: 'plugins.changed', payload: { pluginId: EQ.pluginId, summary: eq } });
    expect(alerts(rendered.view)).toEqual([]);
  });
});
