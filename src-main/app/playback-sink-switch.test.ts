// Switching the output while a track plays: the audio worker finishes the old sink and
// carries on into the new one, with nothing repeated and nothing lost between built-in
// outputs (leaving a plugin output drops at most what it had not taken from its ring).
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildPlugin } from '../../sdk/build/build-plugin.ts';
import { REPO_ROOT } from '../../sdk/build/plugin.ts';
import { readWav } from '../audio/testing/read-wav.ts';
import { signalFrames } from '../audio/testing/signals.ts';
import { writeFloatWav } from '../audio/testing/write-wav.ts';
import { ServicesHarness } from '../plugins/test-support/services.ts';
import { Playback } from './playback.ts';

let harness: ServicesHarness;
let work: string;
const RATE = 48_000;
// Long enough that the switch, asked at the first position report, lands inside the track.
// Counter samples say which source frame each output sample is (an unpaced WAV sink can run
// ahead of any timing, so the tests start on the real-time `null` sink and locate by value).
const source = signalFrames({ kind: 'counter' }, 2, 0, RATE * 12);

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fugue-sink-switch-'));
  harness = await ServicesHarness.create();
  for (const name of ['wav', 'wav-recorder']) {
    await harness.installer.install({ kind: 'path', path: (await buildPlugin(join(REPO_ROOT, 'plugins', name))).packagePath });
  }
}, 120_000);
afterAll(async () => {
  await harness?.dispose();
  await rm(work, { recursive: true, force: true });
});

it('switches output mid-track: the WAV file it switches to gets the rest of the track, every sample in order', async () => {
  const b = join(work, 'b.wav');
  const playback = new Playback({ host: harness.host, sink: 'null', latencyMs: 50 });
  try {
    const ended = new Promise<void>((resolve) => playback.player.on((event) => event.type === 'queue-ended' && resolve()));
    const playing = new Promise<void>((resolve) => playback.player.on((event) => event.type === 'position' && event.positionMs > 100 && resolve()));
    await playback.player.playTracks([{ kind: 'file', path: await writeFloatWav(join(work, 'in.wav'), source, RATE, 2) }]);
    await playing;
    await playback.setSink(`wav:${b}`);
    expect(playback.sink).toBe(`wav:${b}`);
    await ended;
    const rest = readWav(b);
    expect(rest.sampleRate).toBe(RATE);
    expect(rest.samples.length).toBeGreaterThan(0);
    expect(rest.samples.length).toBeLessThan(source.length);
    // A contiguous run of the source, from where the switch happened to its very end.
    expect(rest.samples).toEqual(source.subarray(source.length - rest.samples.length));
  } finally {
    await playback.dispose();
  }
});

it('switches into a plugin output and out of it again while playing, the track going on in each', async () => {
  const c = join(work, 'part-c.wav');
  const playback = new Playback({ host: harness.host, sink: 'null', latencyMs: 50 });
  try {
    const ended = new Promise<void>((resolve) => playback.player.on((event) => event.type === 'queue-ended' && resolve()));
    const first = new Promise<void>((resolve) => playback.player.on((event) => event.type === 'position' && event.positionMs > 100 && resolve()));
    await playback.player.playTracks([{ kind: 'file', path: await writeFloatWav(join(work, 'three-parts.wav'), source, RATE, 2) }]);
    await first;
    await playback.setSink('plugin:org.fugue.wav-recorder/wav-recorder');
    // Audio moves into the plugin from its ring at its own pace: wait until it has recorded some.
    const dir = harness.services.layout.pluginDataDir('org.fugue.wav-recorder');
    await until(async () => (await recordingSize(dir)) > 64 * 1024);
    await playback.setSink(`wav:${c}`);
    await ended;
    const [recording] = (await readdir(dir)).filter((name) => name.endsWith('.wav'));
    const [recorded, partC] = [readWav(join(dir, recording as string)).samples, readWav(c).samples];
    // The plugin recorded a contiguous run of the track, from where the switch happened.
    expect(recorded.length).toBeGreaterThan(0);
    const start = recorded[0] as number;
    expect(recorded).toEqual(source.subarray(start, start + recorded.length));
    // Out of it: what the plugin had not yet taken from its ring (at most the latency target)
    // is dropped, as a device drops what it had queued; the rest plays on to the end.
    const skipped = source.length - (start + recorded.length) - partC.length;
    expect(skipped).toBeGreaterThanOrEqual(0);
    expect(skipped).toBeLessThanOrEqual(2 * (RATE / 10));
    expect(partC).toEqual(source.subarray(source.length - partC.length));
  } finally {
    await playback.dispose();
  }
});

async function recordingSize(dir: string): Promise<number> {
  const names = await readdir(dir).catch(() => []);
  const sizes = await Promise.all(names.filter((name) => name.endsWith('.wav')).map(async (name) => (await stat(join(dir, name))).size));
  return Math.max(0, ...sizes);
}

/** Polls a condition the test cannot be told about (a plugin writing its file). */
async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 10));
}

it('refuses an unknown output at once, keeping the one it has', async () => {
  const playback = new Playback({ host: harness.host, sink: 'null' });
  try {
    await expect(playback.setSink('speakers')).rejects.toThrow('unknown sink "speakers": use default, device:<id>, null, wav:<path> or plugin:<plugin-id>/<type-id>');
    expect(playback.sink).toBe('null');
  } finally {
    await playback.dispose();
  }
});
