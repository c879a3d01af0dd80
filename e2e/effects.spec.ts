/**
 * The effect chain in the browser while music plays: an EQ added through the editor runs
 * on the host, and bypassing it takes it out of the host's chain without stopping the
 * music; an effect that breaks mid-track shows an alert naming its plugin while playback
 * goes on. The host plays a sox-generated tone on the null sink (paced in real time), and
 * every wait is on a host event or on a UI state (steps shared with the Electron twin in
 * e2e/helpers/effects-flows.ts).
 */
import { chromiumMissing, packageMissing, rendererMissing } from './environment.ts';
import { expect, test } from './fixtures.ts';
import { addEq, addFaultyEffect, bypassEqFromKeyboard, EQ, EQ_LABEL, expectFaultAlert, expectPlaybackOutlives, FAULT_FILE, FAULT_LABEL, FAULT_NAME, playToneWithEditor, ToneFolder } from './helpers/effects-flows.ts';
import { EffectsPage, hostPlayback } from './helpers/effects-page.ts';
import { oncePerFile } from './helpers/once-per-file.ts';
import { sectionButton } from './helpers/sections.ts';

const missing = chromiumMissing() ?? rendererMissing() ?? packageMissing(FAULT_FILE);
test.skip(missing !== undefined, missing ?? '');

const tone = oncePerFile(test, () => ToneFolder.create('fugue-e2e-effects-'));

test.beforeEach(async ({ page, fugue, host }) => {
  await page.goto(fugue.url);
  await playToneWithEditor(new EffectsPage(page), host, tone());
});

test('an EQ added in the editor runs on the host, and bypassing it takes it out while the music plays on', async ({ page, host, snap }) => {
  const effects = new EffectsPage(page);
  await addEq(effects, host);
  await snap('eq-added');

  await effects.region().getByRole('button', { name: `Configure ${EQ_LABEL}` }).click();
  const settings = page.getByRole('region', { name: `${EQ_LABEL} settings` });
  await expect(settings.getByRole('form', { name: `Settings of ${EQ_LABEL}` })).toBeVisible();
  await settings.getByRole('button', { name: 'Close settings' }).click();
  await expect(settings).toBeHidden();

  await bypassEqFromKeyboard(effects, host);
  await snap('eq-bypassed');

  await effects.bypass(EQ_LABEL).uncheck();
  await expect(effects.status()).toHaveText(`Active, in order: ${EQ_LABEL}.`);
  expect((await hostPlayback(host)).effects).toEqual([EQ]);

  await page.setViewportSize({ width: 420, height: 800 });
  await expect(effects.bypass(EQ_LABEL)).toBeVisible();
  await snap('effects-narrow');
});

test('an effect that breaks mid-track shows an alert naming its plugin while playback continues', async ({ page, host, snap }) => {
  const effects = new EffectsPage(page);
  const failure = await addFaultyEffect(effects, host);
  const alert = await expectFaultAlert(effects);
  await snap('effect-failed-alert');
  await expectPlaybackOutlives(host, failure);

  // "Show plugin" opens the plugin on the Plugins screen; the alert stays until acted on.
  await alert.getByRole('button', { name: 'Show plugin' }).click();
  await expect(page.getByRole('article', { name: FAULT_NAME })).toBeVisible();
  await expect(alert).toBeVisible();
  await snap('effect-failed-plugin-shown');
  await sectionButton(page, 'Player').click();

  await alert.getByRole('button', { name: 'Remove from chain' }).click();
  await expect(alert).toBeHidden();
  await expect(effects.entry(FAULT_LABEL)).toHaveCount(0);
  expect(await hostPlayback(host)).toEqual({ state: 'playing', effects: [] });
  await snap('effect-removed');
});
