/**
 * The Playwright fixtures of the web-shell specs:
 * - `fugue`: a `fugue serve` process of its own per test (free port, fresh data folder,
 *   null sink), stopped afterwards and required to exit cleanly;
 * - `baseURL`: that shell's origin, so `page.goto('/')` reaches it;
 * - `host`: a contract client connected from Node with the run's token, to wait on the
 *   host's named events (`plugins.changed`, …) rather than on time;
 * - `snap`: saves a named screenshot under `e2e/artifacts/<spec>/`.
 */
import { basename, join } from 'node:path';
import { test as base, type Page } from '@playwright/test';
import { SocketClient } from '../src-main/web/testing.ts';
import { ARTIFACTS_DIR } from './environment.ts';
import { ServeProcess, type ServedShell } from './serve-process.ts';

export interface FugueFixtures {
  fugue: ServedShell;
  host: SocketClient;
  snap: (name: string, page?: Page) => Promise<string>;
}

export interface FugueOptions {
  /** Start the first-party plugins as built-ins, as the real app does (default true). */
  builtins: boolean;
}

export const test = base.extend<FugueFixtures & FugueOptions>({
  builtins: [true, { option: true }],

  fugue: async ({ builtins }, use, testInfo) => {
    const served = await ServeProcess.start({ builtins });
    try {
      await use(served);
    } finally {
      if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('fugue-serve-stderr', { body: served.stderr(), contentType: 'text/plain' });
      await served.stop();
    }
  },

  baseURL: async ({ fugue }, use) => {
    await use(fugue.origin);
  },

  host: async ({ fugue }, use) => {
    const client = await SocketClient.connect(fugue.port, fugue.token);
    try {
      await use(client);
    } finally {
      await client.close();
    }
  },

  snap: async ({ page }, use, testInfo) => {
    const folder = join(ARTIFACTS_DIR, basename(testInfo.file).replace(/\.spec\.ts$/, ''));
    await use(async (name, target = page) => {
      const path = join(folder, `${name}.png`);
      await target.screenshot({ path, fullPage: true });
      return path;
    });
  },
});

export { expect } from '@playwright/test';
