/**
 * The app's section switcher ("Sections" navigation: Player, Plugins, …) by its
 * accessible names, shared by the screen page objects and the specs.
 */
import type { Locator, Page } from '@playwright/test';

/** The button of section `name` in the "Sections" navigation (`aria-current="page"` on the one shown). */
export function sectionButton(page: Page, name: string): Locator {
  return page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name });
}
