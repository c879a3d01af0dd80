/**
 * Turns the player's events into contract events, and follows the synced lyrics of the
 * track now playing: when a track starts its lyrics are looked up once, and each position
 * report that crosses into another line sends `lyrics.line`.
 */
import { toDisposable, type Disposable } from '../../src-shared/disposable.ts';
import { currentLine } from '../../src-shared/lyrics/current-line.ts';
import type { PluginServices } from '../app/plugin-services.ts';
import type { Playback } from '../app/playback.ts';
import type { PlayerEvent } from '../audio/player.ts';
import type { PluginOutputEvent } from '../audio/plugin-sink/plugin-output.ts';
import type { LyricLine } from '../lyrics/lyrics-service.ts';
import { nowPlayingQuery } from './library-handlers.ts';
import { nowPlayingView } from './playback-handlers.ts';
import type { EmitEvent } from './types.ts';

export function bridgePlayerEvents(services: PluginServices, playback: Playback, emit: EmitEvent): Disposable {
  const lyrics = new LyricsFollower(services, playback, emit);
  const subscription = playback.player.on((event) => {
    const translated = translate(event);
    if (translated !== undefined) emit(translated);
    if (event.type === 'track-changed') lyrics.trackChanged(event.entry.id);
    if (event.type === 'position') lyrics.position(event.entryId, event.positionMs);
  });
  return toDisposable(() => {
    subscription.dispose();
    lyrics.stop();
  });
}

/** A plugin output that failed (and the fallback that took over, or failed too) as a `player.sinkFailed` event. */
export function outputEventToContract(event: PluginOutputEvent): Parameters<EmitEvent>[0] {
  const message =
    event.type === 'plugin-sink-failed'
      ? `the output ${event.pluginId}/${event.typeId} failed (${event.error.message}); playing on ${event.fallback} instead`
      : `the fallback output ${event.fallback} failed too (${event.error.message}); nothing plays until another output is chosen`;
  const sink = event.type === 'plugin-sink-failed' ? `plugin:${event.pluginId}/${event.typeId}` : event.fallback;
  return { event: 'player.sinkFailed', payload: { sink, message, transient: false } };
}

function translate(event: PlayerEvent): Parameters<EmitEvent>[0] | undefined {
  switch (event.type) {
    case 'state':
      return { event: 'player.state', payload: { state: event.state } };
    case 'track-changed':
      return { event: 'player.trackChanged', payload: nowPlayingView(event) };
    case 'position':
      return { event: 'player.position', payload: { entryId: event.entryId, positionMs: event.positionMs, durationMs: event.durationMs } };
    case 'track-error':
      return { event: 'player.trackError', payload: { entryId: event.entryId, track: event.track, error: event.error } };
    case 'queue-ended':
      return { event: 'player.queueEnded', payload: {} };
    case 'levels':
      return { event: 'player.levels', payload: { peak: event.peak, rms: event.rms } };
    case 'underrun':
      return { event: 'player.underrun', payload: { count: event.count } };
    case 'sink-failed':
      return { event: 'player.sinkFailed', payload: { sink: event.sink, message: event.message, transient: event.transient } };
    case 'dsp':
      return { event: 'player.effect', payload: { kind: event.kind, effect: event.effect, message: event.message } };
    default:
      return undefined;
  }
}

class LyricsFollower {
  private entryId = -1;
  private lines: LyricLine[] = [];
  private index = -1;
  private stopped = false;

  constructor(
    private readonly services: PluginServices,
    private readonly playback: Playback,
    private readonly emit: EmitEvent,
  ) {}

  trackChanged(entryId: number): void {
    this.entryId = entryId;
    this.lines = [];
    this.index = -1;
    void this.load(entryId);
  }

  position(entryId: number, positionMs: number): void {
    if (entryId !== this.entryId || this.lines.length === 0) return;
    const index = currentLine(this.lines, positionMs);
    if (index === this.index) return;
    this.index = index;
    const line = this.lines[index];
    this.emit({ event: 'lyrics.line', payload: { entryId, index, startMs: line?.startMs, text: line?.text } });
  }

  stop(): void {
    this.stopped = true;
  }

  private async load(entryId: number): Promise<void> {
    try {
      const lookup = await this.services.findLyrics(nowPlayingQuery(this.playback));
      if (this.stopped || entryId !== this.entryId) return;
      if (lookup.found?.body.kind === 'synced') this.lines = lookup.found.body.lines;
      this.emit({ event: 'lyrics.loaded', payload: { entryId, lookup } });
    } catch {
      // No title or no provider: the lyrics view stays empty, and `lyrics.find` says why when asked.
    }
  }
}
