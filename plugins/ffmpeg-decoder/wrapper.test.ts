// The sidecar script on its own, as a user's shell would run it with the sidecar
// environment (PATH only, data over stdin/stdout): both of its modes give ffmpeg's exact
// decode behind a float WAV header, and it names what is missing when ffmpeg is absent.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ffmpegReference, firstDifference, Media, PLUGIN_ROOT } from './testing/harness.ts';

const SCRIPT = join(PLUGIN_ROOT, 'bin', 'ffmpeg-decode');
let media: Media;
let song: string;

beforeAll(async () => {
  media = await Media.create();
  song = await media.encode('song.ogg', 2, 44_100, ['-c:a', 'libvorbis']);
});
afterAll(async () => media?.dispose());

const run = async (args: string[], path = process.env.PATH ?? '/usr/bin:/bin') =>
  execa(SCRIPT, args, { input: await readFile(song), encoding: 'buffer', env: { PATH: path }, extendEnv: false, reject: false });

/** The PCM behind the WAV header ffmpeg writes (its data chunk runs to the end). */
function pcmOf(output: Uint8Array): Float32Array {
  const bytes = Buffer.from(output);
  const data = bytes.indexOf('data') + 8;
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset + data, bytes.byteOffset + bytes.length));
}

it.each([['pipe'], ['file']])('decodes in %s mode exactly as ffmpeg does', async (mode) => {
  const result = await run([mode, '0', 'stream']);
  expect(result.exitCode).toBe(0);
  // With the whole input spooled, ffprobe's duration comes first.
  const preamble = mode === 'file' ? 'FUGUE-FFMPEG-DURATION 2.0' : 'RIFF';
  expect(Buffer.from(result.stdout).subarray(0, preamble.length).toString()).toBe(preamble);
  const expected = await ffmpegReference(song);
  const pcm = pcmOf(result.stdout);
  expect(pcm.length).toBe(expected.length);
  expect(firstDifference(pcm, expected)).toBe(-1);
});

it('starts at a given second, sample-exactly', async () => {
  const result = await run(['file', '0.5']);
  const expected = await ffmpegReference(song);
  expect(firstDifference(pcmOf(result.stdout), expected.subarray(22_050 * 2))).toBe(-1);
});

it('exits with 69 and says so when ffmpeg is not on PATH', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fugue-no-ffmpeg-'));
  await mkdir(join(dir, 'bin'));
  try {
    const result = await run(['file', '0'], join(dir, 'bin'));
    expect(result.exitCode).toBe(69);
    expect(Buffer.from(result.stderr).toString()).toContain('ffmpeg is not installed');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
