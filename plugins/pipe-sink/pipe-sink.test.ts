// The pipe sink through the real host: the built plugin installed as a built-in (its
// sidecar granted), playback of a 1 kHz tone with `plugin:org.fugue.pipe-sink/pipe`, its
// sidecar running pacat against a private PulseAudio server named in the plugin's
// settings (a sidecar's environment holds only PATH and FUGUE_*), the server's recording
// checked for the tone, and no sidecar process left once playback is over.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildPlugin } from '../../sdk/build/build-plugin.ts';
import { firstPartyPackages } from '../../src-main/app/paths.ts';
import { Playback } from '../../src-main/app/playback.ts';
import { PluginServices } from '../../src-main/app/plugin-services.ts';
import type { PluginOutputEvent } from '../../src-main/audio/plugin-sink/plugin-output.ts';
import { pulseUnavailableReason, PulseServer } from '../../src-main/audio/testing/pulse.ts';
import { dominantFrequency, toneSpan } from '../../src-main/audio/testing/tone-analysis.ts';
import { liveGroupMembers } from '../../src-main/sidecars/process-table.ts';

const ID = 'org.fugue.pipe-sink';
const unavailable = pulseUnavailableReason();
// CI installs PulseAudio and sets this: there a missing daemon fails instead of skipping.
const skip = unavailable !== undefined && !process.env.FUGUE_REQUIRE_REAL_DEVICE;
let pulse: PulseServer | undefined;
let work: string;

beforeAll(async () => {
  await buildPlugin(import.meta.dirname); // the package installed below (cached when unchanged)
  work = await mkdtemp(join(tmpdir(), 'fugue-pipe-sink-'));
  if (!skip) pulse = await PulseServer.start();
}, 120_000);
afterAll(async () => {
  await pulse?.dispose();
  await rm(work, { recursive: true, force: true });
});

/** Pids whose command line mentions `text` (here: the private server's socket). */
function processesMentioning(text: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text);
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let tries = 0; !check(); tries++) {
    if (tries > 500) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

it.skipIf(skip)('plays a 1 kHz tone through pacat to the PulseAudio server named in its settings, and leaves no process', async () => {
  const server = pulse!.env.PULSE_SERVER!;
  const tone = join(work, 'tone.wav');
  await execa('sox', ['-n', '-r', '48000', '-c', '2', '-b', '16', tone, 'synth', '1.5', 'sine', '1000', 'vol', '0.5']);
  const services = await PluginServices.open({ dataDir: join(work, 'data'), builtinPackages: firstPartyPackages().packages });
  const events: PluginOutputEvent[] = [];
  let sidecarPids: number[] = [];
  try {
    await services.start();
    await services.saveSettings(ID, 'pipe', { pulse_server: server });
    const lease = services.host.acquire(ID, undefined, 'output-sink');
    try {
      // The sidecar's `--probe` answers which players are on PATH (here pacat, and aplay when installed).
      const targets = (await lease.instance.call('output-sink', 'list-targets', [])) as { id: string; isDefault: boolean }[];
      expect(targets[0]).toMatchObject({ id: 'pacat', isDefault: true });
    } finally {
      lease.release();
    }
    const recording = await pulse!.record();
    const playback = new Playback({ host: services.host, sink: `plugin:${ID}/pipe`, latencyMs: 100, onOutputEvent: (event) => events.push(event) });
    try {
      const ended = new Promise<void>((resolve) => playback.player.on((event) => event.type === 'queue-ended' && resolve()));
      await playback.player.playTracks([{ kind: 'file', path: tone }]);
      await waitFor(() => services.sidecars.list(ID).length > 0, 'the sidecar to start');
      sidecarPids = services.sidecars.list(ID).map((sidecar) => sidecar.pid);
      await ended;
      // pacat plays out what it holds before it exits at the end of its input.
      await waitFor(() => toneSpan(recording.samples(), 0.1)?.end !== undefined && recording.frames > 48_000 * 1.4, 'the tone to be recorded');
    } finally {
      await playback.dispose();
    }
    await recording.stop();
    expect(events).toEqual([]);
    const left = recording.samples().filter((_, i) => i % 2 === 0);
    const span = toneSpan(left, 0.1)!;
    expect(span.end - span.start).toBeGreaterThan(48_000);
    expect(dominantFrequency(left.subarray(span.start, span.end), 48_000, 500, 2000).hz).toBe(1000);
  } finally {
    await services.dispose();
  }
  expect(sidecarPids.length).toBeGreaterThan(0);
  for (const pid of sidecarPids) expect(liveGroupMembers(pid) ?? []).toEqual([]);
  expect(processesMentioning(server.slice('unix:'.length))).toEqual([]);
}, 120_000);
