/**
 * End-to-end specs: the web shell (`fugue serve`) in Debian Chromium, and `_electron`
 * specs that run only where an Electron binary exists. One worker: every test starts its
 * own host process, and the machines running this have few cores.
 * Run: `npx playwright test -c e2e/playwright.config.ts` (or `npm run test:e2e`).
 */
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './environment.ts';

export default defineConfig({
  testDir: '.',
  // FUGUE_E2E_RESULTS keeps parallel runs from clearing each other's traces.
  outputDir: process.env.FUGUE_E2E_RESULTS ?? 'artifacts/test-results',
  globalSetup: './global-setup.ts',
  workers: 1,
  fullyParallel: false,
  forbidOnly: process.env.CI !== undefined,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  reporter: [['list'], ['html', { outputFolder: process.env.FUGUE_E2E_RESULTS === undefined ? 'artifacts/report' : `${process.env.FUGUE_E2E_RESULTS}-report`, open: 'never' }]],
  use: {
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    actionTimeout: 30_000,
  },
  projects: [
    {
      name: 'chromium',
      testMatch: /(^|\/)[^/]+\.spec\.ts$/,
      testIgnore: /electron\//,
      use: { browserName: 'chromium', launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS } },
    },
    { name: 'electron', testMatch: /electron\/[^/]+\.electron\.spec\.ts$/ },
  ],
});
