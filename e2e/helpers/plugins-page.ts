/**
 * The Plugins screen by its accessible names (what a screen-reader user hears), so the
 * specs read as the steps a user takes and survive restyling.
 */
import type { Locator, Page } from '@playwright/test';
import type { ContractEvent } from '../../src-shared/contract/registry.ts';
import type { SocketClient } from '../../src-main/web/testing.ts';

export type Badge = 'active' | 'disabled' | 'failed' | 'dev';

export class PluginsPage {
  constructor(readonly page: Page) {}

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
}

/**
 * Resolves with the first event after this call that `matches`. The client keeps every
 * event since it connected, so a plain search could answer with an older one (the
 * `active` of the install when waiting for the `active` of a re-enable).
 */
export function nextEvent(host: SocketClient, matches: (event: ContractEvent) => boolean): Promise<ContractEvent> {
  const from = host.events.length;
  return host.waitForEvent((event) => host.events.indexOf(event) >= from && matches(event));
}

/** Resolves when the host next announces that `pluginId` reached `status` (its named event, not a timer). */
export function statusEvent(host: SocketClient, pluginId: string, status: Badge): Promise<ContractEvent> {
  return nextEvent(host, (event) => event.event === 'plugins.changed' && event.payload.pluginId === pluginId && event.payload.summary?.status === status);
}

/** Resolves when the host next reports a failed install (a refusal, a bad package, a declined consent). */
export function installFailedEvent(host: SocketClient): Promise<ContractEvent> {
  return nextEvent(host, (event) => event.event === 'plugins.installProgress' && event.payload.step === 'failed');
}
