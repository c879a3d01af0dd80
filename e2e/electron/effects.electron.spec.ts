/**
 * The effect-chain flows of e2e/effects.spec.ts in the Electron shell: an EQ added in the
 * editor runs on the host and bypassing it takes it out while the music plays on; an
 * effect that breaks mid-track shows an alert naming its plugin while playback continues.
 * Runs only where an Electron binary exists (skipped with the reason otherwise).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageMissing, packagePath } from '../environment.ts';
import { EffectsPage, hostPlayback, installFromPath, playFile, positionBefore, positionPast, toneFile } from '../helpers/effects-page.ts';
import { nextEvent, statusEvent } from '../helpers/plugins-page.ts';
import { electronMissing, expect, test } from './electron-fixtures.ts';

const EQ = { pluginId: 'org.fugue.eq', typeId: 'eq10' };
const EQ_LABEL = '10-band parametric EQ';
const FAULT_FILE = 'org.fugue.fixture.fault-dsp-0.1.0.zip';
const FAULT = { pluginId: 'org.fugue.fixture.fault-dsp', typeId: 'trap-after' };
const FAULT_NAME = 'Fixture faulty effects';
const FAULT_LABEL = 'Traps after 40 blocks';

const missing = electronMissing() ?? packageMissing(FAULT_FILE);
test.skip(missing !== undefined, missing ?? '');

let work: string;
let tone: string;

test.beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fugue-e2e-electron-effects-'));
  tone = await toneFile(work, 60);
});

test.afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

test.beforeEach(async ({ page, host }) => {
  await expect(new EffectsPage(page).region()).toBeVisible();
  await playFile(host, tone);
});

test('an EQ added in the editor runs on the host, and bypassing it takes it out while the music plays on', async ({ page, host, snap }) => {
  const effects = new EffectsPage(page);
  await effects.add(EQ);
  await expect(effects.status()).toHaveText(`Active, in order: ${EQ_LABEL}.`);
  expect(await hostPlayback(host)).toEqual({ state: 'playing', effects: [EQ] });

  const bypass = effects.bypass(EQ_LABEL);
  await bypass.focus();
  await page.keyboard.press('Space');
  await expect(bypass).toBeChecked();
  await expect(effects.status()).toHaveText('No effect is active.');
  expect(await hostPlayback(host)).toEqual({ state: 'playing', effects: [] });
  const now = host.events.findLast((event) => event.event === 'player.position');
  await positionPast(host, now?.event === 'player.position' ? now.payload.positionMs : 0);
  await snap('eq-bypassed');
});

test('an effect that breaks mid-track shows an alert naming its plugin while playback continues', async ({ page, host, snap }) => {
  const effects = new EffectsPage(page);
  const active = statusEvent(host, FAULT.pluginId, 'active');
  await installFromPath(host, packagePath(FAULT_FILE));
  await active;

  const failed = nextEvent(host, (event) => event.event === 'player.effect' && event.payload.kind === 'bypassed');
  await effects.add(FAULT);
  const failure = await failed;
  const alert = effects.problem(FAULT_NAME);
  await expect(alert).toContainText(`${FAULT_NAME} (${FAULT_LABEL}) stopped working and was bypassed`);
  await expect(alert).toContainText('Playback continues without it.');
  await positionPast(host, positionBefore(host, failure) + 1000);
  expect((await hostPlayback(host)).state).toBe('playing');
  await snap('effect-failed-alert');
});
