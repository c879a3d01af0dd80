// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { createContractClient, type AbilitySettings, type OperationName } from '../../../src-shared/contract/index.ts';
import type { Result } from '../../../src-shared/errors.ts';
import { AppProvider } from '../../app-context.tsx';
import { createCommands } from '../../store/commands.ts';
import { createAppStore } from '../../store/store.ts';
import { SettingsForm } from './SettingsForm.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

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

type Script = Partial<Record<OperationName, (params: unknown) => Result<unknown>>>;

let root: Root | undefined;
let container: HTMLElement | undefined;

afterEach(() => {
  act(() => root?.unmount());
  container?.remove();
});

async function renderForm(script: Script, extra: { pickFolder?: () => Promise<string | undefined> } = {}) {
  const calls: Array<[OperationName, unknown]> = [];
  const contract = createContractClient(async (op, params) => {
    calls.push([op, params]);
    return script[op]?.(params) ?? { ok: false, error: { code: 'not-found', message: `${op} is not scripted` } };
  });
  const store = createAppStore();
  const commands = createCommands({ contract, upload: async () => ({ ok: true, value: 'upload-1' }), ...extra }, store);
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  await act(async () => root?.render(<AppProvider store={store} commands={commands}><SettingsForm pluginId="org.fugue.library" typeId="library" /></AppProvider>));
  const form = container.querySelector<HTMLFormElement>('form');
  return { calls, form, view: container };
}

/** The control a label names, as a screen reader finds it (`<label for>` or `aria-label`). */
function control<T extends HTMLElement>(scope: HTMLElement, name: string): T {
  const label = [...scope.querySelectorAll('label')].find((entry) => entry.textContent === name);
  const found = label === undefined ? scope.querySelector(`[aria-label="${name}"]`) : scope.querySelector(`#${CSS.escape(label.htmlFor)}`);
  if (found === null) throw new Error(`no control named "${name}"`);
  return found as T;
}

function type(input: HTMLInputElement | HTMLSelectElement, value: string) {
  const prototype = input instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
  act(() => {
    Object.getOwnPropertyDescriptor(prototype, 'value')?.set?.call(input, value);
    input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
  });
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
    type(control(form!, 'Folder to add to Music folders'), '/music/new');
    act(() => control(form!, 'Add to Music folders').click());
    act(() => control(form!, 'Remove /music/old').click());
    type(control(form!, 'Rescan after (minutes)'), '60');
    type(control(form!, 'Gain (dB)'), '-3.5');
    act(() => control(form!, 'Watch for changes').click());
    type(control(form!, 'Sort order'), 'album');
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
    type(rescan, '-5');
    await act(async () => form!.requestSubmit());
    const alerts = [...form!.querySelectorAll('[role="alert"]')];
    expect(alerts.map((alert) => alert.textContent)).toEqual(['Rescan after (minutes) (rescan_minutes): -5 is below the minimum 0']);
    expect(rescan.getAttribute('aria-invalid')).toBe('true');
    expect(rescan.closest('.settings-field')?.contains(alerts[0]!)).toBe(true);
    expect(form?.querySelector('[role="status"]')?.textContent).toBe('Not saved');
  });

  it('sends a number that is not one as typed, so the host names the field', async () => {
    const { form, calls } = await renderForm({ ...settingsAnswer, 'plugins.saveSettings': () => ({ ok: false, error: { code: 'invalid-argument', message: 'no' } }) });
    type(control(form!, 'Rescan after (minutes)'), '1e');
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
