// `fugue devices` as the real binary against a private PulseAudio server: the audio
// worker loads naudiodon and lists the outputs, the default one marked.
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pulseUnavailableReason, PulseServer } from '../audio/testing/pulse.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const unavailable = pulseUnavailableReason();
// CI installs PulseAudio and sets this: there a missing daemon fails instead of skipping.
const skip = unavailable !== undefined && !process.env.FUGUE_REQUIRE_REAL_DEVICE;
let pulse: PulseServer | undefined;

beforeAll(async () => {
  if (!skip) pulse = await PulseServer.start();
}, 60_000);
afterAll(async () => pulse?.dispose());

it.skipIf(skip)('lists the output devices with the default marked, as text and as JSON', async () => {
  const env = { ...process.env, ...pulse?.env };
  const json = await execa('node', ['bin/fugue.mjs', 'devices', '--json'], { cwd: repo, env, reject: false });
  expect(json.exitCode).toBe(0);
  const devices = JSON.parse(json.stdout) as { id: number; name: string; isDefault: boolean }[];
  expect(devices.filter((device) => device.isDefault)).toHaveLength(1);
  expect(devices.some((device) => /pulse|default/i.test(device.name))).toBe(true);
  const text = await execa('node', ['bin/fugue.mjs', 'devices'], { cwd: repo, env, reject: false });
  expect(text.stdout.split('\n').filter((line) => line.startsWith('*'))).toHaveLength(1);
});
