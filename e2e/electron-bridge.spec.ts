/**
 * The renderer's Electron mode in a real browser. The `_electron` specs cannot run on
 * these machines (no Electron binary), so this proves the built renderer's other half
 * here: given a `window.fugue` of the preload's shape (src-shared/contract/electron-bridge.ts)
 * it uses that instead of the WebSocket, installs a dropped package by its path on disk,
 * and follows host events. The stand-in bridge is injected before the page's scripts and
 * forwards every call to the real `fugue serve` host through the test's contract client;
 * the page is opened without its token, so only the bridge can reach the host.
 */
import { basename } from 'node:path';
import type { Page } from '@playwright/test';
import type { ElectronBridge } from '../src-shared/contract/electron-bridge.ts';
import { operationNames, type ContractEvent, type OperationName } from '../src-shared/contract/registry.ts';
import type { SocketClient } from '../src-main/web/testing.ts';
import { chromiumMissing, packageMissing, packagePath, rendererMissing } from './environment.ts';
import { expect, test } from './fixtures.ts';
import { dropFile } from './helpers/drop-file.ts';
import { approveProbe, PROBE, probeConsent } from './helpers/plugins-flows.ts';
import { PluginsPage } from './helpers/plugins-page.ts';

const missing = chromiumMissing() ?? rendererMissing() ?? packageMissing(PROBE.file);
test.skip(missing !== undefined, missing ?? '');

/** Puts a preload-shaped `window.fugue` in `page`, backed by `host`; files named in `paths` have those paths on disk. */
async function injectBridge(page: Page, host: SocketClient, paths: Record<string, string>): Promise<{ calls: OperationName[] }> {
  const calls: OperationName[] = [];
  await page.exposeFunction('fugueE2eCall', (op: OperationName, params: unknown) => {
    calls.push(op);
    return (host.contract[op] as (params?: unknown) => Promise<unknown>)(params);
  });
  host.connection.onEvent((event) => void page.evaluate((delivered) => (window as unknown as { fugueE2eDeliver?: (event: ContractEvent) => void }).fugueE2eDeliver?.(delivered), event).catch(() => {}));
  await page.addInitScript(
    ({ ops, files }) => {
      const scope = window as unknown as { fugueE2eCall: (op: string, params: unknown) => Promise<never>; fugueE2eDeliver: (event: ContractEvent) => void; fugue: ElectronBridge };
      const listeners = new Set<(event: ContractEvent) => void>();
      const bridge: Record<string, unknown> = {};
      for (const op of ops) bridge[op] = (params?: unknown) => scope.fugueE2eCall(op, params);
      bridge.onEvent = (listener: (event: ContractEvent) => void) => (listeners.add(listener), () => void listeners.delete(listener));
      bridge.pathForFile = (file: { name: string }) => files[file.name];
      bridge.pickFolder = () => Promise.resolve({ ok: true, value: undefined });
      scope.fugueE2eDeliver = (event) => listeners.forEach((listener) => listener(event));
      scope.fugue = Object.freeze(bridge) as unknown as ElectronBridge;
    },
    { ops: operationNames as string[], files: paths },
  );
  return { calls };
}

test('with the preload bridge the renderer needs no socket, installs a dropped package by its path, and follows host events', async ({ page, fugue, host, snap }) => {
  const bridge = await injectBridge(page, host, { [basename(packagePath(PROBE.file))]: packagePath(PROBE.file) });
  // No `#token=`: the web shell's connection is impossible, so everything below went through the bridge.
  await page.goto(fugue.origin);
  const ui = new PluginsPage(page);
  await ui.open();
  await expect(ui.heading()).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(bridge.calls).toContain('plugins.list');

  await dropFile(ui.dropZone(), packagePath(PROBE.file));
  await approveProbe(ui, host, await probeConsent(ui));
  const details = await host.contract['plugins.details']({ pluginId: PROBE.id });
  expect(details.ok && details.value.source).toBe(packagePath(PROBE.file));
  await snap('installed-by-path');

  // A change made elsewhere (here, the test's own client) reaches the page as an event.
  await host.contract['plugins.disable']({ pluginId: PROBE.id });
  await expect(ui.badge(PROBE.name, 'disabled')).toBeVisible();
});
