/**
 * Play, pause, stop, seek and the queue, on top of the {@link Pump}. Every transition that
 * would cut audio mid-waveform fades first: pause, stop and seek ramp the fade gain down
 * and cut the block exactly where it reaches zero (so nothing read is lost: resume carries
 * on from the next frame), resume and seek ramp it back up. Starting from stop and gapless
 * joins do not fade, so a track plays bit-exact.
 */
import type { AudioEvent, PlaybackState } from './audio-messages.ts';
import type { Pump } from './pump.ts';
import type { TrackSlot } from './track-slot.ts';

type Phase = 'stopped' | 'playing' | 'pausing' | 'paused' | 'stopping' | 'seeking' | 'draining';

const DEFAULT_RAMP_MS = 10;

export class PumpTransport {
  private phase: Phase = 'stopped';
  private replacement: TrackSlot | undefined;
  private pauseAfterSeek = false;
  private rampFrames = 0;
  private drainGeneration = 0;
  /** Why the transport is draining: only a queue that ran out resumes when a track arrives. */
  private drainReason: 'queue-empty' | 'stop' = 'stop';
  private postedState: PlaybackState = 'stopped';

  constructor(
    private readonly pump: Pump,
    private readonly post: (event: AudioEvent) => void,
  ) {
    pump.onFadeDone = () => this.fadeDone();
    pump.onExhausted = () => this.drain('queue-empty');
  }

  get state(): PlaybackState {
    // While draining, the state stays what it was until the sink has played everything.
    if (this.phase === 'draining') return this.postedState;
    if (this.phase === 'paused') return 'paused';
    return this.phase === 'stopped' ? 'stopped' : 'playing';
  }

  queue(slot: TrackSlot): void {
    if (!this.pump.current && !this.replacement) this.pump.current = slot;
    else this.pump.queue.push(slot);
    this.resumeIfRanOut();
  }

  clearQueue(): void {
    for (const slot of this.pump.queue.splice(0)) slot.release();
  }

  play(rampMs = DEFAULT_RAMP_MS): void {
    const pump = this.pump;
    if (this.phase === 'stopped') pump.fade.rampTo(1, 0);
    else if (this.phase === 'paused' || this.phase === 'pausing') pump.fade.rampTo(1, pump.framesFor(rampMs));
    else if (this.phase === 'seeking') this.pauseAfterSeek = false;
    if (this.phase !== 'seeking' && this.phase !== 'stopping') this.setPhase('playing');
  }

  pause(rampMs = DEFAULT_RAMP_MS): void {
    if (this.phase === 'seeking') this.pauseAfterSeek = true;
    if (this.phase !== 'playing') return;
    this.fadeOut(rampMs);
    this.setPhase('pausing');
    if (this.pump.fade.remainingFrames === 0) this.fadeDone();
  }

  stop(rampMs = DEFAULT_RAMP_MS): void {
    if (this.phase === 'playing' || this.phase === 'pausing' || this.phase === 'seeking') {
      this.fadeOut(rampMs);
      this.setPhase('stopping');
      if (this.pump.fade.remainingFrames > 0) return;
    }
    if (this.phase === 'stopped') {
      this.releaseAll();
      return;
    }
    this.releaseAll();
    this.drain('stop');
  }

  /** Seek or skip: fade out the current ring, switch to `slot`, fade in. */
  replaceCurrent(slot: TrackSlot, rampMs = DEFAULT_RAMP_MS): void {
    const pump = this.pump;
    if (this.phase === 'stopping') {
      slot.release();
      return;
    }
    this.replacement?.release();
    this.replacement = slot;
    if (this.phase === 'playing' || this.phase === 'pausing' || this.phase === 'seeking') {
      if (this.phase === 'pausing') this.pauseAfterSeek = true;
      this.rampFrames = pump.framesFor(rampMs);
      if (this.phase !== 'seeking') this.fadeOut(rampMs);
      this.setPhase('seeking');
      if (pump.fade.remainingFrames === 0) this.fadeDone();
      return;
    }
    this.swap();
    this.resumeIfRanOut();
    pump.publish(true);
  }

  /** The sink failed: keep the queue, stop pumping until a new sink and `play`. */
  sinkLost(): void {
    this.pump.fade.rampTo(0, 0);
    this.setPhase(this.phase === 'stopped' ? 'stopped' : 'paused');
  }

  /** Releases every ring (close). */
  releaseAll(): void {
    this.replacement?.release();
    this.replacement = undefined;
    this.pump.current?.release();
    this.pump.current = undefined;
    this.clearQueue();
    this.pump.boundaries.clear();
    this.pump.resetResampling();
    this.pump.discardPending();
  }

  /** A track arrived after the queue ran out while playing: play it (a stop stays stopped). */
  private resumeIfRanOut(): void {
    if (this.phase === 'draining' && this.drainReason === 'queue-empty') this.setPhase('playing');
  }

  private fadeOut(rampMs: number): void {
    // Frames already read into a pending block are faded too, so none is muted outright.
    this.pump.fade.rampTo(0, Math.max(this.pump.framesFor(rampMs), this.pump.pendingFrames));
  }

  private fadeDone(): void {
    const pump = this.pump;
    if (this.phase === 'pausing') this.setPhase('paused');
    else if (this.phase === 'stopping') {
      this.releaseAll();
      this.drain('stop');
    } else if (this.phase === 'seeking') {
      this.swap();
      pump.resetStages();
      if (this.pauseAfterSeek) {
        this.pauseAfterSeek = false;
        this.setPhase('paused');
      } else {
        pump.fade.rampTo(1, this.rampFrames);
        this.setPhase('playing');
      }
    }
  }

  /** Puts the replacement in place of the current track (journaling the change of track). */
  private swap(): void {
    const pump = this.pump;
    const next = this.replacement;
    this.replacement = undefined;
    if (!next) return;
    pump.resetResampling();
    const old = pump.current;
    if (old && old.token === next.token) {
      old.release();
      next.announced = true;
      pump.boundaries.add(pump.outputFrames, next.token, next.startFrame, next.format.sampleRate);
      pump.current = next;
      return;
    }
    if (old) {
      pump.queue.unshift(next);
      pump.advance();
    } else pump.current = next;
  }

  private drain(reason: 'queue-empty' | 'stop'): void {
    const pump = this.pump;
    const sink = pump.sink;
    const generation = ++this.drainGeneration;
    this.drainReason = reason;
    this.setPhase('draining');
    const finish = (): void => {
      if (generation !== this.drainGeneration || this.phase !== 'draining') return;
      pump.fade.rampTo(1, 0);
      // State first: whoever waits for queue-empty then knows the state too.
      this.setPhase('stopped');
      if (reason === 'queue-empty') this.post({ type: 'queue-empty', outputFrame: pump.outputFrames });
    };
    if (!sink) return finish();
    sink.drain().then(finish, (error: unknown) => {
      this.post({ type: 'error', error: { code: 'io', message: `draining the sink ${sink.name} failed: ${String(error)}` } });
      finish();
    });
  }

  private setPhase(phase: Phase): void {
    if (phase !== 'draining') this.drainGeneration++;
    this.phase = phase;
    const pump = this.pump;
    pump.running = phase === 'playing' || phase === 'pausing' || phase === 'stopping' || phase === 'seeking';
    pump.cutAtFadeEnd = phase === 'pausing' || phase === 'stopping' || phase === 'seeking';
    pump.publish(true);
    if (this.state !== this.postedState) {
      this.postedState = this.state;
      this.post({ type: 'state', state: this.state });
    }
    pump.kick();
  }
}
