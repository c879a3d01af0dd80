// `fugue play` as the real binary: the first-party WAV and FLAC decoders installed at first
// start, the audio worker, and the WAV sink. What it writes is exactly ffmpeg's decode.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readWav } from '../audio/testing/read-wav.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fugue-cli-play-'));
  // One continuous 24-bit sine, cut into a WAV half and a FLAC half.
  await execa('sox', ['-n', '-r', '48000', '-c', '2', '-b', '24', join(work, 'whole.wav'), 'synth', '2', 'sine', '997', 'vol', '0.7']);
  await execa('sox', [join(work, 'whole.wav'), join(work, 'first.wav'), 'trim', '0s', '40000s']);
  await execa('sox', [join(work, 'whole.wav'), join(work, 'second.flac'), 'trim', '40000s']);
}, 120_000);
afterAll(async () => rm(work, { recursive: true, force: true }));

async function ffmpegF32(file: string): Promise<Float32Array> {
  const { stdout } = await execa('ffmpeg', ['-v', 'error', '-i', file, '-f', 'f32le', '-acodec', 'pcm_f32le', '-'], { encoding: 'buffer' });
  return new Float32Array(stdout.buffer, stdout.byteOffset, stdout.byteLength / 4);
}

const fugue = (...args: string[]) => execa('node', ['bin/fugue.mjs', 'play', ...args, '--data-dir', join(work, 'data')], { cwd: repo, reject: false });

it('plays a WAV then a FLAC file gaplessly through an identity effect into a WAV file, sample for sample what ffmpeg decodes', async () => {
  const out = join(work, 'out.wav');
  // The gain effect at its default 0 dB runs as a hot-path kernel in the audio worker.
  const result = await fugue(join(work, 'first.wav'), join(work, 'second.flac'), '--sink', `wav:${out}`, '--dsp', 'org.fugue.gain/gain');
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  const lines = result.stdout.split('\n');
  expect(lines.filter((line) => line.startsWith('▶'))).toEqual([
    '▶ 1/2 first.wav  (PCM 24-bit, 48.0 kHz 24-bit, 2 ch, by org.fugue.wav)',
    expect.stringMatching(/^▶ 2\/2 second\.flac {2}\(FLAC, 48\.0 kHz 24-bit, 2 ch, by org\.fugue\.flac\)$/),
  ]);
  const expected = Float32Array.from([...(await ffmpegF32(join(work, 'first.wav'))), ...(await ffmpegF32(join(work, 'second.flac')))]);
  const written = readWav(out);
  expect(written.sampleRate).toBe(48_000);
  expect(written.samples.length).toBe(expected.length);
  expect(written.samples).toEqual(expected);
  expect(expected).toEqual(await ffmpegF32(join(work, 'whole.wav')));
}, 120_000);

it('exits non-zero naming a file it cannot play, after playing the rest', async () => {
  const bad = join(work, 'notes.txt');
  await writeFile(bad, 'not audio');
  const result = await fugue(bad, join(work, 'first.wav'), '--sink', 'null', '--quiet');
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toMatch(/^fugue play: no enabled decoder plugin handles "\.txt" files/);
  expect(result.stdout).toContain('▶ 2/2 first.wav');
}, 120_000);

it('explains its usage', async () => {
  const result = await fugue('--sink');
  expect(result.exitCode).toBe(2);
  expect(result.stderr).toContain('usage: fugue play <file>...');
});
