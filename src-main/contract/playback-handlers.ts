/**
 * The player operations of the contract over {@link Playback}. A shell started without
 * playback (e.g. a plugin-management-only session) answers `unsupported` with what to do.
 */
import { FugueError } from '../../src-shared/errors.ts';
import type { EffectRef, NowPlayingView, OutputChoice, PlayerStatus } from '../../src-shared/contract/playback.ts';
import type { Playback } from '../app/playback.ts';
import type { NowPlaying } from '../audio/player.ts';
import { listTargets } from '../audio/plugin-sink/plugin-output.ts';
import type { PluginHost, RunningAbility } from '../plugins/plugin-host.ts';
import { pictureView } from './pictures.ts';
import type { OperationImpls } from './types.ts';

type PlaybackOps = Pick<OperationImpls, Extract<keyof OperationImpls, `playback.${string}`>>;

export interface PlaybackHandlerContext {
  host: PluginHost;
  playback: Playback | undefined;
  /** The output the playback was opened with (`default`, `null`, `plugin:…`); shown when there is no playback. */
  output: string;
}

export function playbackHandlers(context: PlaybackHandlerContext): PlaybackOps {
  const local = { volume: 1, effects: [] as EffectRef[] };
  const playback = (): Playback => {
    if (context.playback === undefined) {
      throw new FugueError({ code: 'unsupported', message: 'playback is not running in this session (it was started for plugin management only); start Fugue with an audio output to play music' });
    }
    return context.playback;
  };
  const status = (): PlayerStatus => statusOf(playback(), local);
  const act = (work: (player: Playback['player']) => Promise<unknown> | void) => async () => {
    await work(playback().player);
    return status();
  };
  return {
    'playback.status': async () => status(),
    'playback.setQueue': async ({ tracks, start }) => act((player) => player.playTracks(tracks, start ?? 0))(),
    'playback.addToQueue': async ({ tracks }) => act((player) => void player.queue.add(tracks))(),
    'playback.jump': async ({ entryId }) => act((player) => player.jump(entryId))(),
    'playback.play': act((player) => player.play()),
    'playback.pause': act((player) => player.pause()),
    'playback.stop': act((player) => player.stop()),
    'playback.next': act((player) => player.next()),
    'playback.previous': act((player) => player.previous(player.positionMs)),
    'playback.seek': async ({ positionMs }) => act((player) => player.seek(positionMs))(),
    'playback.setVolume': async ({ gain }) => {
      await playback().player.setVolume(gain);
      local.volume = gain;
      return status();
    },
    'playback.setRepeat': async ({ mode }) => act((player) => player.setRepeat(mode))(),
    'playback.setShuffle': async ({ on }) => act((player) => player.setShuffle(on))(),
    'playback.coverArt': async ({ entryId }) => {
      const now = playback().player.nowPlaying;
      return pictureView(now?.entry.id === entryId ? now.metadata.pictures[0] : undefined);
    },
    'playback.setEffects': async ({ effects }) => {
      await playback().setEffects(effects);
      local.effects = effects;
      return status();
    },
    'playback.outputs': async () => ({ current: context.playback?.sink ?? context.output, choices: await outputChoices(context) }),
    'playback.setOutput': async ({ output }) => {
      const target = playback();
      if (output.startsWith('wav:')) {
        // A renderer, or a remote WebSocket client, must not make the host write files where it names.
        throw new FugueError({ code: 'denied', message: `"${output}": recording to a WAV file is offered on the command line only (fugue play --sink wav:<path>); choose a device, a plugin output or null` });
      }
      await target.setSink(output);
      return { done: true as const };
    },
  };
}

/**
 * What the output picker offers: the system default, each device the audio worker's
 * PortAudio sees, silence, and every running output-sink plugin with the targets it lists
 * now. A source that fails to answer (no audio stack, a plugin erroring) leaves its rows out.
 */
async function outputChoices(context: PlaybackHandlerContext): Promise<OutputChoice[]> {
  const devices = (await context.playback?.output.listDevices().catch(() => [])) ?? [];
  const plugins = await Promise.all(context.host.abilities('output-sink').map((sink) => pluginChoices(context.host, sink)));
  return [
    { id: 'default', label: 'System default device' },
    ...devices.map((device) => ({ id: `device:${device.id}`, label: `${device.name} (${device.hostApi})${device.isDefault ? ', default' : ''}` })),
    { id: 'null', label: 'No output (silent)' },
    ...plugins.flat(),
  ];
}

async function pluginChoices(host: PluginHost, sink: RunningAbility): Promise<OutputChoice[]> {
  const base = `plugin:${sink.pluginId}/${sink.ability.type_id}`;
  const targets: unknown[] = await listTargets(host, sink.pluginId).catch(() => []);
  return [
    { id: base, label: sink.ability.display_name },
    ...targets.filter(isTarget).map((target) => ({ id: `${base}/${target.id}`, label: `${sink.ability.display_name}: ${target.name}` })),
  ];
}

/** The fields of a WIT `output-target` record the picker shows. */
function isTarget(value: unknown): value is { id: string; name: string } {
  const record = value as { id?: unknown; name?: unknown } | null;
  return typeof record === 'object' && record !== null && typeof record.id === 'string' && typeof record.name === 'string';
}

function statusOf(playback: Playback, local: { volume: number; effects: EffectRef[] }): PlayerStatus {
  const player = playback.player;
  const now = player.nowPlaying;
  return {
    state: player.state,
    positionMs: player.positionMs,
    volume: local.volume,
    repeat: player.queue.repeat,
    shuffle: player.queue.shuffle,
    queue: player.queue.list().map((entry) => ({ entryId: entry.id, track: entry.track })),
    nowPlaying: now === undefined ? undefined : nowPlayingView(now),
    effects: local.effects,
    output: playback.sink,
  };
}

/** The contract's view of the player's now-playing record (bigints become numbers). */
export function nowPlayingView(now: NowPlaying): NowPlayingView {
  const { info, metadata } = now;
  const framesMs = info.totalFrames === undefined ? undefined : (Number(info.totalFrames) / info.sampleRate) * 1000;
  return {
    entryId: now.entry.id,
    track: now.entry.track,
    title: metadata.title ?? (now.entry.track.kind === 'source' ? now.entry.track.title : undefined),
    artist: metadata.artist,
    album: metadata.album,
    durationMs: metadata.durationMs === undefined ? framesMs : Number(metadata.durationMs),
    codec: info.codec,
    sampleRate: info.sampleRate,
    channels: info.channels,
    lossless: info.features.lossless,
    seekable: info.features.seekable,
    decoder: { pluginId: now.decoder.pluginId, typeId: now.decoder.typeId },
    hasCoverArt: metadata.pictures.length > 0,
  };
}
