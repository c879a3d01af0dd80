// `fugue plugin config` as the real binary: shows an ability's settings, saves checked
// values over the saved ones, and refuses bad ones by name without changing anything.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixturePackage } from '../plugins/test-support/services.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const ID = 'org.fugue.fixture.dsp';
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fugue-cli-config-'));
  const installed = await fugue('install', await fixturePackage('world-dsp'));
  expect(installed.exitCode).toBe(0);
});
afterAll(async () => rm(work, { recursive: true, force: true }));

function fugue(...args: string[]) {
  return execa('node', ['bin/fugue.mjs', 'plugin', ...args, '--data-dir', join(work, 'data')], { cwd: repo, reject: false, stdin: 'ignore' });
}

it('shows defaults, saves a value, and shows it as saved', async () => {
  expect((await fugue('config', ID, 'gain')).stdout).toBe('gain_db = 0  (default; number, min -60, max 24)  Gain (dB)');
  const saved = await fugue('config', ID, 'gain', 'gain_db=-6.5');
  expect([saved.exitCode, saved.stdout]).toEqual([0, `saved the settings of ${ID}/gain; the plugin uses them from its next start`]);
  expect((await fugue('config', ID, 'gain')).stdout).toBe('gain_db = -6.5  (saved; number, min -60, max 24)  Gain (dB)');
});

it('refuses a value outside the schema, naming the field, and keeps the saved one', async () => {
  const refused = await fugue('config', ID, 'gain', 'gain_db=loud');
  expect(refused.exitCode).toBe(1);
  expect(refused.stderr).toContain('Gain (dB) (gain_db): "loud" is not a number');
  expect((await fugue('config', ID, 'gain')).stdout).toContain('gain_db = -6.5  (saved');
  const unknown = await fugue('config', ID, 'reverb');
  expect(unknown.stderr).toContain(`${ID} is not installed or has no settings for "reverb"`);
});
