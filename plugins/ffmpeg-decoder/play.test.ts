// End to end: `fugue play song.mp3 --sink wav:out.wav` as the real binary installs the built
// ffmpeg plugin as a built-in (its sidecar granted, its script made executable from the
// package), picks it for .mp3, and writes exactly what ffmpeg decodes.
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildPlugin } from '../../sdk/build/build-plugin.ts';
import { readWav } from '../../src-main/audio/testing/read-wav.ts';
import { ffmpegReference, firstDifference, Media, PLUGIN_ROOT } from './testing/harness.ts';

const REPO = join(PLUGIN_ROOT, '..', '..');
let media: Media;

beforeAll(async () => {
  await buildPlugin(PLUGIN_ROOT); // the package `fugue play` installs (cached when unchanged)
  media = await Media.create();
}, 120_000);
afterAll(async () => media?.dispose());

it('plays an MP3 through the installed plugin into a WAV file, sample for sample what ffmpeg decodes', async () => {
  const song = await media.encode('song.mp3', 2, 44_100, ['-c:a', 'libmp3lame', '-metadata', 'title=Sidecar song']);
  const out = join(media.path, 'out.wav');
  const result = await execa('node', ['bin/fugue.mjs', 'play', song, '--sink', `wav:${out}`, '--quiet', '--data-dir', join(media.path, 'data')], { cwd: REPO, reject: false });
  expect(result.stderr).not.toMatch(/song\.mp3|ffmpeg/);
  expect(result.exitCode).toBe(0);
  expect(result.stdout).toContain('▶ 1/1 Sidecar song  (ffmpeg mp3, 44.1 kHz, 2 ch, by org.fugue.ffmpeg)');
  const expected = await ffmpegReference(song);
  const written = readWav(out);
  expect(written.sampleRate).toBe(44_100);
  expect(written.samples.length).toBe(expected.length);
  expect(firstDifference(written.samples, expected)).toBe(-1);
}, 120_000);
