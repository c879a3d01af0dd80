/**
 * The Playwright fixtures of the `_electron` specs, mirroring the web shell's
 * (e2e/fixtures.ts): `app` (the desktop app on a fresh data folder, null sink, the built
 * renderer), `page` (its first window, in place of a browser page), `host` (the contract and the host's events, read
 * through the preload's `window.fugue` in that window, with `waitForEvent` like the web
 * specs' socket client), and `snap`. `electronMissing()` is the reason to skip when there
 * is no Electron binary (the usual case on these machines) or no built entry.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { _electron as electron, test as base, type ElectronApplication, type Page } from '@playwright/test';
import type { ElectronBridge } from '../../src-shared/contract/electron-bridge.ts';
import { createContractClient, type ContractClient, type ContractEvent, type OperationName } from '../../src-shared/contract/registry.ts';
import type { Result } from '../../src-shared/errors.ts';
import { ARTIFACTS_DIR, electronBinary, RENDERER_DIR, rendererMissing, REPO_ROOT } from '../environment.ts';

/** The Electron main entry `npm run build:electron` (and `npm start`) builds. */
export const MAIN_ENTRY = join(REPO_ROOT, 'out', 'electron', 'main.js');

export function electronMissing(): string | undefined {
  if (electronBinary() === undefined) return 'no Electron binary in node_modules/electron (it cannot be downloaded on this machine; ELECTRON_SKIP_BINARY_DOWNLOAD=1)';
  if (!existsSync(MAIN_ENTRY)) return `the Electron main entry ${MAIN_ENTRY} is not built ("npm run build:electron")`;
  return rendererMissing();
}

/** The host as the page's preload reaches it: the contract, and every event since attaching (a `HostClient` of e2e/helpers). */
export class ElectronHost {
  readonly events: ContractEvent[] = [];
  readonly contract: ContractClient;
  private readonly waiters = new Set<() => void>();

  private constructor(page: Page) {
    type Calls = Record<OperationName, (params: unknown) => Promise<Result<unknown>>>;
    this.contract = createContractClient((op, params) => page.evaluate(([name, value]) => (window as unknown as { fugue: Calls }).fugue[name](value), [op, params] as const));
  }

  /**
   * Starts recording the events the window receives, through a Playwright binding (so the
   * page's CSP is not involved), and again after each reload of the page.
   */
  static async attach(page: Page): Promise<ElectronHost> {
    const host = new ElectronHost(page);
    await page.exposeFunction('fugueE2eEvent', (event: ContractEvent) => host.push(event));
    const subscribe = () =>
      page.evaluate(() => {
        const scope = window as unknown as { fugue: ElectronBridge; fugueE2eEvent: (event: ContractEvent) => void };
        scope.fugue.onEvent((event) => scope.fugueE2eEvent(event));
      });
    // A reload drops the old document's subscription; a failure here means the window is closing.
    page.on('load', () => void subscribe().catch(() => {}));
    await subscribe();
    return host;
  }

  /** Resolves with the first recorded event (past or future) that `matches`. */
  async waitForEvent(matches: (event: ContractEvent) => boolean): Promise<ContractEvent> {
    for (;;) {
      const found = this.events.find(matches);
      if (found !== undefined) return found;
      await new Promise<void>((wake) => this.waiters.add(wake));
    }
  }

  private push(event: ContractEvent): void {
    this.events.push(event);
    for (const wake of [...this.waiters]) wake();
    this.waiters.clear();
  }
}

export interface ElectronFixtures {
  app: ElectronApplication;
  host: ElectronHost;
  snap: (name: string) => Promise<string>;
}

export const test = base.extend<ElectronFixtures & { builtins: boolean }>({
  builtins: [true, { option: true }],

  app: async ({ builtins }, use) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'fugue-e2e-electron-'));
    // Chromium will not start as root with its sandbox on (CI containers run as root).
    const asRoot = process.getuid?.() === 0;
    const args = [MAIN_ENTRY, `--data-dir=${dataDir}`, '--sink=null', `--renderer=${RENDERER_DIR}`, ...(builtins ? [] : ['--no-builtins']), ...(asRoot ? ['--no-sandbox'] : [])];
    const app = await electron.launch({ executablePath: electronBinary(), args, cwd: REPO_ROOT });
    try {
      await use(app);
    } finally {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  },

  // The app's window takes the place of the browser page, so page objects and steps read as in the web specs.
  page: async ({ app }, use) => {
    const window = await app.firstWindow();
    await window.setViewportSize({ width: 1280, height: 800 });
    await use(window);
  },

  host: async ({ page }, use) => {
    await page.waitForFunction(() => 'fugue' in window);
    await use(await ElectronHost.attach(page));
  },

  snap: async ({ page }, use, testInfo) => {
    const folder = join(ARTIFACTS_DIR, basename(testInfo.file).replace(/\.spec\.ts$/, ''));
    await use(async (name) => {
      const path = join(folder, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    });
  },
});

export { expect } from '@playwright/test';

/**
 * A drop of a file from the file manager, as Electron's page sees one: a `File` backed by
 * the file on disk (so the preload's `webUtils.getPathForFile` finds its path), dispatched
 * as `dragenter` → `dragover` → `drop` on `target`. Playwright gives a page disk-backed
 * files only through a file input, so a detached input the app never sees carries it.
 */
export async function dropDiskFile(page: Page, target: ReturnType<Page['locator']>, path: string): Promise<void> {
  await page.evaluate(() => {
    const carrier = document.createElement('input');
    carrier.type = 'file';
    carrier.id = 'e2e-drop-carrier';
    carrier.hidden = true;
    document.body.append(carrier);
  });
  await page.locator('#e2e-drop-carrier').setInputFiles(path);
  await target.evaluate((element) => {
    const carrier = document.getElementById('e2e-drop-carrier') as HTMLInputElement;
    const transfer = new DataTransfer();
    for (const file of carrier.files ?? []) transfer.items.add(file);
    carrier.remove();
    for (const kind of ['dragenter', 'dragover', 'drop']) element.dispatchEvent(new DragEvent(kind, { bubbles: true, cancelable: true, dataTransfer: transfer }));
  });
}
