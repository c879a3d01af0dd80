/**
 * The audio output the player talks to, which can be replaced underneath it: when a
 * hot-path kernel hangs, the audio worker running it cannot be interrupted and is
 * terminated; a new worker takes over and every listener moves to it, so the player keeps
 * its subscriptions and only re-queues what was playing.
 */
import { toDisposable, type Disposable } from '../../src-shared/disposable.ts';
import type { AudioEvent, QueuedTrack } from './audio-messages.ts';
import type { AudioOutput } from './audio-output.ts';

type EventOf<K extends AudioEvent['type']> = Extract<AudioEvent, { type: K }>;

interface Registration {
  type: AudioEvent['type'];
  listener: (event: never) => void;
  current: Disposable;
}

export class SwitchableOutput {
  private readonly registrations = new Set<Registration>();
  /** The last volume asked for, given again to a replacement output. */
  volume = 1;

  constructor(private output: AudioOutput) {}

  /** The audio output commands go to now. */
  get current(): AudioOutput {
    return this.output;
  }

  /** Moves every listener to `next`; returns the output it replaced (the caller disposes it). */
  replace(next: AudioOutput): AudioOutput {
    const previous = this.output;
    this.output = next;
    for (const registration of this.registrations) {
      void registration.current.dispose();
      registration.current = next.on(registration.type, registration.listener as (event: AudioEvent) => void);
    }
    return previous;
  }

  on<K extends AudioEvent['type']>(type: K, listener: (event: EventOf<K>) => void): Disposable {
    const registration: Registration = { type, listener: listener as (event: never) => void, current: this.output.on(type, listener) };
    this.registrations.add(registration);
    return toDisposable(() => {
      this.registrations.delete(registration);
      return registration.current.dispose();
    });
  }

  queue(track: QueuedTrack): Promise<void> {
    return this.output.queue(track);
  }

  replaceCurrent(track: QueuedTrack, rampMs?: number): Promise<void> {
    return this.output.replaceCurrent(track, rampMs);
  }

  clearQueue(): Promise<void> {
    return this.output.clearQueue();
  }

  play(rampMs?: number): Promise<void> {
    return this.output.play(rampMs);
  }

  pause(rampMs?: number): Promise<void> {
    return this.output.pause(rampMs);
  }

  stop(rampMs?: number): Promise<void> {
    return this.output.stop(rampMs);
  }

  setVolume(gain: number, rampMs?: number): Promise<void> {
    this.volume = gain;
    return this.output.setVolume(gain, rampMs);
  }
}
