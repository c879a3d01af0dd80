// The crossfeed installed as a package into real plugin services and played by the real
// player: the FRAW fixture decoder in its scheduler worker, the PCM ring, the crossfeed's
// kernel in the audio worker's DSP chain, the WAV sink — checked against an independent
// JS implementation of bs2b.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlugin } from '../../sdk/build/build-plugin.ts';
import { Playback } from '../../src-main/app/playback.ts';
import { readWav } from '../../src-main/audio/testing/read-wav.ts';
import { fixturePackage, ServicesHarness } from '../../src-main/plugins/test-support/services.ts';
import { crossfeedReference, PRESET_PARAMS } from './testing/reference.ts';

const RATE = 44_100;
const FRAMES = 20_000;

let harness: ServicesHarness;
let work: string;
let track: string;
let input: Float32Array;

/** A FRAW file (the fixture decoder's format): header, no title, interleaved stereo f32. */
async function writeFraw(path: string, samples: Float32Array): Promise<void> {
  const bytes = new Uint8Array(16 + samples.byteLength);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode('FRAW'));
  view.setUint32(4, RATE, true);
  view.setUint16(8, 2, true);
  view.setUint32(12, samples.length / 2, true);
  bytes.set(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength), 16);
  await writeFile(path, bytes);
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fugue-crossfeed-play-'));
  harness = await ServicesHarness.create();
  await harness.installer.install({ kind: 'path', path: await fixturePackage('world-decoder') });
  await harness.installer.install({ kind: 'path', path: (await buildPlugin(import.meta.dirname)).packagePath });
  let state = 7;
  // Noise on the left, a quieter different noise on the right.
  input = Float32Array.from({ length: FRAMES * 2 }, (_, index) => {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    return ((state / 2 ** 32) * 1.6 - 0.8) * (index % 2 === 0 ? 1 : 0.3);
  });
  track = join(work, 'noise.fraw');
  await writeFraw(track, input);
}, 120_000);
afterAll(async () => {
  await harness?.dispose();
  if (work) await rm(work, { recursive: true, force: true });
});

async function playThroughCrossfeed(name: string): Promise<{ samples: Float32Array; notices: string[] }> {
  const out = join(work, `${name}.wav`);
  const notices: string[] = [];
  const playback = new Playback({
    host: harness.host,
    sink: `wav:${out}`,
    blockFrames: 512,
    effects: [{ pluginId: 'org.fugue.crossfeed', typeId: 'crossfeed' }],
    onEffectNotice: (reason) => notices.push(reason),
  });
  try {
    const ended = new Promise<void>((resolve) => playback.player.on((event) => event.type === 'queue-ended' && resolve()));
    await playback.player.playTracks([{ kind: 'file', path: track }]);
    await ended;
  } finally {
    await playback.dispose();
  }
  return { samples: readWav(out).samples, notices };
}

describe('org.fugue.crossfeed in playback', () => {
  it('runs as a hot-path kernel in the audio worker and gives bs2b samples, with the preset from the saved settings', async () => {
    const played = await playThroughCrossfeed('default');
    expect(played.notices).toEqual([]);
    expect(played.samples).toEqual(crossfeedReference(input, PRESET_PARAMS.default, RATE));
    expect(await harness.services.saveSettings('org.fugue.crossfeed', 'crossfeed', { preset: 'jmeier' })).toBe('needs-recreate');
    const jmeier = await playThroughCrossfeed('jmeier');
    expect(jmeier.samples).toEqual(crossfeedReference(input, PRESET_PARAMS.jmeier, RATE));
  });
});
