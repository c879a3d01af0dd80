// Plugin output sinks end to end: real plugin services with the WAV recorder and the
// faulty-sink fixture installed, their `sink.write` fed by the plugin's own worker from a
// PCM ring, the real audio worker writing into a RingSink, and the switch to a built-in
// fallback sink when the plugin breaks mid-playback.
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildPlugin } from '../../../sdk/build/build-plugin.ts';
import { REPO_ROOT } from '../../runtime/testing/fixtures.ts';
import { fixturePackage, ServicesHarness } from '../../plugins/test-support/services.ts';
import type { ResourceRef } from '../../runtime/protocol.ts';
import { PcmRing } from '../pcm-ring.ts';
import { RingSinkStatus } from '../sinks/ring-sink.ts';
import { filledRing, trackOf } from '../testing/audio-harness.ts';
import { readWav } from '../testing/read-wav.ts';
import { signalFrames } from '../testing/signals.ts';
import { PluginSinkFeeder } from './feeder.ts';
import { listTargets, parsePluginSinkSpec, PluginOutput, type PluginOutputEvent, type PluginOutputOptions, type SinkSwitch } from './plugin-output.ts';
import { AudioOutput } from '../audio-output.ts';
import type { PcmFormat } from '../sink.ts';
import type { RingSinkShared } from '../sinks/ring-sink.ts';

const RECORDER = 'org.fugue.wav-recorder';
const FAULTY = 'org.fugue.fixture.fault-sink';
const FORMAT = { sampleRate: 48_000, channels: 2 };
const COUNTER = { kind: 'counter' } as const;

let harness: ServicesHarness;
let work: string;
/** The real audio worker, remembering which sinks it was told to open. */
class AudioUnderTest implements SinkSwitch {
  readonly output = new AudioOutput('fugue-plugin-sink-test');
  readonly opened: string[] = [];

  openSink(spec: string, format: PcmFormat, latencyMs: number, blockFrames?: number, plugin?: RingSinkShared): Promise<void> {
    this.opened.push(spec);
    return this.output.openSink(spec, format, latencyMs, blockFrames, plugin);
  }

  /** Queues one track of `frames` counter frames and plays it; `ended` is the queue's end. */
  async startTrack(frames: number) {
    const ended = this.output.next('queue-empty');
    await this.output.queue(trackOf(1, filledRing(COUNTER, frames)));
    await this.output.play();
    return { ended };
  }

  dispose(): Promise<void> {
    return this.output.dispose();
  }
}

let audio: AudioUnderTest | undefined;
let output: PluginOutput | undefined;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fugue-plugin-sink-'));
  // A drain timeout longer than any test: an unloaded plugin's sink must be left because
  // PluginOutput notices the unload, not because the host's drain timer ran out.
  harness = await ServicesHarness.create({ drainTimeoutMs: 600_000 });
  await harness.installer.install({ kind: 'path', path: (await buildPlugin(join(REPO_ROOT, 'plugins', 'wav-recorder'))).packagePath });
  await harness.installer.install({ kind: 'path', path: await fixturePackage('fault-sink') });
});
afterEach(async () => {
  await output?.dispose();
  await audio?.dispose();
  output = undefined;
  audio = undefined;
});
afterAll(async () => {
  await harness?.dispose();
  await rm(work, { recursive: true, force: true });
});

/** The fixture's hash: FNV-1a over the bits of every sample, one sample at a time. */
function fnv(samples: Float32Array): number {
  let hash = 0x811c9dc5;
  for (const bits of new Uint32Array(samples.buffer, samples.byteOffset, samples.length)) hash = Math.imul(hash ^ bits, 16_777_619) >>> 0;
  return hash;
}

/** The fault-sink fixture rebuilt as version 0.2.0 (a package the installer treats as an update). */
async function faultySinkUpdate(): Promise<string> {
  const project = join(work, 'fault-sink-0.2.0');
  await cp(join(REPO_ROOT, 'plugin-fixtures', 'fault-sink'), project, { recursive: true, filter: (source) => !source.includes('/dist') && !source.includes('/generated') });
  const manifest = join(project, 'plugin.json');
  await writeFile(manifest, (await readFile(manifest, 'utf8')).replace('"version": "0.1.0"', '"version": "0.2.0"'));
  return (await buildPlugin(project, { packagesDir: join(work, 'packages'), recordsDir: join(work, 'records') })).packagePath;
}

/** Starts a long track through the steady faulty sink; resolves once the plugin has taken some of it. */
async function playLong(events: PluginOutputEvent[], fallback: string) {
  audio = new AudioUnderTest();
  output = await PluginOutput.open({ host: harness.host, output: audio, format: FORMAT, latencyMs: 50, blockFrames: 512, realtime: false, fallback, onEvent: (event) => events.push(event), sink: { pluginId: FAULTY, typeId: 'faulty' } });
  const { ended } = await audio.startTrack(LONG);
  while ((output?.framesAccepted ?? 0) < 20_000) await new Promise((resolve) => setTimeout(resolve, 5));
  return { host: audio, ended };
}

const LONG = 480_000;

async function recordings(): Promise<string[]> {
  const dir = harness.services.layout.pluginDataDir(RECORDER);
  return (await readdir(dir).catch(() => [])).filter((name) => name.endsWith('.wav')).map((name) => join(dir, name));
}

/** Plays one track of `frames` counter frames through `sink` into the test audio worker; resolves at queue end. */
async function play(frames: number, options: Partial<PluginOutputOptions> & Pick<PluginOutputOptions, 'sink'>, events: PluginOutputEvent[] = []) {
  audio = new AudioUnderTest();
  output = await PluginOutput.open({ host: harness.host, output: audio, format: FORMAT, latencyMs: 50, blockFrames: 512, realtime: false, onEvent: (event) => events.push(event), ...options });
  const { ended } = await audio.startTrack(frames);
  return { ended: await ended, events, audio };
}

describe('PluginSinkFeeder', () => {
  it('moves a signal from a ring into a plugin that takes part of each write and refuses some, with no frame lost or repeated', async () => {
    const lease = harness.host.acquire(FAULTY, undefined, 'output-sink');
    const sink = (await lease.instance.call('output-sink', 'open', ['faulty', 'steady', FORMAT])) as ResourceRef;
    const ring = PcmRing.create(2, 1024);
    const status = new RingSinkStatus();
    const failures: unknown[] = [];
    const feeder = new PluginSinkFeeder({ calls: lease.instance, sink, ring, status, chunkFrames: 700, onFailure: (error) => failures.push(error) });
    feeder.start();
    const signal = signalFrames(COUNTER, 2, 0, 20_000);
    // The producer side, as the RingSink does it: write what fits, come back when there is room.
    for (let written = 0; written < 20_000; await new Promise((resolve) => setTimeout(resolve, 1))) written += ring.write(signal, 20_000 - written, written);
    const drain = status.requestDrain();
    while (!status.isDrained(drain)) await new Promise((resolve) => setTimeout(resolve, 1));
    await feeder.dispose();
    await lease.instance.drop(sink);
    lease.release();
    expect(failures).toEqual([]);
    expect(feeder.framesAccepted).toBe(20_000);
    expect(feeder.refusals).toBeGreaterThan(0);
    expect(harness.logged(FAULTY)).toContain(`received 20000 frames, fnv ${fnv(signal)}`);
  });
});

describe('PluginOutput', () => {
  it('plays a track through the WAV recorder plugin into its file, bit-exact', async () => {
    const before = await recordings();
    const { ended } = await play(30_000, { sink: { pluginId: RECORDER, typeId: 'wav-recorder' } });
    expect(ended).toMatchObject({ outputFrame: 30_000 });
    expect(output?.active).toBe('plugin');
    const made = (await recordings()).filter((path) => !before.includes(path));
    expect(made).toHaveLength(1);
    const recorded = readWav(made[0] as string);
    expect(recorded).toMatchObject({ formatTag: 3, channels: 2, sampleRate: 48_000, factFrames: 30_000 });
    expect(recorded.samples).toEqual(signalFrames(COUNTER, 2, 0, 30_000));
  });

  it.each(['trap', 'error', 'hang'])('falls back to the built-in sink when the plugin sink fails (%s) mid-playback, and playback carries on', async (targetId) => {
    const fallback = join(work, `fallback-${targetId}.wav`);
    const { ended, events, audio: host } = await play(48_000, { sink: { pluginId: FAULTY, typeId: 'faulty', targetId }, fallback: `wav:${fallback}` });
    expect(events).toEqual([{ type: 'plugin-sink-failed', pluginId: FAULTY, typeId: 'faulty', error: expect.objectContaining({ message: expect.any(String) }), fallback: `wav:${fallback}` }]);
    expect(events[0]?.type === 'plugin-sink-failed' && events[0].error.message).toContain(FAULTY);
    expect(host.opened).toEqual([`plugin:${FAULTY}/faulty`, `wav:${fallback}`]);
    expect(output?.active).toBe('fallback');
    // Position kept advancing: the whole track was played out, the tail of it into the fallback.
    expect(ended).toMatchObject({ outputFrame: 48_000 });
    const tail = readWav(fallback).samples;
    const first = tail[0] as number;
    expect(first % 2).toBe(0);
    expect(tail).toEqual(signalFrames(COUNTER, 2, first / 2, 48_000 - first / 2));
    // What the plugin took before it failed, plus what the ring held then, is all that the fallback did not play.
    expect(first / 2).toBeGreaterThanOrEqual(output?.framesAccepted ?? 0);
    expect(first / 2 - (output?.framesAccepted ?? 0)).toBeLessThanOrEqual(2400 + 512);
  });

  it('falls back at once when the plugin cannot open the target', async () => {
    const fallback = join(work, 'fallback-open.wav');
    const { ended, events } = await play(4000, { sink: { pluginId: FAULTY, typeId: 'faulty', targetId: 'hdmi' }, fallback: `wav:${fallback}` });
    expect(events).toMatchObject([{ type: 'plugin-sink-failed', error: { code: 'plugin-error', message: expect.stringContaining('no output target hdmi') } }]);
    expect(ended).toMatchObject({ outputFrame: 4000 });
    expect(readWav(fallback).samples).toEqual(signalFrames(COUNTER, 2, 0, 4000));
  });

  it('closes the plugin’s sink when the audio worker is given another sink', async () => {
    audio = new AudioUnderTest();
    output = await PluginOutput.open({ host: harness.host, output: audio, format: FORMAT, latencyMs: 50, blockFrames: 512, sink: { pluginId: FAULTY, typeId: 'faulty' } });
    expect(output.active).toBe('plugin');
    await audio.openSink('null', FORMAT, 50, 512);
    while (output.active === 'plugin') await new Promise((resolve) => setTimeout(resolve, 5));
    expect(output.active).toBe('closed');
  });

  it('lists a plugin sink’s targets and reads plugin sink specs', async () => {
    expect(await listTargets(harness.host, RECORDER)).toEqual([expect.objectContaining({ id: 'data-folder', isDefault: true })]);
    expect(parsePluginSinkSpec(`plugin:${FAULTY}/faulty/trap`)).toEqual({ pluginId: FAULTY, typeId: 'faulty', targetId: 'trap' });
    expect(parsePluginSinkSpec(`plugin:${RECORDER}/wav-recorder`)).toEqual({ pluginId: RECORDER, typeId: 'wav-recorder' });
    expect(parsePluginSinkSpec('wav:/tmp/x.wav')).toBeUndefined();
  });

  it('reopens the sink on the new version when the plugin is updated while it plays', async () => {
    const events: PluginOutputEvent[] = [];
    const update = await faultySinkUpdate();
    const { host, ended: queueEnd } = await playLong(events, 'null');
    await harness.installer.install({ kind: 'path', path: update });
    const ended = await queueEnd;
    expect(harness.host.activeVersion(FAULTY)).toBe('0.2.0');
    expect(events).toEqual([]);
    expect(host.opened).toEqual([`plugin:${FAULTY}/faulty`, `plugin:${FAULTY}/faulty`]);
    expect(output?.active).toBe('plugin');
    expect(ended).toMatchObject({ outputFrame: LONG });
  });

  // Last: it leaves the fixture disabled.
  it('falls back when the plugin is disabled while it plays, without waiting for the host’s drain timeout', async () => {
    const events: PluginOutputEvent[] = [];
    const fallback = join(work, 'fallback-unload.wav');
    const { host, ended: queueEnd } = await playLong(events, `wav:${fallback}`);
    await harness.host.unload(FAULTY, 'host-disable');
    const ended = await queueEnd;
    expect(events).toMatchObject([{ type: 'plugin-sink-failed', pluginId: FAULTY, error: { code: 'disposed', message: expect.stringContaining('disabled or uninstalled') } }]);
    expect(host.opened).toEqual([`plugin:${FAULTY}/faulty`, `wav:${fallback}`]);
    expect(ended).toMatchObject({ outputFrame: LONG });
    const tail = readWav(fallback).samples;
    expect(tail).toEqual(signalFrames(COUNTER, 2, (tail[0] as number) / 2, LONG - (tail[0] as number) / 2));
  });
});
