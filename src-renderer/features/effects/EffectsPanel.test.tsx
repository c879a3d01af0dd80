// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { activeEffects, moveEntry, reconcileChain } from '../../store/effects-slice.ts';
import type { EffectRef } from '../../../src-shared/contract/index.ts';
import { chainShown, choose, click, control, EQ, FAULT, GAIN, labelledSelect, renderEffects, settle, statusWith, type Rendered } from './testing.tsx';

let rendered: Rendered | undefined;
afterEach(() => {
  rendered?.unmount();
  localStorage.clear();
});

async function addEffect(view: HTMLElement, key: string): Promise<void> {
  await choose(labelledSelect(view, 'Effect to add'), key);
  await click(view, 'Add effect');
}

describe('EffectsPanel', () => {
  it('shows the chain the host runs, and offers the DSP abilities of running plugins', async () => {
    rendered = await renderEffects([EQ]);
    const { view } = rendered;
    expect(view.querySelector('section h2')?.textContent).toBe('Effects');
    expect(chainShown(view)).toEqual(['10-band parametric EQ']);
    const offered = [...labelledSelect(view, 'Effect to add').options].map((option) => option.textContent);
    // The EQ is in the chain already, so it is not offered twice.
    expect(offered).toEqual(['Gain', 'Traps after 40 blocks (Fixture faulty effects)']);
  });

  it('adds effects at the end of the chain and sends the whole chain to the host', async () => {
    rendered = await renderEffects();
    const { view, sentChains } = rendered;
    expect(view.textContent).toContain('No effects');
    await addEffect(view, 'org.fugue.eq/eq10');
    await addEffect(view, 'org.fugue.gain/gain');
    expect(sentChains()).toEqual([[EQ], [EQ, GAIN]]);
    expect(chainShown(view)).toEqual(['10-band parametric EQ', 'Gain']);
    expect(view.querySelector('[role="status"]')?.textContent).toBe('Active, in order: 10-band parametric EQ → Gain.');
  });

  it('reorders with the move buttons, which stop at either end', async () => {
    rendered = await renderEffects([EQ, GAIN]);
    const { view, sentChains } = rendered;
    expect(control(view, 'Move 10-band parametric EQ up').getAttribute('aria-disabled')).toBe('true');
    expect(control(view, 'Move Gain down').getAttribute('aria-disabled')).toBe('true');
    // Pressing a move that has nowhere to go sends nothing.
    await click(view, 'Move 10-band parametric EQ up');
    expect(sentChains()).toEqual([]);
    await click(view, 'Move Gain up');
    expect(sentChains()).toEqual([[GAIN, EQ]]);
    expect(chainShown(view)).toEqual(['Gain', '10-band parametric EQ']);
    await click(view, 'Move Gain down');
    expect(sentChains().at(-1)).toEqual([EQ, GAIN]);
  });

  it('bypasses an effect by leaving it out of what the host runs, keeping its place', async () => {
    rendered = await renderEffects([EQ, GAIN]);
    const { view, sentChains } = rendered;
    await click(view, 'Bypass 10-band parametric EQ');
    expect(sentChains()).toEqual([[GAIN]]);
    expect(chainShown(view)).toEqual(['10-band parametric EQ (bypassed)', 'Gain']);
    expect(control<HTMLInputElement>(view, 'Bypass 10-band parametric EQ').checked).toBe(true);
    // Reordering while bypassed keeps it out; turning the bypass off puts it back in its place.
    await click(view, 'Move Gain up');
    expect(sentChains().at(-1)).toEqual([GAIN]);
    await click(view, 'Bypass 10-band parametric EQ');
    expect(sentChains().at(-1)).toEqual([GAIN, EQ]);
    expect(chainShown(view)).toEqual(['Gain', '10-band parametric EQ']);
  });

  it('shows an edit at once, and says the chain is being applied until the host answers', async () => {
    let answer: (() => void) | undefined;
    rendered = await renderEffects([EQ], {
      'playback.setEffects': (params) =>
        new Promise((resolve) => {
          answer = () => resolve({ ok: true, value: statusWith((params as { effects: EffectRef[] }).effects) });
        }),
    });
    const { view } = rendered;
    await click(view, 'Bypass 10-band parametric EQ');
    expect(control<HTMLInputElement>(view, 'Bypass 10-band parametric EQ').checked).toBe(true);
    expect(view.querySelector('[role="status"]')?.textContent).toBe('Applying the effect chain…');
    await act(async () => answer?.());
    await settle();
    expect(view.querySelector('[role="status"]')?.textContent).toBe('No effect is active.');
  });

  it('remembers bypassed entries across a reload of the page, the host still deciding what runs', async () => {
    rendered = await renderEffects([EQ, GAIN]);
    await click(rendered.view, 'Bypass 10-band parametric EQ');
    rendered.unmount();
    // A new page: the host runs the gain only; the bypassed EQ comes back in its place.
    rendered = await renderEffects([GAIN]);
    expect(chainShown(rendered.view)).toEqual(['10-band parametric EQ (bypassed)', 'Gain']);
    rendered.unmount();
    // Meanwhile someone else set the host to run the EQ: it shows as active, once.
    rendered = await renderEffects([EQ]);
    expect(chainShown(rendered.view)).toEqual(['10-band parametric EQ']);
  });

  it('removes an effect, and offers it again', async () => {
    rendered = await renderEffects([EQ, GAIN]);
    const { view, sentChains } = rendered;
    await click(view, 'Remove 10-band parametric EQ');
    expect(sentChains()).toEqual([[GAIN]]);
    expect(chainShown(view)).toEqual(['Gain']);
    expect([...labelledSelect(view, 'Effect to add').options].map((option) => option.value)).toContain('org.fugue.eq/eq10');
  });

  it('keeps the chain as it was and says why when the host refuses it', async () => {
    rendered = await renderEffects([EQ], { 'playback.setEffects': () => ({ ok: false, error: { code: 'unsupported', message: 'gain has no hot path', plugin: { pluginId: GAIN.pluginId } } }) });
    const { view } = rendered;
    await addEffect(view, 'org.fugue.gain/gain');
    expect(chainShown(view)).toEqual(['10-band parametric EQ']);
    const alert = view.querySelector('.effects [role="alert"]');
    expect(alert?.textContent).toContain('The effect chain was not changed: gain has no hot path (org.fugue.gain)');
    await click(alert as HTMLElement, 'Dismiss');
    expect(view.querySelector('.effects [role="alert"]')).toBeNull();
  });

  it('opens the settings form of an effect that has settings', async () => {
    rendered = await renderEffects([EQ, FAULT], {
      'plugins.settings': () => ({ ok: true, value: [{ typeId: 'eq10', kind: 'dsp', displayName: '10-band parametric EQ', fields: [{ key: 'preamp_db', type: 'number', title: 'Preamp (dB)', default: 0, minimum: -24, maximum: 24, required: false }], values: {} }] }),
    });
    const { view, calls } = rendered;
    // The fault fixture declares no settings, so it has nothing to configure.
    expect(() => control(view, 'Configure Traps after 40 blocks')).toThrow();
    await click(view, 'Configure 10-band parametric EQ');
    expect(control(view, 'Configure 10-band parametric EQ').getAttribute('aria-expanded')).toBe('true');
    const region = view.querySelector('section[aria-label="10-band parametric EQ settings"]');
    expect(region?.querySelector('form')?.getAttribute('aria-label')).toBe('Settings of 10-band parametric EQ');
    expect(region?.textContent).toContain('Preamp (dB)');
    expect(calls).toContainEqual(['plugins.settings', { pluginId: EQ.pluginId }]);
    await click(view, 'Close settings');
    expect(view.querySelector('section[aria-label="10-band parametric EQ settings"]')).toBeNull();
  });

  it('builds quick edits on each other and sends the newest chain', async () => {
    rendered = await renderEffects([EQ, GAIN, FAULT]);
    const { view, sentChains } = rendered;
    await act(async () => {
      control(view, 'Move Traps after 40 blocks up').click();
      control(view, 'Move Traps after 40 blocks up').click();
    });
    await settle();
    // The second move starts from the first; only the newest chain needs sending.
    expect(sentChains()).toEqual([[FAULT, EQ, GAIN]]);
    expect(chainShown(view)).toEqual(['Traps after 40 blocks', '10-band parametric EQ', 'Gain']);
  });
});

describe('effect chain helpers', () => {
  it('merges the host chain: host order for active entries, bypassed ones stay in place', () => {
    const chain = [
      { ...EQ, bypassed: false },
      { ...FAULT, bypassed: true },
      { ...GAIN, bypassed: false },
    ];
    expect(reconcileChain(chain, [GAIN, EQ])).toEqual([
      { ...GAIN, bypassed: false },
      { ...FAULT, bypassed: true },
      { ...EQ, bypassed: false },
    ]);
    // The host runs something the editor had bypassed, and dropped the gain.
    expect(reconcileChain(chain, [EQ, FAULT])).toEqual([
      { ...EQ, bypassed: false },
      { ...FAULT, bypassed: false },
    ]);
    expect(activeEffects(moveEntry(chain, 'org.fugue.gain/gain', -1))).toEqual([EQ, GAIN]);
  });
});
