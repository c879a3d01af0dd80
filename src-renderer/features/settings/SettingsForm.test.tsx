// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AbilitySettings } from '../../../src-shared/contract/index.ts';
import { change } from '../../testing/dom.ts';
import { renderWithHost, unmountAll, type HostExtras, type Script } from '../../testing/render-with-host.tsx';
import { SettingsForm } from './SettingsForm.tsx';

afterEach(unmountAll);

const LIBRARY: AbilitySettings = {
  typeId: 'library',
  kind: 'source',
  displayName: 'Music folders',
  fields: [
    { key: 'folders', type: 'array', title: 'Music folders', default: [], required: false, grant: 'file-roots' },
    { key: 'rescan_minutes', type: 'integer', title: 'Rescan after (minutes)', default: 30, minimum: 0, maximum: 10080, required: false },
    { key: 'gain_db', type: 'number', title: 'Gain (dB)', minimum: -12, maximum: 12, required: false },
    { key: 'watch', type: 'boolean', title: 'Watch for changes', default: true, required: false },
    { key: 'order', type: 'string', title: 'Sort order', choices: ['artist', 'album', 'title'], default: 'artist', required: false },
    { key: 'label', type: 'string', title: 'Label', required: false },
  ],
  values: { folders: ['/music/old'], rescan_minutes: 45 },
};

async function renderForm(script: Script, extra: HostExtras = {}) {
  const { calls, view } = renderWithHost(<SettingsForm pluginId="org.fugue.library" typeId="library" />, script, extra);
  await act(async () => {});
  return { calls, form: view.querySelector<HTMLFormElement>('form'), view };
}

/** The control a label names, as a screen reader finds it (`<label for>` or `aria-label`). */
function control<T extends HTMLElement>(scope: HTMLElement, name: string): T {
  const label = [...scope.querySelectorAll('label')].find((entry) => entry.textContent === name);
  const found = label === undefined ? scope.querySelector(`[aria-label="${name}"]`) : scope.querySelector(`#${CSS.escape(label.htmlFor)}`);
  if (found === null) throw new Error(`no control named "${name}"`);
  return found as T;
}

const settingsAnswer: Script = { 'plugins.settings': () => ({ ok: true, value: [LIBRARY] }) };

describe('SettingsForm', () => {
  it('renders one labelled control per field type with saved values over defaults', async () => {
    const { form } = await renderForm(settingsAnswer);
    expect(form?.getAttribute('aria-label')).toBe('Settings of Music folders');
    const rescan = control<HTMLInputElement>(form!, 'Rescan after (minutes)');
    expect([rescan.type, rescan.value, rescan.min, rescan.max]).toEqual(['number', '45', '0', '10080']);
    expect(control<HTMLInputElement>(form!, 'Gain (dB)').value).toBe('');
    expect(control<HTMLInputElement>(form!, 'Watch for changes')).toMatchObject({ type: 'checkbox', checked: true });
    const order = control<HTMLSelectElement>(form!, 'Sort order');
    expect([order.tagName, order.value, [...order.options].map((option) => option.value)]).toEqual(['SELECT', 'artist', ['artist', 'album', 'title']]);
    expect(control<HTMLInputElement>(form!, 'Label').type).toBe('text');
    expect(form?.querySelector('legend')?.textContent).toBe('Music folders');
    expect([...form!.querySelectorAll('ul[aria-label="Music folders"] li')].map((item) => item.querySelector('.settings-item')?.textContent)).toEqual(['/music/old']);
    expect(form?.textContent).toContain('The plugin may read these folders and nothing else.');
    expect(form?.textContent).toContain('Default: 30.');
  });

  it('saves the typed values, with folders added and removed, and says so', async () => {
    const { form, calls } = await renderForm({ ...settingsAnswer, 'plugins.saveSettings': () => ({ ok: true, value: { outcome: 'applied' } }) });
    change(control(form!, 'Folder to add to Music folders'), '/music/new');
    act(() => control(form!, 'Add to Music folders').click());
    act(() => control(form!, 'Remove /music/old').click());
    change(control(form!, 'Rescan after (minutes)'), '60');
    change(control(form!, 'Gain (dB)'), '-3.5');
    act(() => control(form!, 'Watch for changes').click());
    change(control(form!, 'Sort order'), 'album');
    await act(async () => form!.requestSubmit());
    expect(calls).toContainEqual([
      'plugins.saveSettings',
      { pluginId: 'org.fugue.library', typeId: 'library', values: { folders: ['/music/new'], rescan_minutes: 60, gain_db: -3.5, watch: false, order: 'album' } },
    ]);
    expect(form?.querySelector('[role="status"]')?.textContent).toBe('Saved');
    expect(form?.querySelector('[role="alert"]')).toBeNull();
  });

  it('shows the refusal under the field it names, and no "Saved"', async () => {
    const message = 'the settings of org.fugue.library/library were not saved: Rescan after (minutes) (rescan_minutes): -5 is below the minimum 0';
    const { form } = await renderForm({ ...settingsAnswer, 'plugins.saveSettings': () => ({ ok: false, error: { code: 'invalid-argument', message } }) });
    const rescan = control<HTMLInputElement>(form!, 'Rescan after (minutes)');
    change(rescan, '-5');
    await act(async () => form!.requestSubmit());
    const alerts = [...form!.querySelectorAll('[role="alert"]')];
    expect(alerts.map((alert) => alert.textContent)).toEqual(['Rescan after (minutes) (rescan_minutes): -5 is below the minimum 0']);
    expect(rescan.getAttribute('aria-invalid')).toBe('true');
    expect(rescan.closest('.settings-field')?.contains(alerts[0]!)).toBe(true);
    expect(form?.querySelector('[role="status"]')?.textContent).toBe('Not saved');
  });

  it('sends a number that is not one as typed, so the host names the field', async () => {
    const { form, calls } = await renderForm({ ...settingsAnswer, 'plugins.saveSettings': () => ({ ok: false, error: { code: 'invalid-argument', message: 'no' } }) });
    change(control(form!, 'Rescan after (minutes)'), '1e');
    await act(async () => form!.requestSubmit());
    expect(calls.find(([op]) => op === 'plugins.saveSettings')?.[1]).toMatchObject({ values: { rescan_minutes: '1e' } });
    // A message that names no field is shown for the whole form.
    expect(form?.querySelector('[role="alert"]')?.textContent).toBe('no');
  });

  it('offers the shell\'s folder picker when there is one', async () => {
    const { form, view } = await renderForm(settingsAnswer, { pickFolder: async () => '/picked' });
    const choose = [...view.querySelectorAll('button')].find((button) => button.textContent === 'Choose folder…');
    await act(async () => choose?.click());
    expect([...form!.querySelectorAll('.settings-item')].map((item) => item.textContent)).toEqual(['/music/old', '/picked']);
  });

  it('has no folder picker in the browser', async () => {
    const { view } = await renderForm(settingsAnswer);
    expect([...view.querySelectorAll('button')].map((button) => button.textContent)).not.toContain('Choose folder…');
  });

  it('says when the settings cannot be read', async () => {
    const { view } = await renderForm({ 'plugins.settings': () => ({ ok: false, error: { code: 'not-found', message: 'no plugin "org.fugue.library"' } }) });
    expect(view.querySelector('[role="alert"]')?.textContent).toContain('no plugin "org.fugue.library"');
  });
});
