/**
 * `fugue play <file…> [--sink default|null|wav:<path>|plugin:<plugin>/<type>] [--dsp <plugin>/<type>…]`: plays files
 * through the decoder plugins and the audio worker, prints each track and its progress,
 * and exits when the queue ends — non-zero, naming the file and why, when a file could
 * not be played.
 */
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { toFugueErrorData, type FugueErrorData } from '../../src-shared/errors.ts';
import { firstPartyPackages, resolveDataDir } from '../app/paths.ts';
import { Playback } from '../app/playback.ts';
import { PluginServices } from '../app/plugin-services.ts';
import { parseDspRef, type DspRef } from '../audio/dsp-setup.ts';
import type { NowPlaying, PlayerEvent } from '../audio/player.ts';
import { EXIT, type CliIo } from './plugin-cli-support.ts';

export const PLAY_USAGE = 'usage: fugue play <file>... [--sink default|device:<id>|null|wav:<path>|plugin:<id>/<type>] [--dsp <plugin-id>/<type-id>]... [--replay-gain off|track|album] [--latency-ms <ms>] [--quiet] [--data-dir <dir>]';

const OPTIONS = {
  sink: { type: 'string' },
  dsp: { type: 'string', multiple: true },
  'replay-gain': { type: 'string' },
  'latency-ms': { type: 'string' },
  quiet: { type: 'boolean' },
  'data-dir': { type: 'string' },
} as const;

export async function runPlay(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    io.err(`${(error as Error).message}\n${PLAY_USAGE}`);
    return EXIT.usage;
  }
  const files = parsed.positionals;
  const replayGain = parsed.values['replay-gain'] ?? 'off';
  if (replayGain !== 'off' && replayGain !== 'track' && replayGain !== 'album') {
    io.err(`--replay-gain must be off, track or album, not "${replayGain}"\n${PLAY_USAGE}`);
    return EXIT.usage;
  }
  const latencyMs = Number(parsed.values['latency-ms'] ?? 100);
  if (files.length === 0 || !(latencyMs >= 5 && latencyMs <= 2000)) {
    io.err(`${files.length === 0 ? 'name at least one file to play' : '--latency-ms must be 5 to 2000'}\n${PLAY_USAGE}`);
    return EXIT.usage;
  }
  let effects: DspRef[];
  try {
    effects = (parsed.values.dsp ?? []).map(parseDspRef);
  } catch (error) {
    io.err(`${toFugueErrorData(error).message}\n${PLAY_USAGE}`);
    return EXIT.usage;
  }
  const { packages, missing } = firstPartyPackages();
  if (missing.length > 0) io.err(`fugue play: the built-in plugins ${missing.join(', ')} are not built ("npm run build:plugins" builds them)`);
  let services: PluginServices | undefined;
  try {
    services = await PluginServices.open({ dataDir: resolveDataDir(parsed.values['data-dir']), builtinPackages: packages });
    await services.start();
    const playback = new Playback({
      host: services.host,
      sink: parsed.values.sink ?? 'default',
      latencyMs,
      effects,
      replayGain: { mode: replayGain, preampDb: 0 },
      onEffectNotice: (reason) => io.err(`fugue play: ${reason}`),
      onOutputEvent: (event) =>
        io.err(event.type === 'plugin-sink-failed' ? `fugue play: ${event.error.message}` : `fugue play: the fallback output ${event.fallback} failed too: ${event.error.message}`),
    });
    try {
      return await playAll(playback, files, io, parsed.values.quiet === true);
    } finally {
      await playback.dispose();
    }
  } catch (error) {
    io.err(`fugue play: ${toFugueErrorData(error).message}`);
    return EXIT.failed;
  } finally {
    await services?.dispose();
  }
}

/** Plays the queue to its end; resolves with the exit code. */
async function playAll(playback: Playback, files: string[], io: CliIo, quiet: boolean): Promise<number> {
  const failures: FugueErrorData[] = [];
  const progress = new ProgressLine(io, quiet);
  const ended = new Promise<void>((resolve) => {
    playback.player.on((event: PlayerEvent) => {
      if (event.type === 'queue-ended') resolve();
      else if (event.type === 'track-error') {
        failures.push(event.error);
        io.err(`fugue play: ${event.error.message}`);
      } else if (event.type === 'track-changed') progress.track(event, playback.player.queue.list().findIndex((entry) => entry.id === event.entry.id) + 1, files.length);
      else if (event.type === 'position') progress.position(event.positionMs, event.durationMs);
      else if (event.type === 'sink-failed') io.err(`fugue play: the output ${event.sink} failed: ${event.message}`);
    });
  });
  await playback.player.playTracks(files.map((path) => ({ kind: 'file' as const, path })));
  // Nothing could be opened: the player stopped without a queue end.
  if (playback.player.nowPlaying === undefined) return failures.length > 0 ? EXIT.failed : EXIT.ok;
  await ended;
  return failures.length > 0 ? EXIT.failed : EXIT.ok;
}

/** Prints each track once and its position at most once a second. */
class ProgressLine {
  private lastSecond = -1;

  constructor(
    private readonly io: CliIo,
    private readonly quiet: boolean,
  ) {}

  track(now: NowPlaying, index: number, count: number): void {
    this.lastSecond = -1;
    const { info, metadata, decoder } = now;
    const title = metadata.title ?? (now.entry.track.kind === 'file' ? basename(now.entry.track.path) : (now.entry.track.title ?? now.entry.track.itemId));
    const artist = metadata.artist === undefined ? '' : ` — ${metadata.artist}`;
    const bits = info.bitsPerSample === undefined ? '' : ` ${info.bitsPerSample}-bit`;
    this.io.out(`▶ ${index}/${count} ${title}${artist}  (${info.codec}, ${(info.sampleRate / 1000).toFixed(1)} kHz${bits}, ${info.channels} ch, by ${decoder.pluginId})`);
  }

  position(positionMs: number, durationMs: number | undefined): void {
    const second = Math.floor(positionMs / 1000);
    if (this.quiet || second === this.lastSecond) return;
    this.lastSecond = second;
    this.io.out(`  ${clock(positionMs)}${durationMs === undefined ? '' : ` / ${clock(durationMs)}`}`);
  }
}

function clock(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
