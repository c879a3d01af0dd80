/**
 * The effect chain in the browser while music plays: an EQ added through the editor runs
 * on the host, and bypassing it takes it out of the host's chain without stopping the
 * music; an effect that breaks mid-track shows an alert naming its plugin while playback
 * goes on. The host plays a sox-generated tone on the null sink (paced in real time), and
 * every wait is on a host event or on a UI state.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumMissing, packageMissing, packagePath, rendererMissing } from './environment.ts';
import { expect, test } from './fixtures.ts';
import { EffectsPage, hostPlayback, installFromPath, playFile, positionBefore, positionPast, toneFile } from './helpers/effects-page.ts';
import { nextEvent, statusEvent } from './helpers/plugins-page.ts';

const EQ = { pluginId: 'org.fugue.eq', typeId: 'eq10' };
const EQ_LABEL = '10-band parametric EQ';
/** Its hot-path kernel copies audio for 40 blocks, then traps (plugin-fixtures/fault-dsp). */
const FAULT_FILE = 'org.fugue.fixture.fault-dsp-0.1.0.zip';
const FAULT = { pluginId: 'org.fugue.fixture.fault-dsp', typeId: 'trap-after' };
const FAULT_NAME = 'Fixture faulty effects';
const FAULT_LABEL = 'Traps after 40 blocks';
/** Long enough that the track cannot end during a slow run's UI steps. */
const TONE_SECONDS = 60;

const missing = chromiumMissing() ?? rendererMissing() ?? packageMissing(FAULT_FILE);
test.skip(missing !== undefined, missing ?? '');

let work: string;
let tone: string;

test.beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fugue-e2e-effects-'));
  tone = await toneFile(work, TONE_SECONDS);
});

test.afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

test.beforeEach(async ({ page, fugue, host }) => {
  await page.goto(fugue.url);
  await expect(new EffectsPage(page).region()).toBeVisible();
  await playFile(host, tone);
});

test('an EQ added in the editor runs on the host, and bypassing it takes it out while the music plays on', async ({ page, host, snap }) => {
  const effects = new EffectsPage(page);
  await effects.add(EQ);
  await expect(effects.status()).toHaveText(`Active, in order: ${EQ_LABEL}.`);
  expect(await hostPlayback(host)).toEqual({ state: 'playing', effects: [EQ] });
  await expect(effects.entry(EQ_LABEL)).toBeVisible();
  await snap('eq-added');

  await effects.region().getByRole('button', { name: `Configure ${EQ_LABEL}` }).click();
  const settings = page.getByRole('region', { name: `${EQ_LABEL} settings` });
  await expect(settings.getByRole('form', { name: `Settings of ${EQ_LABEL}` })).toBeVisible();
  await settings.getByRole('button', { name: 'Close settings' }).click();
  await expect(settings).toBeHidden();

  // Bypass from the keyboard: focus the checkbox, press Space.
  const bypass = effects.bypass(EQ_LABEL);
  await bypass.focus();
  await page.keyboard.press('Space');
  await expect(bypass).toBeChecked();
  await expect(effects.status()).toHaveText('No effect is active.');
  expect(await hostPlayback(host)).toEqual({ state: 'playing', effects: [] });
  // The bypassed entry keeps its place in the editor, and the music goes on.
  await expect(effects.entry(EQ_LABEL)).toContainText('bypassed');
  const now = host.events.findLast((event) => event.event === 'player.position');
  await positionPast(host, now?.event === 'player.position' ? now.payload.positionMs : 0);
  await snap('eq-bypassed');

  await bypass.uncheck();
  await expect(effects.status()).toHaveText(`Active, in order: ${EQ_LABEL}.`);
  expect((await hostPlayback(host)).effects).toEqual([EQ]);

  await page.setViewportSize({ width: 420, height: 800 });
  await expect(effects.bypass(EQ_LABEL)).toBeVisible();
  await snap('effects-narrow');
});

test('an effect that breaks mid-track shows an alert naming its plugin while playback continues', async ({ page, host, snap }) => {
  const effects = new EffectsPage(page);
  const active = statusEvent(host, FAULT.pluginId, 'active');
  await installFromPath(host, packagePath(FAULT_FILE));
  await active;

  const failed = nextEvent(host, (event) => event.event === 'player.effect' && event.payload.kind === 'bypassed');
  await effects.add(FAULT);
  const failure = await failed;
  expect(failure.payload).toMatchObject({ effect: `${FAULT.pluginId}/${FAULT.typeId}`, message: expect.stringMatching(/trap|unreachable/i) });

  const alert = effects.problem(FAULT_NAME);
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(`${FAULT_NAME} (${FAULT_LABEL}) stopped working and was bypassed`);
  await expect(alert).toContainText('Playback continues without it.');
  await expect(effects.entry(FAULT_LABEL)).toContainText('stopped working');
  await snap('effect-failed-alert');

  // A full second of music after the failure, and the player still says it plays.
  await positionPast(host, positionBefore(host, failure) + 1000);
  expect((await hostPlayback(host)).state).toBe('playing');

  // "Show plugin" opens the plugin on the Plugins screen; the alert stays until acted on.
  await alert.getByRole('button', { name: 'Show plugin' }).click();
  await expect(page.getByRole('article', { name: FAULT_NAME })).toBeVisible();
  await expect(alert).toBeVisible();
  await snap('effect-failed-plugin-shown');
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Player' }).click();

  await alert.getByRole('button', { name: 'Remove from chain' }).click();
  await expect(alert).toBeHidden();
  await expect(effects.entry(FAULT_LABEL)).toHaveCount(0);
  expect(await hostPlayback(host)).toEqual({ state: 'playing', effects: [] });
  await snap('effect-removed');
});
