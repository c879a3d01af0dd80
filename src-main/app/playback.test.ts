// Effects in playback: the first-party gain plugin's hot-path kernel runs in the audio
// worker with the settings the user saved, and bad settings are refused by name.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildPlugin } from '../../sdk/build/build-plugin.ts';
import { REPO_ROOT } from '../../sdk/build/plugin.ts';
import { readWav } from '../audio/testing/read-wav.ts';
import { signalFrames } from '../audio/testing/signals.ts';
import { writeFloatWav } from '../audio/testing/write-wav.ts';
import { fixturePackage, ServicesHarness } from '../plugins/test-support/services.ts';
import { Playback } from './playback.ts';

let harness: ServicesHarness;
let work: string;
const RATE = 48_000;
const source = signalFrames({ kind: 'sine', hz: 1000, rate: RATE, amplitude: 0.5 }, 2, 0, RATE / 2);

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fugue-playback-'));
  harness = await ServicesHarness.create();
  for (const name of ['wav', 'gain']) {
    await harness.installer.install({ kind: 'path', path: (await buildPlugin(join(REPO_ROOT, 'plugins', name))).packagePath });
  }
}, 120_000);
afterAll(async () => {
  await harness?.dispose();
  await rm(work, { recursive: true, force: true });
});

async function playThroughGain(name: string, effect = { pluginId: 'org.fugue.gain', typeId: 'gain' }, notices: string[] = [], services = harness): Promise<Float32Array> {
  const out = join(work, `${name}.wav`);
  const playback = new Playback({ host: services.host, sink: `wav:${out}`, effects: [effect], onEffectNotice: (notice) => notices.push(notice) });
  try {
    const ended = new Promise<void>((resolve) => playback.player.on((event) => event.type === 'queue-ended' && resolve()));
    await playback.player.playTracks([{ kind: 'file', path: await writeFloatWav(join(work, `${name}-in.wav`), source, RATE, 2) }]);
    await ended;
  } finally {
    await playback.dispose();
  }
  return readWav(out).samples;
}

it('runs an effect with the settings the user saved, and leaves audio untouched at its defaults', async () => {
  expect(await playThroughGain('unity')).toEqual(source);
  // A kernel takes its settings when it is set up, so the plugin asks for the effect to be recreated.
  expect(await harness.services.saveSettings('org.fugue.gain', 'gain', { gain_db: 20 * Math.log10(0.5) })).toBe('needs-recreate');
  const halved = await playThroughGain('halved');
  expect(halved.length).toBe(source.length);
  const worst = Math.max(...halved.map((value, index) => Math.abs(value - (source[index] as number) * 0.5)));
  expect(worst).toBeLessThan(1e-7);
});

it('refuses settings outside the schema, naming the field, and keeps what was saved', async () => {
  await expect(harness.services.saveSettings('org.fugue.gain', 'gain', { gain_db: 90 })).rejects.toThrow('Gain (dB) (gain_db): 90 is above the maximum 24');
  await expect(harness.services.saveSettings('org.fugue.gain', 'volume', {})).rejects.toThrow('org.fugue.gain has no settings for "volume" (abilities with settings: gain)');
  expect(harness.catalog.config.get('org.fugue.gain', 'gain')).toEqual({ gain_db: 20 * Math.log10(0.5) });
});

it('hands saved settings to the plugin again after a restart', async () => {
  await harness.restart();
  const halved = await playThroughGain('after-restart');
  expect(Math.max(...halved.map((value, index) => Math.abs(value - (source[index] as number) * 0.5)))).toBeLessThan(1e-7);
});

it('runs an effect with no hot path through its component path, before the audio thread', async () => {
  // The fixture's ability has the same type id as the first-party gain: another data folder.
  const other = await ServicesHarness.create();
  const notices: string[] = [];
  let quartered: Float32Array;
  try {
    await other.installer.install({ kind: 'path', path: (await buildPlugin(join(REPO_ROOT, 'plugins', 'wav'))).packagePath });
    await other.installer.install({ kind: 'path', path: await fixturePackage('world-dsp') });
    const effect = { pluginId: 'org.fugue.fixture.dsp', typeId: 'gain' };
    await other.services.saveSettings(effect.pluginId, effect.typeId, { gain_db: 20 * Math.log10(0.25) });
    quartered = await playThroughGain('component-path', effect, notices, other);
  } finally {
    await other.dispose();
  }
  expect(notices).toEqual(['org.fugue.fixture.dsp/gain has no hot path, so it runs through its component path, before the audio thread (changes reach it from the next track)']);
  expect(quartered.length).toBe(source.length);
  expect(Math.max(...quartered.map((value, index) => Math.abs(value - (source[index] as number) * 0.25)))).toBeLessThan(1e-7);
});
