// The ffmpeg sidecar decoder in the real runtime: built from source, its sidecar started
// through a real registry, decoding files ffmpeg made here bit-exact against ffmpeg's own
// decode, seeking sample-exactly, reading tags, and saying what to do when ffmpeg is absent.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveGroupMembers } from '../../src-main/sidecars/process-table.ts';
import { ffmpegReference, firstDifference, loadDecoder, Media, openFile, readAll, type Decoder } from './testing/harness.ts';

let decoder: Decoder;
let media: Media;

beforeAll(async () => {
  decoder = await loadDecoder();
  media = await Media.create();
}, 120_000);
afterAll(async () => {
  await decoder?.dispose();
  await media?.dispose();
});

const FORMATS = [
  { name: 'song.mp3', rate: 44_100, args: ['-c:a', 'libmp3lame', '-b:a', '192k'] },
  { name: 'song.ogg', rate: 44_100, args: ['-c:a', 'libvorbis'] },
  { name: 'song.opus', rate: 48_000, args: ['-c:a', 'libopus'] },
  { name: 'song.m4a', rate: 44_100, args: ['-c:a', 'aac'] },
];

describe('org.fugue.ffmpeg in the real runtime', () => {
  it.each(FORMATS)('decodes $name exactly as ffmpeg does', async ({ name, rate, args }) => {
    const path = await media.encode(name, 2, rate, args);
    const session = await openFile(decoder, path, media.path);
    expect(await decoder.instance.callMethod(session, 'info')).toMatchObject({ sampleRate: rate, channels: 2, features: { seekable: true } });
    const decoded = await readAll(decoder, session);
    const expected = await ffmpegReference(path);
    expect(decoded.length).toBe(expected.length);
    expect(firstDifference(decoded, expected)).toBe(-1);
    await decoder.instance.drop(session);
  });

  it('seeks to the exact frame by restarting ffmpeg from the start of the input', async () => {
    const path = await media.encode('seek.mp3', 3, 44_100, ['-c:a', 'libmp3lame']);
    const expected = await ffmpegReference(path);
    const session = await openFile(decoder, path, media.path);
    for (const frame of [100_003, 7, 60_000]) {
      expect(await decoder.instance.callMethod(session, 'seek', [BigInt(frame)])).toBe(BigInt(frame));
      const block = (await decoder.instance.callMethod(session, 'read', [1000])) as Float32Array;
      expect(firstDifference(block, expected.subarray(frame * 2, frame * 2 + block.length))).toBe(-1);
    }
    await decoder.instance.drop(session);
  });

  it('reads the tags ffmpeg finds: on the file (MP3) and on the stream (Opus)', async () => {
    const tags = ['-metadata', 'title=Ünïcode title', '-metadata', 'artist=Someone', '-metadata', 'album=An album', '-metadata', 'track=3/9', '-metadata', 'date=2021'];
    const mp3 = await openFile(decoder, await media.encode('tagged.mp3', 1, 44_100, ['-c:a', 'libmp3lame', ...tags]), media.path);
    expect(await decoder.instance.callMethod(mp3, 'metadata')).toMatchObject({ title: 'Ünïcode title', artist: 'Someone', album: 'An album', trackNumber: 3, year: 2021 });
    // ffprobe's duration of the container (an MP3 without a Xing header is estimated from its bit rate).
    const { durationMs } = (await decoder.instance.callMethod(mp3, 'metadata')) as { durationMs: bigint };
    expect(Number(durationMs)).toBeGreaterThanOrEqual(1000);
    expect(Number(durationMs)).toBeLessThan(1100);
    const opus = await openFile(decoder, await media.encode('tagged.opus', 1, 48_000, ['-c:a', 'libopus', ...tags]), media.path);
    expect(await decoder.instance.callMethod(opus, 'metadata')).toMatchObject({ title: 'Ünïcode title', artist: 'Someone' });
    await decoder.instance.drop(mp3);
    await decoder.instance.drop(opus);
  });

  it("passes on ffmpeg's complaint about a file it cannot decode", async () => {
    const path = join(media.path, 'noise.mp3');
    await writeFile(path, new Uint8Array(4096).fill(7));
    const failure = await openFile(decoder, path, media.path).catch((error: unknown) => error);
    expect(failure).toMatchObject({ pluginCode: 'corrupt-data', message: expect.stringMatching(/^ffmpeg could not decode this \.mp3 file: .+/) });
  });

  it('says to install ffmpeg when it is not on PATH', async () => {
    const path = await media.encode('nowhere.ogg', 1, 44_100, ['-c:a', 'libvorbis']);
    const empty = join(media.path, 'empty-path');
    await mkdir(empty);
    const saved = process.env.PATH;
    process.env.PATH = empty; // the registry gives sidecars the host's PATH
    try {
      const failure = await openFile(decoder, path, media.path).catch((error: unknown) => error);
      expect(failure).toMatchObject({ pluginCode: 'unsupported', message: 'ffmpeg is not installed; install it (e.g. `apt install ffmpeg`) to play .ogg files' });
    } finally {
      process.env.PATH = saved;
    }
  });

  it('leaves no sidecar process behind once its sessions are dropped', () => {
    expect(decoder.kit.registry.list()).toEqual([]);
    for (const pid of decoder.kit.pids()) expect(liveGroupMembers(pid)).toEqual([]);
  });
});
