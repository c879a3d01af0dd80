import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { readWav } from './testing/read-wav.ts';
import { filledRing, orderedEvents, SINE, startHarness, trackOf, type Harness } from './testing/audio-harness.ts';
import { PcmRing } from './pcm-ring.ts';
import type { RingWriterJob } from './testing/ring-writer.worker.ts';
import { signalFrames } from './testing/signals.ts';
import { startTsWorker } from './ts-worker.ts';

const WRITER = new URL('./testing/ring-writer.worker.ts', import.meta.url);

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.dispose();
  harness = undefined;
});

describe('audio worker into the WAV sink', () => {
  it('plays a track bit-exact, with its events in order at the right frames', async () => {
    harness = await startHarness('wav');
    const { output, events } = harness;
    const frames = 14_401;
    await output.queue(trackOf(1, filledRing(SINE, frames)));
    const empty = output.next('queue-empty');
    await output.play();
    await empty;
    const wav = readWav(harness.wavPath);
    expect(wav).toMatchObject({ formatTag: 3, channels: 2, sampleRate: 48_000, bitsPerSample: 32, factFrames: frames });
    expect(wav.samples).toEqual(signalFrames(SINE, 2, 0, frames));
    expect(orderedEvents(events)).toEqual(['state:playing', 'started:1@0', `ended:1@${frames}/${frames}`, 'state:stopped', `queue-empty@${frames}`]);
    // ffmpeg reads the file as standard IEEE-float WAV and decodes the same samples.
    const decoded = execFileSync('ffmpeg', ['-v', 'error', '-i', harness.wavPath, '-f', 'f32le', '-acodec', 'pcm_f32le', '-'], { maxBuffer: 1 << 26 });
    expect(new Float32Array(new Uint8Array(decoded).buffer)).toEqual(wav.samples);
  });

  it('joins two rings cut from one sine sample-exact (gapless)', async () => {
    harness = await startHarness('wav');
    const { output, events } = harness;
    const cut = 7_001;
    const total = 16_000;
    await output.queue(trackOf(1, filledRing(SINE, cut)));
    await output.queue(trackOf(2, filledRing(SINE, total - cut, { from: cut })));
    const empty = output.next('queue-empty');
    await output.play();
    await empty;
    expect(readWav(harness.wavPath).samples).toEqual(signalFrames(SINE, 2, 0, total));
    expect(orderedEvents(events)).toEqual([
      'state:playing',
      'started:1@0',
      `ended:1@${cut}/${cut}`,
      `started:2@${cut}`,
      `ended:2@${total}/${total - cut}`,
      'state:stopped',
      `queue-empty@${total}`,
    ]);
  });

  it('drops exactly the encoder delay and padding of each track', async () => {
    harness = await startHarness('wav');
    const { output } = harness;
    const cut = 5_000;
    const total = 11_000;
    await output.queue(trackOf(1, filledRing(SINE, cut, { lead: 576, trail: 1_105 }), { delay: 576, padding: 1_105 }));
    await output.queue(trackOf(2, filledRing(SINE, total - cut, { from: cut, lead: 2_112, trail: 3 }), { delay: 2_112, padding: 3 }));
    const ended = output.next('track-ended', (event) => event.token === 2);
    const empty = output.next('queue-empty');
    await output.play();
    expect((await ended).frames).toBe(total - cut);
    await empty;
    expect(readWav(harness.wavPath).samples).toEqual(signalFrames(SINE, 2, 0, total));
  });

  it('trims exactly while decoder threads are still writing into small rings', async () => {
    harness = await startHarness('wav');
    const { output } = harness;
    const cut = 20_000;
    const total = 41_000;
    const rings = [PcmRing.create(2, 3_000), PcmRing.create(2, 2_048)];
    const jobs: RingWriterJob[] = [
      { ring: rings[0]!.shared, signal: SINE, fromFrame: 0, frames: cut, chunkFrames: 700, leadingJunk: 576, trailingJunk: 1_105 },
      { ring: rings[1]!.shared, signal: SINE, fromFrame: cut, frames: total - cut, chunkFrames: 333, leadingJunk: 1_024, trailingJunk: 2_000 },
    ];
    const exited = jobs.map((job) => once(startTsWorker(WRITER, job, 'ring-writer'), 'exit'));
    await output.queue(trackOf(1, rings[0]!, { delay: 576, padding: 1_105 }));
    await output.queue(trackOf(2, rings[1]!, { delay: 1_024, padding: 2_000 }));
    const empty = output.next('queue-empty');
    await output.play();
    await empty;
    await Promise.all(exited);
    expect(readWav(harness.wavPath).samples).toEqual(signalFrames(SINE, 2, 0, total));
  });

  it('refuses a track whose format differs from the sink, saying why', async () => {
    harness = await startHarness('wav');
    const surround = filledRing(SINE, 100, { channels: 6 });
    await expect(harness.output.queue(trackOf(1, surround))).rejects.toThrow(/track 1 has 6 channels but the sink wav:.* has 2; only mono converts/);
    const ring = filledRing(SINE, 100);
    await expect(harness.output.queue(trackOf(1, ring, { padding: 500 }))).rejects.toThrow(/padding \(500 frames\) must be smaller than its ring/);
  });

  it('refuses commands once disposed, and finishes the WAV file on dispose', async () => {
    harness = await startHarness('wav');
    const { output } = harness;
    await output.queue(trackOf(1, filledRing(SINE, 3_000)));
    const ended = output.next('track-ended');
    await output.play();
    await ended;
    await output.dispose();
    await expect(output.play()).rejects.toMatchObject({ code: 'disposed' });
    expect(readWav(harness.wavPath).factFrames).toBe(3_000);
  });

  it('copies a mono track to both channels of a stereo sink, bit-exact', async () => {
    harness = await startHarness('wav');
    const { output } = harness;
    await output.queue(trackOf(1, filledRing(SINE, 3_000, { channels: 1 })));
    const empty = output.next('queue-empty');
    await output.play();
    await empty;
    const mono = signalFrames(SINE, 1, 0, 3_000);
    expect(readWav(harness.wavPath).samples).toEqual(Float32Array.from({ length: 6_000 }, (_, index) => mono[index >> 1] as number));
  });

  it('averages a stereo track into a mono sink', async () => {
    harness = await startHarness('wav', { sampleRate: 48_000, channels: 1 });
    const { output } = harness;
    await output.queue(trackOf(1, filledRing(SINE, 2_000)));
    const empty = output.next('queue-empty');
    await output.play();
    await empty;
    const stereo = signalFrames(SINE, 2, 0, 2_000);
    const average = Float32Array.from({ length: 2_000 }, (_, frame) => ((stereo[frame * 2] as number) + (stereo[frame * 2 + 1] as number)) / 2);
    expect(readWav(harness.wavPath).samples).toEqual(average);
  });
});
