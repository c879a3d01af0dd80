/**
 * The player: a queue and transport over decoder plugins and the audio worker. For each
 * track it opens a decoder session (in the decoder's scheduler worker), fills a PCM ring
 * from it, and queues the ring with the audio worker, which plays, trims, joins and
 * reports positions. The next track is opened and queued while the current one still
 * plays (gapless). A decoder that fails skips to the next track with an error event.
 */
import { DisposableStore, toDisposable, type Disposable } from '../../src-shared/disposable.ts';
import { toFugueErrorData, type FugueErrorData } from '../../src-shared/errors.ts';
import type { PluginHost } from '../plugins/plugin-host.ts';
import type { AudioEvent, PlaybackState, QueuedTrack } from './audio-messages.ts';
import type { AudioOutput } from './audio-output.ts';
import { ComponentEffectChain } from './component-effects.ts';
import { DecodeFeed } from './decode-feed.ts';
import type { DspRef } from './dsp-setup.ts';
import { openDecoderSession, type DecoderChoice, type DecoderSession, type StreamInfo, type TrackMetadata } from './decoder-session.ts';
import { PcmRing } from './pcm-ring.ts';
import { PlayQueue, type QueueEntry, type RepeatMode } from './play-queue.ts';
import { checkReplayGain, replayGainFactor, REPLAY_GAIN_OFF, type ReplayGainSettings } from './replay-gain.ts';
import { locateTrack, type SourceRoots, type TrackRef } from './track.ts';

/** What the player uses of the audio worker's handle. */
export type AudioOutputPort = Pick<AudioOutput, 'queue' | 'replaceCurrent' | 'clearQueue' | 'play' | 'pause' | 'stop' | 'setVolume' | 'on'>;

/** Something that happened around the player (an effect dropped, an output replaced) that listeners should hear. */
export type PlaybackNotice = Extract<PlayerEvent, { type: 'dsp' | 'sink-failed' }>;

export interface PlayerOptions {
  host: PluginHost;
  output: AudioOutputPort;
  /** Folders each source plugin may point tracks at. */
  sourceRoots?: SourceRoots;
  /** Decoded audio kept ahead of playback (the ring size); default 1 s. */
  readAheadMs?: number;
  /** Most frames one decoder `read` returns; default 4096. */
  chunkFrames?: number;
  /** Called before a track is handed to the output, e.g. to open the sink in the first track's format. */
  prepareOutput?(info: StreamInfo): Promise<void>;
  /** ReplayGain from the decoder's tags; default off. */
  replayGain?: ReplayGainSettings;
}

/** The track now playing, as events describe it. */
export interface NowPlaying {
  entry: QueueEntry;
  info: StreamInfo;
  metadata: TrackMetadata;
  decoder: DecoderSession['decoder'];
  /** The local file it plays from, also for a source's item that resolved to a file (lyrics look beside it). */
  filePath?: string | undefined;
}

export type PlayerEvent =
  | { type: 'state'; state: PlaybackState }
  | ({ type: 'track-changed' } & NowPlaying)
  | { type: 'position'; entryId: number; positionMs: number; durationMs: number | undefined }
  | { type: 'track-error'; entryId: number; track: TrackRef; error: FugueErrorData }
  | { type: 'queue-ended' }
  | Extract<AudioEvent, { type: 'levels' | 'underrun' | 'sink-failed' | 'dsp' }>;

/** One opened track: its session, the ring being filled, and its token in the audio worker. */
interface Opened {
  token: number;
  entry: QueueEntry;
  session: DecoderSession;
  feed: DecodeFeed;
  /** Set once the track after this one is being opened (at most once per track). */
  prewarming?: boolean;
  /** Effects run through their component path before the ring, for this track. */
  effects?: ComponentEffectChain | undefined;
  /** The local file the track resolved to (absent for a stream). */
  filePath?: string | undefined;
}

const AUDIO_EVENTS = ['state', 'track-started', 'track-ended', 'queue-empty', 'position', 'levels', 'underrun', 'sink-failed', 'dsp'] as const;

export class Player implements Disposable {
  readonly queue = new PlayQueue();
  private readonly listeners = new Set<(event: PlayerEvent) => void>();
  private readonly store = new DisposableStore();
  private readonly opened = new Map<number, Opened>();
  private current: Opened | undefined;
  private prewarmed: Opened | undefined;
  private nextToken = 1;
  /** Effects without a hot path: run per track, before the ring (see component-effects.ts). */
  private componentEffects: readonly DspRef[] = [];
  private replayGain: ReplayGainSettings = REPLAY_GAIN_OFF;
  private stateNow: PlaybackState = 'stopped';
  private lastPositionMs = 0;
  /** Bumped by every user action that replaces what plays; stale async work checks it. */
  private generation = 0;
  /** Seeks in progress: the audio worker may run dry meanwhile, which is not the end of the queue. */
  private transitions = 0;

  constructor(private readonly options: PlayerOptions) {
    if (options.replayGain !== undefined) this.replayGain = checkReplayGain(options.replayGain);
    for (const type of AUDIO_EVENTS) this.store.add(options.output.on(type, (event) => this.onAudio(event)));
  }

  on(listener: (event: PlayerEvent) => void): Disposable {
    this.listeners.add(listener);
    return toDisposable(() => void this.listeners.delete(listener));
  }

  get state(): PlaybackState {
    return this.stateNow;
  }

  /** The audible position in the current track, as last reported. */
  get positionMs(): number {
    return this.lastPositionMs;
  }

  /** Tells listeners about something the playback around the player did. */
  notify(notice: PlaybackNotice): void {
    this.emit(notice);
  }

  /**
   * Plays the current track again from where it was audible, on an output that replaced
   * the one it was queued with (a new audio worker).
   */
  resume(): Promise<void> {
    return this.seek(this.lastPositionMs);
  }

  get nowPlaying(): NowPlaying | undefined {
    const current = this.current;
    return current === undefined ? undefined : { entry: current.entry, info: current.session.info, metadata: current.session.metadata, decoder: current.session.decoder, filePath: current.filePath };
  }

  /** Replaces the queue and plays from `start`. */
  async playTracks(tracks: readonly (TrackRef | { track: TrackRef; decoder?: DecoderChoice })[], start = 0): Promise<void> {
    this.queue.set(tracks, start);
    await this.startAt(this.queue.current);
  }

  async play(): Promise<void> {
    if (this.current === undefined) return this.startAt(this.queue.current);
    await this.options.output.play();
  }

  async pause(): Promise<void> {
    await this.options.output.pause();
  }

  async stop(): Promise<void> {
    this.generation += 1;
    await this.options.output.stop();
    await this.options.output.clearQueue();
    await this.closeAll();
  }

  async next(): Promise<void> {
    await this.startAt(this.queue.advance(true));
  }

  /** Restarts the track when more than 3 s in, else goes to the previous one. */
  async previous(positionMs = 0): Promise<void> {
    if (positionMs > 3000 && this.current !== undefined) return this.seek(0);
    await this.startAt(this.queue.back());
  }

  async jump(entryId: number): Promise<void> {
    await this.startAt(this.queue.jump(entryId));
  }

  /** Effects to run through their component path from the next track opened on. */
  setComponentEffects(effects: readonly DspRef[]): void {
    this.componentEffects = [...effects];
  }

  /**
   * ReplayGain from the next track queued on (a seek re-queues the current track, so it
   * picks the new settings up too). Throws a RangeError naming a bad mode or preamp.
   */
  setReplayGain(settings: ReplayGainSettings): void {
    this.replayGain = checkReplayGain(settings);
  }

  setRepeat(mode: RepeatMode): void {
    this.queue.repeat = mode;
  }

  setShuffle(on: boolean): void {
    this.queue.setShuffle(on);
  }

  /** Volume 0–1 (linear gain), ramped by the audio worker. */
  setVolume(gain: number): Promise<void> {
    return this.options.output.setVolume(Math.min(1, Math.max(0, gain)));
  }

  /**
   * Seeks the current track: decoding restarts from the new position into a fresh ring,
   * and the audio worker fades over to it. The old ring keeps playing until then.
   */
  async seek(positionMs: number): Promise<void> {
    const current = this.current;
    if (current === undefined) return;
    const generation = ++this.generation;
    this.transitions += 1;
    try {
      await this.dropPrewarmed();
      const old = current.feed;
      await old.stop();
      const landed = await current.session.seek((positionMs / 1000) * current.session.info.sampleRate);
      if (generation !== this.generation) return;
      this.lastPositionMs = (landed / current.session.info.sampleRate) * 1000;
      current.prewarming = false;
      current.feed = this.feedFor(current.token, current.session, this.newRing(current.session.info), current.effects);
      await current.feed.prime(this.chunkFrames());
      const paused = this.stateNow === 'paused';
      await this.options.output.replaceCurrent(this.queued(current, landed));
      old.ring.abandon();
      if (!paused) await this.options.output.play();
    } finally {
      this.transitions -= 1;
    }
  }

  async dispose(): Promise<void> {
    this.generation += 1;
    await this.store.dispose();
    await this.closeAll();
  }

  private emit(event: PlayerEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  /** Opens `entry` (or the first playable after it) and makes it the only thing playing. */
  private async startAt(entry: QueueEntry | undefined): Promise<void> {
    const generation = ++this.generation;
    await this.options.output.clearQueue();
    await this.closeAll();
    const opened = await this.openPlayable(entry, generation);
    if (opened === undefined || generation !== this.generation) {
      if (opened !== undefined) await this.close(opened);
      if (generation === this.generation) await this.options.output.stop();
      return;
    }
    this.current = opened;
    await opened.feed.prime(this.chunkFrames());
    await this.options.output.replaceCurrent(this.queued(opened, 0));
    await this.options.output.play();
    // A short track may be decoded already; its end did not prewarm while it was not current.
    if (opened.feed.done) void this.prewarmNext(opened);
  }

  /** Opens `entry`; when it cannot be opened, reports it and tries the next ones. */
  private async openPlayable(entry: QueueEntry | undefined, generation: number): Promise<Opened | undefined> {
    for (let tries = 0; entry !== undefined && tries < this.queue.list().length; tries++) {
      try {
        // The output (and so the effect chain) is set up from the first track's format before it decodes.
        return await this.open(entry, (info) => this.options.prepareOutput?.(info) ?? Promise.resolve());
      } catch (error) {
        this.emit({ type: 'track-error', entryId: entry.id, track: entry.track, error: toFugueErrorData(error) });
        if (generation !== this.generation) return undefined;
        entry = this.queue.advance(true);
      }
    }
    return undefined;
  }

  private async open(entry: QueueEntry, beforeDecoding?: (info: StreamInfo) => Promise<void>): Promise<Opened> {
    const { location } = await locateTrack(this.options.host, entry.track, this.options.sourceRoots ?? (() => []));
    const session = await openDecoderSession(this.options.host, location, entry.decoder);
    try {
      await beforeDecoding?.(session.info);
    } catch (error) {
      await session.close();
      throw error;
    }
    const token = this.nextToken++;
    const effects = await this.effectsFor(session.info);
    const opened: Opened = { token, entry, session, effects, filePath: location.path, feed: this.feedFor(token, session, this.newRing(session.info), effects) };
    this.opened.set(token, opened);
    return opened;
  }

  private async effectsFor(info: StreamInfo): Promise<ComponentEffectChain | undefined> {
    if (this.componentEffects.length === 0) return undefined;
    return ComponentEffectChain.open(this.options.host, this.componentEffects, { sampleRate: info.sampleRate, channels: info.channels }, this.chunkFrames(), {
      onDropped: (effect, error) => this.emit({ type: 'dsp', kind: 'bypassed', effect, message: `${effect} failed and is left out of this track: ${error.message}` }),
    });
  }

  private feedFor(token: number, session: DecoderSession, ring: PcmRing, effects?: ComponentEffectChain): DecodeFeed {
    const feed = new DecodeFeed(session, ring, {
      chunkFrames: this.chunkFrames(),
      ...(effects === undefined ? {} : { effects }),
      endsRing: false,
      onEnd: () => this.decodedToEnd(token),
      onError: (error) => {
        const opened = this.opened.get(token);
        if (opened !== undefined) this.emit({ type: 'track-error', entryId: opened.entry.id, track: opened.entry.track, error });
        this.decodedToEnd(token);
      },
    });
    feed.start();
    return feed;
  }

  /**
   * A track's decoder is done. Its ring is ended only once the next track is queued
   * behind it (or there is none); a track decoded while still being set up or waiting its
   * turn does this when it becomes current.
   */
  private decodedToEnd(token: number): void {
    const opened = this.opened.get(token);
    if (opened === undefined) return;
    // Otherwise it is still being set up, or waits its turn: it ends when it becomes current.
    if (opened === this.current) void this.prewarmNext(opened);
  }

  /** Opens the next track and queues it behind `current` (gapless), then ends `current`'s ring. */
  private async prewarmNext(current: Opened): Promise<void> {
    if (current.prewarming === true) return;
    current.prewarming = true;
    const generation = this.generation;
    try {
      const next = this.prewarmed === undefined ? this.queue.peekNext() : undefined;
      if (next === undefined) return;
      const opened = await this.open(next).catch((error: unknown) => {
        this.emit({ type: 'track-error', entryId: next.id, track: next.track, error: toFugueErrorData(error) });
        return undefined;
      });
      if (opened === undefined) return;
      if (generation !== this.generation || this.current !== current) return void (await this.close(opened));
      this.prewarmed = opened;
      await opened.feed.prime(this.chunkFrames());
      await this.options.output.queue(this.queued(opened, 0));
    } finally {
      current.feed.ring.end();
    }
  }

  private onAudio(event: AudioEvent): void {
    switch (event.type) {
      case 'track-started':
        return this.trackStarted(event.token);
      case 'track-ended': {
        const opened = this.opened.get(event.token);
        if (opened !== undefined && opened !== this.current) void this.close(opened);
        return;
      }
      case 'queue-empty':
        return void this.queueEmpty();
      case 'position':
        return this.position(event);
      case 'state':
        this.stateNow = event.state;
        return this.emit(event);
      case 'levels':
      case 'underrun':
      case 'sink-failed':
      case 'dsp':
        return this.emit(event);
      case 'error':
        return;
    }
  }

  /** The audio worker played everything it had: the queue ended, unless a next track is still opening. */
  private async queueEmpty(): Promise<void> {
    const current = this.current;
    if (current === undefined || this.transitions > 0 || this.prewarmed !== undefined || !current.feed.done) return;
    if (this.queue.peekNext() !== undefined) {
      // Prewarming lost the race with the end of the track (or failed): start the next one now.
      return this.startAt(this.queue.advance());
    }
    await this.closeAll();
    this.emit({ type: 'queue-ended' });
  }

  private trackStarted(token: number): void {
    const opened = this.opened.get(token);
    if (opened === undefined) return;
    const previous = this.current;
    if (opened === this.prewarmed) {
      this.prewarmed = undefined;
      this.queue.advance();
    }
    this.current = opened;
    if (previous !== opened) this.lastPositionMs = 0;
    if (previous !== undefined && previous !== opened) void this.close(previous);
    if (opened.feed.done && !opened.feed.ring.isEnded()) void this.prewarmNext(opened);
    this.emit({ type: 'track-changed', entry: opened.entry, info: opened.session.info, metadata: opened.session.metadata, decoder: opened.session.decoder, filePath: opened.filePath });
  }

  private position(event: Extract<AudioEvent, { type: 'position' }>): void {
    const opened = this.opened.get(event.token);
    if (opened === undefined) return;
    if (opened === this.current) this.lastPositionMs = (event.frame / event.sampleRate) * 1000;
    const total = opened.session.info.totalFrames;
    this.emit({
      type: 'position',
      entryId: opened.entry.id,
      positionMs: (event.frame / event.sampleRate) * 1000,
      durationMs: total === undefined ? undefined : (Number(total) / opened.session.info.sampleRate) * 1000,
    });
  }

  private queued(opened: Opened, startFrame: number): QueuedTrack {
    const info = opened.session.info;
    return {
      token: opened.token,
      ring: opened.feed.ring.shared,
      format: { sampleRate: info.sampleRate, channels: info.channels },
      // Delay applies at the start of the stream only: a seek lands after it.
      delay: startFrame === 0 ? info.encoderDelay : 0,
      padding: info.encoderPadding,
      startFrame,
      gain: replayGainFactor(opened.session.metadata, this.replayGain),
    };
  }

  private newRing(info: StreamInfo): PcmRing {
    const readAhead = Math.ceil((info.sampleRate * (this.options.readAheadMs ?? 1000)) / 1000);
    return PcmRing.create(info.channels, Math.max(readAhead, 2 * this.chunkFrames(), info.encoderPadding + this.chunkFrames()));
  }

  private chunkFrames(): number {
    return this.options.chunkFrames ?? 4096;
  }

  private async dropPrewarmed(): Promise<void> {
    const prewarmed = this.prewarmed;
    if (prewarmed === undefined) return;
    this.prewarmed = undefined;
    await this.options.output.clearQueue();
    await this.close(prewarmed);
  }

  private async close(opened: Opened): Promise<void> {
    this.opened.delete(opened.token);
    if (this.current === opened) this.current = undefined;
    if (this.prewarmed === opened) this.prewarmed = undefined;
    opened.feed.ring.abandon();
    await opened.feed.stop();
    await opened.effects?.close();
    await opened.session.close();
  }

  private async closeAll(): Promise<void> {
    await Promise.all([...this.opened.values()].map((opened) => this.close(opened)));
  }
}
