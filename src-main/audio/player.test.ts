// The player end to end: real plugin services with the FRAW decoder fixture installed,
// decoder sessions in scheduler workers writing into PCM rings, the real audio worker,
// and the WAV sink — what a listener would hear, sample for sample.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Playback } from '../app/playback.ts';
import { fixturePackage, ServicesHarness } from '../plugins/test-support/services.ts';
import type { PlayerEvent } from './player.ts';
import { readWav } from './testing/read-wav.ts';
import { signalFrames } from './testing/signals.ts';

const RATE = 44_100;
const SINE = { kind: 'sine', hz: 441, rate: RATE, amplitude: 0.5 } as const;

/** A FRAW file (the fixture decoder's format): header, title, interleaved f32. */
async function writeFraw(path: string, samples: Float32Array, channels = 2, title = ''): Promise<string> {
  const titleBytes = new TextEncoder().encode(title);
  const bytes = new Uint8Array(16 + titleBytes.length + samples.byteLength);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode('FRAW'));
  view.setUint32(4, RATE, true);
  view.setUint16(8, channels, true);
  view.setUint16(10, titleBytes.length, true);
  view.setUint32(12, samples.length / channels, true);
  bytes.set(titleBytes, 16);
  bytes.set(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength), 16 + titleBytes.length);
  await writeFile(path, bytes);
  return path;
}

let harness: ServicesHarness;
let work: string;
let playback: Playback | undefined;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fugue-player-'));
  harness = await ServicesHarness.create();
  await harness.installer.install({ kind: 'path', path: await fixturePackage('world-decoder') });
});
afterEach(async () => {
  await playback?.dispose();
  playback = undefined;
});
afterAll(async () => {
  await harness?.dispose();
  await rm(work, { recursive: true, force: true });
});

/** Plays `files` into a WAV file; resolves with the events and the samples written. */
async function playToWav(files: string[], name: string) {
  const out = join(work, `${name}.wav`);
  playback = new Playback({ host: harness.host, sink: `wav:${out}`, blockFrames: 256 });
  const events: PlayerEvent[] = [];
  const ended = new Promise<void>((resolve) => playback?.player.on((event) => (events.push(event), event.type === 'queue-ended' && resolve())));
  await playback.player.playTracks(files.map((path) => ({ kind: 'file' as const, path })));
  await ended;
  await playback.dispose();
  playback = undefined;
  return { events, wav: readWav(out) };
}

describe('Player', () => {
  it('plays two files cut from one sine back to back with a sample-exact join, and says which track plays', async () => {
    const whole = signalFrames(SINE, 2, 0, 30_000);
    const first = await writeFraw(join(work, 'part1.fraw'), whole.subarray(0, 2 * 12_345), 2, 'Part one');
    const second = await writeFraw(join(work, 'part2.fraw'), whole.subarray(2 * 12_345), 2, 'Part two');
    const { events, wav } = await playToWav([first, second], 'gapless');
    expect(wav.channels).toBe(2);
    expect(wav.sampleRate).toBe(RATE);
    expect(wav.samples).toEqual(whole);
    const changes = events.filter((event) => event.type === 'track-changed');
    expect(changes.map((event) => [event.metadata.title, event.decoder.pluginId, event.info.codec])).toEqual([
      ['Part one', 'org.fugue.fixture.decoder', 'FRAW f32'],
      ['Part two', 'org.fugue.fixture.decoder', 'FRAW f32'],
    ]);
    expect(events.filter((event) => event.type === 'track-error')).toEqual([]);
  });

  it('plays a track much longer than its read-ahead ring without losing or inventing a sample', async () => {
    const long = signalFrames({ kind: "counter" }, 2, 0, 5 * RATE);
    const { events, wav } = await playToWav([await writeFraw(join(work, 'long.fraw'), long)], 'long');
    expect(wav.samples.length).toBe(long.length);
    expect(wav.samples).toEqual(long);
    expect(events.filter((event) => event.type === 'underrun')).toEqual([]);
  });

  it('reports a file no decoder can open and plays the next one', async () => {
    const garbage = join(work, 'garbage.fraw');
    await writeFile(garbage, 'this is not audio at all');
    const good = await writeFraw(join(work, 'good.fraw'), signalFrames(SINE, 2, 0, 4_000));
    const { events, wav } = await playToWav([garbage, good], 'skip-bad');
    const errors = events.filter((event) => event.type === 'track-error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.error.message).toContain('garbage.fraw');
    expect(wav.samples).toEqual(signalFrames(SINE, 2, 0, 4_000));
  });

  it('says clearly when no decoder handles a file type', async () => {
    const mp9 = join(work, 'song.mp9');
    await writeFile(mp9, 'x');
    const good = await writeFraw(join(work, 'after.fraw'), signalFrames(SINE, 2, 0, 1_000));
    const { events } = await playToWav([mp9, good], 'no-decoder');
    const errors = events.filter((event) => event.type === 'track-error');
    expect(errors.map((event) => event.error.message)).toEqual([expect.stringMatching(/no enabled decoder plugin handles song\.mp9|"\.mp9" files/)]);
  });

  it('skips to the next track when the decoder fails mid-track, after playing what it decoded', async () => {
    const decoded = signalFrames({ kind: 'counter' }, 2, 0, 9_000);
    const truncated = join(work, 'truncated.fraw');
    await writeFraw(truncated, decoded);
    // The header promises 20 000 frames, but the data stops 3 bytes into frame 9 000.
    const bytes = new Uint8Array(await readFile(truncated));
    new DataView(bytes.buffer).setUint32(12, 20_000, true);
    await writeFile(truncated, new Uint8Array([...bytes, 1, 2, 3]));
    const next = signalFrames(SINE, 2, 0, 5_000);
    const { events, wav } = await playToWav([truncated, await writeFraw(join(work, 'next.fraw'), next)], 'mid-track');
    const errors = events.filter((event) => event.type === 'track-error');
    expect(errors.map((event) => [event.error.code, event.error.message])).toEqual([['plugin-error', expect.stringContaining('ended before its last frame')]]);
    expect(wav.samples).toEqual(Float32Array.from([...decoded, ...next]));
    expect(events.filter((event) => event.type === 'track-changed')).toHaveLength(2);
  });

  it('seeks: after a short fade the output continues exactly from the new position to the end', async () => {
    const source = signalFrames({ kind: 'counter' }, 2, 0, 6 * RATE);
    const file = await writeFraw(join(work, 'seek.fraw'), source);
    const out = join(work, 'seek.wav');
    playback = new Playback({ host: harness.host, sink: `wav:${out}`, blockFrames: 256 });
    const ended = new Promise<void>((resolve) => playback?.player.on((event) => event.type === 'queue-ended' && resolve()));
    await playback.player.playTracks([{ kind: 'file', path: file }]);
    await playback.player.seek(4000);
    await ended;
    await playback.dispose();
    playback = undefined;
    const samples = readWav(out).samples;
    // Counter samples say which source frame each output frame is. The output is a prefix
    // of the track, a fade, then the track from exactly 4 s to its end.
    const afterSeek = 2 * RATE;
    const fade = RATE / 10;
    const outputFrames = samples.length / 2;
    expect(outputFrames).toBeGreaterThan(afterSeek);
    expect(outputFrames).toBeLessThan(source.length / 2);
    expect(samples.subarray(0, 200)).toEqual(source.subarray(0, 200));
    expect(samples.subarray(2 * (outputFrames - afterSeek + fade))).toEqual(source.subarray(2 * (4 * RATE + fade)));
  });

  it('applies volume with a ramp and then exactly', async () => {
    const source = signalFrames(SINE, 2, 0, RATE);
    const file = await writeFraw(join(work, 'volume.fraw'), source);
    const out = join(work, 'volume.wav');
    playback = new Playback({ host: harness.host, sink: `wav:${out}`, blockFrames: 256 });
    const ended = new Promise<void>((resolve) => playback?.player.on((event) => event.type === 'queue-ended' && resolve()));
    await playback.player.setVolume(0.25);
    await playback.player.playTracks([{ kind: 'file', path: file }]);
    await ended;
    await playback.dispose();
    playback = undefined;
    const samples = readWav(out).samples;
    expect(samples.length).toBe(source.length);
    const settled = 2 * (RATE / 10);
    expect(samples.subarray(settled)).toEqual(source.subarray(settled).map((value) => value * 0.25));
    // No step between neighbouring frames beyond what the sine itself does.
    const steepest = Math.max(...samples.map((value, index) => (index < 2 ? 0 : Math.abs(value - (samples[index - 2] as number)))));
    expect(steepest).toBeLessThanOrEqual(0.5 * 2 * Math.sin((Math.PI * 441) / RATE) + 1e-6);
  });

  it('pauses, resumes, goes to the next and previous track, with the events a UI shows', async () => {
    const files = await Promise.all(['one', 'two'].map((name) => writeFraw(join(work, `${name}-t.fraw`), signalFrames(SINE, 2, 0, 3 * RATE), 2, name)));
    playback = new Playback({ host: harness.host, sink: 'null', latencyMs: 50 });
    const player = playback.player;
    const seen: PlayerEvent[] = [];
    const waitFor = (test: (event: PlayerEvent) => boolean) =>
      new Promise<PlayerEvent>((resolve) => {
        const subscription = player.on((event) => {
          if (!test(event)) return;
          void subscription.dispose();
          resolve(event);
        });
      });
    player.on((event) => seen.push(event));
    const started = waitFor((event) => event.type === 'position' && event.positionMs >= 200);
    await player.playTracks(files.map((path) => ({ kind: 'file' as const, path })));
    await started;
    const paused = waitFor((event) => event.type === 'state' && event.state === 'paused');
    await player.pause();
    await paused;
    const pausedAt = seen.filter((event) => event.type === 'position').at(-1);
    const resumed = waitFor((event) => event.type === 'position');
    await player.play();
    // It continues where it paused (within the output latency), not from the start.
    const after = await resumed;
    expect(after.type === 'position' && pausedAt?.type === 'position' && after.positionMs).toBeGreaterThanOrEqual(pausedAt?.type === 'position' ? pausedAt.positionMs - 100 : Infinity);

    const second = waitFor((event) => event.type === 'track-changed');
    await player.next();
    expect(await second).toMatchObject({ metadata: { title: 'two' } });
    const back = waitFor((event) => event.type === 'track-changed');
    await player.previous(500);
    expect(await back).toMatchObject({ metadata: { title: 'one' } });
    expect(seen.filter((event) => event.type === 'state').map((event) => event.type === 'state' && event.state)).toContain('paused');
    expect(seen.filter((event) => event.type === 'underrun')).toEqual([]);
  });
});
