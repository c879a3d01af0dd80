/**
 * `npm run soak [-- --seconds 300] [--sink null|default] [--json]`: plays a long track at
 * 256-frame blocks through two DSP plugins (EQ and gain hot paths) while another plugin is
 * hot-reloaded every 2 s, and counts underruns. The issue's target is 0 underruns in 5
 * minutes. `null` paces in real time without a sound card; `default` uses the device.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { execa } from 'execa';
import { firstPartyPackages } from '../src-main/app/paths.ts';
import { Playback } from '../src-main/app/playback.ts';
import { PluginServices } from '../src-main/app/plugin-services.ts';
import type { PlayerEvent } from '../src-main/audio/player.ts';
import { versionedPackage } from '../src-main/plugins/test-support/services.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string' }, sink: { type: 'string' }, json: { type: 'boolean' } } });
const seconds = Number(values.seconds ?? 300);
const json = values.json === true;
const log = (line: string): void => {
  if (!json) console.log(line);
};

const work = await mkdtemp(join(tmpdir(), 'fugue-soak-'));
const services = await PluginServices.open({ dataDir: join(work, 'data'), builtinPackages: firstPartyPackages().packages });
try {
  await services.start();
  const track = join(work, 'long.flac');
  await execa('sox', ['-n', '-r', '48000', '-c', '2', '-b', '16', track, 'synth', String(seconds + 5), 'pinknoise', 'vol', '0.3']);
  const versions = [await versionedPackage('1.0.0', work), await versionedPackage('2.0.0', work)];
  await services.installer.install({ kind: 'path', path: versions[0] as string });

  const playback = new Playback({ host: services.host, sink: values.sink ?? 'null', blockFrames: 256, latencyMs: 50, effects: [{ pluginId: 'org.fugue.eq', typeId: 'eq10' }, { pluginId: 'org.fugue.gain', typeId: 'gain' }] });
  let underruns = 0;
  let reloads = 0;
  let reloadFailures = 0;
  let lastPositionMs = 0;
  const errors: string[] = [];
  playback.player.on((event: PlayerEvent) => {
    if (event.type === 'underrun') underruns = event.count;
    else if (event.type === 'position') lastPositionMs = event.positionMs;
    else if (event.type === 'track-error' || event.type === 'sink-failed') errors.push(event.type === 'track-error' ? event.error.message : event.message);
  });
  await playback.player.playTracks([{ kind: 'file', path: track }]);
  const started = performance.now();
  log(`soak: ${seconds} s at 256-frame blocks, EQ + gain hot paths, a plugin hot-reloaded every 2 s, sink ${values.sink ?? 'null'}`);
  while (performance.now() - started < seconds * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    reloads += 1;
    await services.installer.install({ kind: 'path', path: versions[reloads % 2] as string }, { allowDowngrade: true }).catch(() => (reloadFailures += 1));
    if (reloads % 15 === 0) log(`  ${Math.round((performance.now() - started) / 1000)} s: underruns ${underruns}, reloads ${reloads}`);
  }
  await playback.dispose();
  const result = { seconds, blockFrames: 256, underruns, reloads, reloadFailures, playedMs: Math.round(lastPositionMs), errors };
  if (json) console.log(JSON.stringify(result));
  else log(`soak done: ${underruns} underruns in ${seconds} s (played to ${(lastPositionMs / 1000).toFixed(1)} s), ${reloads} hot reloads (${reloadFailures} failed)${errors.length > 0 ? `; errors: ${errors.join('; ')}` : ''}`);
} finally {
  await services.dispose();
  await rm(work, { recursive: true, force: true });
}
