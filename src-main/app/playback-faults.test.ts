// Effects that break mid-playback do not stop the music: a hot-path kernel that traps is
// bypassed with an event and the track plays to its end, every sample in place.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildPlugin } from '../../sdk/build/build-plugin.ts';
import { REPO_ROOT } from '../../sdk/build/plugin.ts';
import type { PlayerEvent } from '../audio/player.ts';
import { readWav } from '../audio/testing/read-wav.ts';
import { signalFrames } from '../audio/testing/signals.ts';
import { writeFloatWav } from '../audio/testing/write-wav.ts';
import { fixturePackage, ServicesHarness } from '../plugins/test-support/services.ts';
import { Playback } from './playback.ts';

const RATE = 48_000;
let harness: ServicesHarness;
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fugue-playback-faults-'));
  harness = await ServicesHarness.create();
  await harness.installer.install({ kind: 'path', path: (await buildPlugin(join(REPO_ROOT, 'plugins', 'wav'))).packagePath });
  await harness.installer.install({ kind: 'path', path: await fixturePackage('fault-dsp') });
}, 120_000);
afterAll(async () => {
  await harness?.dispose();
  await rm(work, { recursive: true, force: true });
});

it('bypasses an effect whose kernel traps mid-track, and plays every sample to the end', async () => {
  const source = signalFrames({ kind: 'counter' }, 2, 0, RATE);
  const input = await writeFloatWav(join(work, 'in.wav'), source, RATE, 2);
  const out = join(work, 'trap.wav');
  const playback = new Playback({ host: harness.host, sink: `wav:${out}`, blockFrames: 512, effects: [{ pluginId: 'org.fugue.fixture.fault-dsp', typeId: 'trap-after' }] });
  const events: PlayerEvent[] = [];
  try {
    const ended = new Promise<void>((resolve) => playback.player.on((event) => (events.push(event), event.type === 'queue-ended' && resolve())));
    await playback.player.playTracks([{ kind: 'file', path: input }]);
    await ended;
  } finally {
    await playback.dispose();
  }
  const bypassed = events.filter((event) => event.type === 'dsp');
  expect(bypassed).toEqual([{ type: 'dsp', kind: 'bypassed', effect: 'org.fugue.fixture.fault-dsp/trap-after', message: expect.stringMatching(/trap|unreachable/i) }]);
  // The kernel copied its input until it trapped; bypassed, the block passes through dry.
  expect(readWav(out).samples).toEqual(source);
});

it('moves playback to a new audio thread without an effect that never returns, and plays on', async () => {
  const source = signalFrames({ kind: 'sine', hz: 440, rate: RATE, amplitude: 0.5 }, 2, 0, 2 * RATE);
  const input = await writeFloatWav(join(work, 'hang-in.wav'), source, RATE, 2);
  const playback = new Playback({ host: harness.host, sink: 'null', latencyMs: 50, hangMs: 300, effects: [{ pluginId: 'org.fugue.fixture.fault-dsp', typeId: 'hang-after' }] });
  const events: PlayerEvent[] = [];
  try {
    const ended = new Promise<void>((resolve) => playback.player.on((event) => (events.push(event), event.type === 'queue-ended' && resolve())));
    const firstWorker = playback.output;
    await playback.player.playTracks([{ kind: 'file', path: input }]);
    await ended;
    expect(playback.output).not.toBe(firstWorker);
  } finally {
    await playback.dispose();
  }
  const notices = events.filter((event) => event.type === 'dsp');
  expect(notices).toEqual([{ type: 'dsp', kind: 'bypassed', effect: 'org.fugue.fixture.fault-dsp/hang-after', message: expect.stringContaining('stopped responding') }]);
  // Positions before the hang, then again after it, reaching the end of the 2 s track.
  const positions = events.flatMap((event) => (event.type === 'position' ? [event.positionMs] : []));
  const hangAt = events.findIndex((event) => event.type === 'dsp');
  expect(positions.length).toBeGreaterThan(0);
  expect(events.slice(hangAt).some((event) => event.type === 'position')).toBe(true);
  expect(Math.max(...positions)).toBeGreaterThan(1500);
}, 60_000);
