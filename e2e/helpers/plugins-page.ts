/**
 * The Plugins screen by its accessible names (what a screen-reader user hears), so the
 * specs read as the steps a user takes and survive restyling.
 */
import type { Locator, Page } from '@playwright/test';
import type { ContractEvent } from '../../src-shared/contract/registry.ts';
import type { HostClient } from './host-client.ts';
import { sectionButton } from './sections.ts';

export type Badge = 'active' | 'disabled' | 'failed' | 'dev';

export class PluginsPage {
  constructor(readonly page: Page) {}

  /** Switches to the Plugins section (the app opens on the Player). */
  async open(): Promise<void> {
    await sectionButton(this.page, 'Plugins').click();
  }

  heading(): Locator {
    return this.page.getByRole('heading', { name: 'Plugins' });
  }

  dropZone(): Locator {
    return this.page.getByRole('region', { name: 'Drop a plugin package here' });
  }

  consent(pluginName: string): Locator {
    return this.page.getByRole('dialog', { name: `Install ${pluginName}?` });
  }

  /** A plugin's row: the list item with its name and an Enable/Disable button (consent lists have neither). */
  row(pluginName: string): Locator {
    return this.page
      .getByRole('listitem')
      .filter({ hasText: pluginName })
      .filter({ has: this.page.getByRole('button', { name: /^(Enable|Disable)$/ }) });
  }

  badge(pluginName: string, badge: Badge): Locator {
    return this.row(pluginName).getByText(badge, { exact: true });
  }

  alerts(): Locator {
    return this.page.getByRole('alert');
  }

  /** Dev mode: types `folder` into "Plugin folder" and presses "Load folder". */
  async loadFolder(folder: string): Promise<void> {
    await this.page.getByLabel('Plugin folder', { exact: true }).fill(folder);
    await this.page.getByRole('button', { name: 'Load folder' }).click();
  }

  /** Selects a plugin by its name in the list, which shows its details. */
  async select(pluginName: string): Promise<void> {
    await this.row(pluginName).getByRole('button', { name: pluginName }).click();
  }

  /** The details pane of the selected plugin. */
  details(): Locator {
    return this.page.getByRole('region', { name: 'Plugin details' });
  }

  /** The dev-folder part of the details: the folder, the live-reload indicator, "Unlink dev folder". */
  devFolder(): Locator {
    return this.details().getByRole('region', { name: 'Dev folder' });
  }

  /** The settings form of an ability, by the ability's display name. */
  settingsForm(abilityName: string): Locator {
    return this.page.getByRole('form', { name: `Settings of ${abilityName}` });
  }
}

/**
 * Resolves with the first event after this call that `matches`. The client keeps every
 * event since it connected, so a plain search could answer with an older one (the
 * `active` of the install when waiting for the `active` of a re-enable).
 */
export function nextEvent(host: HostClient, matches: (event: ContractEvent) => boolean): Promise<ContractEvent> {
  const from = host.events.length;
  return host.waitForEvent((event) => host.events.indexOf(event) >= from && matches(event));
}

/** Resolves when the host next announces that `pluginId` reached `status` (its named event, not a timer). */
export function statusEvent(host: HostClient, pluginId: string, status: Badge): Promise<ContractEvent> {
  return nextEvent(host, (event) => event.event === 'plugins.changed' && event.payload.pluginId === pluginId && event.payload.summary?.status === status);
}

/** Resolves when the host next reports a failed install (a refusal, a bad package, a declined consent). */
export function installFailedEvent(host: HostClient): Promise<ContractEvent> {
  return nextEvent(host, (event) => event.event === 'plugins.installProgress' && event.payload.step === 'failed');
}
