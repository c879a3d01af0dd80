/**
 * The effect-chain flows of e2e/effects.spec.ts in the Electron shell, with the same steps
 * (e2e/helpers/effects-flows.ts): an EQ added in the editor runs on the host and
 * bypassing it takes it out while the music plays on; an effect that breaks mid-track
 * shows an alert naming its plugin while playback continues. Runs only where an Electron
 * binary exists (skipped with the reason otherwise).
 */
import { packageMissing } from '../environment.ts';
import { addEq, addFaultyEffect, bypassEqFromKeyboard, expectFaultAlert, expectPlaybackOutlives, FAULT_FILE, playToneWithEditor, ToneFolder } from '../helpers/effects-flows.ts';
import { EffectsPage } from '../helpers/effects-page.ts';
import { oncePerFile } from '../helpers/once-per-file.ts';
import { electronMissing, test } from './electron-fixtures.ts';

const missing = electronMissing() ?? packageMissing(FAULT_FILE);
test.skip(missing !== undefined, missing ?? '');

const tone = oncePerFile(test, () => ToneFolder.create('fugue-e2e-electron-effects-'));

test.beforeEach(async ({ page, host }) => {
  await playToneWithEditor(new EffectsPage(page), host, tone());
});

test('an EQ added in the editor runs on the host, and bypassing it takes it out while the music plays on', async ({ page, host, snap }) => {
  const effects = new EffectsPage(page);
  await addEq(effects, host);
  await bypassEqFromKeyboard(effects, host);
  await snap('eq-bypassed');
});

test('an effect that breaks mid-track shows an alert naming its plugin while playback continues', async ({ page, host, snap }) => {
  const effects = new EffectsPage(page);
  const failure = await addFaultyEffect(effects, host);
  await expectFaultAlert(effects);
  await expectPlaybackOutlives(host, failure);
  await snap('effect-failed-alert');
});
