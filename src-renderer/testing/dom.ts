/**
 * DOM lookups and user input for renderer DOM tests: find an element by its accessible
 * name, and change a form control's value the way a user does, so React sees it.
 */
import { act } from 'react';

/** The element whose accessible name (aria-label, else its text) is `name`; throws with what was asked when none. */
export function byName<T extends Element = HTMLElement>(scope: ParentNode, selector: string, name: string): T {
  const found = [...scope.querySelectorAll<T>(selector)].find((element) => (element.getAttribute('aria-label') ?? element.textContent?.trim()) === name);
  if (found === undefined) throw new Error(`no ${selector} named "${name}"`);
  return found;
}

/** Sets a form control's value and sends the event a user's edit sends (input, or change for a select). */
export function setValue(element: HTMLInputElement | HTMLSelectElement, value: string): void {
  const proto = element instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(element, value);
  element.dispatchEvent(new Event(element instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
}

/** {@link setValue} inside `act`, so the render it causes is done when this returns. */
export function change(element: HTMLInputElement | HTMLSelectElement, value: string): void {
  act(() => setValue(element, value));
}
