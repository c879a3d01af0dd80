/**
 * The built launcher (`out/electron/main.js` as `npm run build:electron` writes it) and
 * `main.ts` behind it, run as a child process under plain Node with a stand-in for the
 * `electron` module (testing/fake-electron-main.mjs): no Electron binary can be downloaded
 * on the build machines. Real services start on a temp data folder; the window's page is
 * served with the CSP; its call is answered and a stranger's refused; quitting disposes
 * everything and exits 0. A package opened by a second start installs after consent; a
 * second instance quits without opening anything.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePackage } from '../plugins/test-support/services.ts';
import { contentSecurityPolicy } from '../web/security.ts';
import { buildElectron } from './build.ts';
import { REPO_ROOT } from './out-paths.ts';

const REGISTER_FAKE = fileURLToPath(new URL('./testing/fake-electron-register.mjs', import.meta.url));

interface Step {
  step: string;
  [key: string]: unknown;
}

describe('the Electron launcher', () => {
  let temp = '';
  let main: string;

  beforeAll(async () => {
    // Inside the repository, so the launcher finds tsx in node_modules as the real one does.
    // A fresh clone has no out/ yet.
    await mkdir(join(REPO_ROOT, 'out'), { recursive: true });
    temp = await mkdtemp(join(REPO_ROOT, 'out', 'launcher-test-'));
    main = (await buildElectron(join(temp, 'out'))).main;
  });
  afterAll(async () => {
    if (temp !== '') await rm(temp, { recursive: true, force: true });
  });

  const run = async (args: string[], env: Record<string, string> = {}): Promise<Step[]> => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', REGISTER_FAKE, main, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, timeout: 120_000 });
    return stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Step);
  };

  it('starts the app on its data folder, answers its window only, and shuts down cleanly on quit', async () => {
    const dataDir = join(temp, 'data');
    const steps = await run([`--data-dir=${dataDir}`, '--sink=null', '--no-builtins']);
    expect(steps.map((step) => step.step)).toEqual(['setPath', 'privileged', 'window', 'load', 'page', 'call', 'stranger', 'quit', 'exit']);
    expect(steps[0]).toMatchObject({ name: 'userData', value: join(dataDir, 'electron') });
    expect(steps.find((step) => step.step === 'window')).toMatchObject({ webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false } });
    expect(steps.find((step) => step.step === 'load')).toMatchObject({ url: 'app://fugue/index.html' });
    expect(steps.find((step) => step.step === 'page')).toMatchObject({ status: 200, csp: contentSecurityPolicy() });
    expect(steps.find((step) => step.step === 'call')).toMatchObject({ answer: { ok: true, value: [] } });
    expect(steps.find((step) => step.step === 'stranger')).toMatchObject({ answer: { ok: false, error: { code: 'denied' } } });
    expect(steps.at(-1)).toEqual({ step: 'exit', code: 0 });
    // The data folder's lock was released: the next start gets it.
    expect((await run([`--data-dir=${dataDir}`, '--sink=null', '--no-builtins'])).at(-1)).toEqual({ step: 'exit', code: 0 });
  });

  it('installs a package a second start was asked to open, once the user agrees in the native dialogs', async () => {
    const steps = await run([`--data-dir=${join(temp, 'opened')}`, '--sink=null', '--no-builtins'], { FAKE_ELECTRON_OPEN: await fixturePackage('world-lyrics'), FAKE_ELECTRON_ANSWER: '0' });
    const boxes = steps.filter((step) => step.step === 'box');
    expect(boxes).toEqual([
      { step: 'box', type: 'question', message: expect.stringMatching(/^Install the plugin package “org\.fugue\.fixture\.lyrics.*\.zip”\?$/) },
      { step: 'box', type: 'info', message: 'Plugin installed' },
    ]);
    expect(steps.find((step) => step.step === 'after-open')).toMatchObject({ answer: { ok: true, value: [{ id: 'org.fugue.fixture.lyrics', status: 'active' }] } });
    expect(steps.at(-1)).toEqual({ step: 'exit', code: 0 });
  });

  it('quits at once when another instance holds the lock', async () => {
    const steps = await run([`--data-dir=${join(temp, 'second')}`, '--no-builtins'], { FAKE_ELECTRON_LOCK: 'taken' });
    expect(steps.map((step) => step.step)).toEqual(['setPath', 'privileged', 'quit']);
  });
});
