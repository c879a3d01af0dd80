// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConsentRequestView } from '../../../src-shared/contract/index.ts';
import { byName } from '../../testing/dom.ts';
import { ConsentDialog } from './ConsentDialog.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const request: ConsentRequestView = {
  consentId: 'consent-1',
  pluginId: 'org.example.lyrics',
  name: 'Example lyrics',
  version: '2.0.0',
  previousVersion: '1.0.0',
  declared: [],
  toAsk: [
    { key: 'network:lyrics.example.com', kind: 'network', target: 'lyrics.example.com', reason: 'to fetch lyrics', description: 'network access to lyrics.example.com (to fetch lyrics)' },
    { key: 'storage', kind: 'storage', target: 'storage', quotaKb: 64, reason: 'to cache lyrics', description: '64 KB of storage (to cache lyrics)' },
  ],
  expiresAt: Date.now() + 60_000,
};

let container: HTMLElement;
let root: Root;
let answers: boolean[];

beforeEach(() => {
  answers = [];
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() => root.render(<ConsentDialog request={request} onAnswer={(approve) => answers.push(approve)} />));
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

function dialog(): HTMLElement {
  const element = container.querySelector<HTMLElement>('[role="dialog"]');
  if (element === null) throw new Error('no dialog rendered');
  return element;
}

function button(name: string): HTMLButtonElement {
  return byName<HTMLButtonElement>(dialog(), 'button', name);
}

describe('ConsentDialog', () => {
  it('is a modal dialog named after the plugin, listing every permission asked with its reason', () => {
    const labelledBy = dialog().getAttribute('aria-labelledby') ?? '';
    expect(dialog().getAttribute('aria-modal')).toBe('true');
    expect(document.getElementById(labelledBy)?.textContent).toBe('Install Example lyrics?');
    const items = [...dialog().querySelectorAll('li')].map((item) => item.textContent);
    expect(items).toEqual(['network access to lyrics.example.com (to fetch lyrics)', '64 KB of storage (to cache lyrics)']);
    expect(dialog().textContent).toContain('update from 1.0.0 to 2.0.0');
  });

  it('focuses Cancel first, so Enter alone never grants permissions', () => {
    expect(document.activeElement).toBe(button('Cancel'));
  });

  it('answers approve with Install and refuse with Cancel or Escape', () => {
    act(() => button('Install').click());
    act(() => button('Cancel').click());
    act(() => {
      dialog().dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    expect(answers).toEqual([true, false, false]);
  });
});
