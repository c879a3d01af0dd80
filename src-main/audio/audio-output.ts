/**
 * The main thread's handle on the audio worker: typed commands (each resolves when the
 * worker has applied it) and typed events.
 *
 * The device sink (naudiodon) must be opened by one worker per process, for the life of
 * the process: loading it in two threads deadlocks in ALSA, and using it from two threads
 * crashes (TOOLCHAIN.md). So the app starts exactly one AudioOutput; more than one in a
 * process is for tests with `null` and `wav:` sinks, and a second attempt to open a device
 * sink while another AudioOutput owns it is refused.
 */
import type { Worker } from 'node:worker_threads';
import type { Disposable } from '../../src-shared/disposable.ts';
import { FugueError } from '../../src-shared/errors.ts';
import type { AudioCommandBody, AudioEvent, AudioWorkerMessage, DspChainSpec, QueuedTrack } from './audio-messages.ts';
import type { PcmFormat } from './sink.ts';
import type { DeviceInfo } from './sinks/devices.ts';
import type { RingSinkShared } from './sinks/ring-sink.ts';
import { parseSinkSpec } from './sinks/sink-factory.ts';
import { startTsWorker } from './ts-worker.ts';

const WORKER_ENTRY = new URL('./audio-worker.ts', import.meta.url);
/** How long dispose waits for the worker to close its sink before terminating it. */
const CLOSE_GRACE_MS = 2_000;

type EventOf<K extends AudioEvent['type']> = Extract<AudioEvent, { type: K }>;
type Listener = (event: AudioEvent) => void;

/** The AudioOutput that has opened a device sink in this process, if any. */
let deviceOwner: symbol | undefined;

export class AudioOutput implements Disposable {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(): void; reject(error: FugueError): void }>();
  private readonly listeners = new Set<{ type: AudioEvent['type']; listener: Listener }>();
  private lost: FugueError | undefined;
  private disposed = false;
  private readonly ownerKey = Symbol('audio-output');

  constructor(name = 'fugue-audio') {
    this.worker = startTsWorker(WORKER_ENTRY, null, name);
    this.worker.on('message', (message: AudioWorkerMessage) => this.receive(message));
    this.worker.on('error', (error) => this.fail(`the audio worker crashed: ${error.message}`));
    this.worker.on('exit', (code) => this.fail(`the audio worker exited (code ${code})`));
  }

  /**
   * Opens (or reopens) the sink: `default`, `device:<id>`, `null`, `wav:<path>`, or
   * `plugin:<id>/<type>` with the ring PluginOutput prepared (`plugin`).
   */
  async openSink(spec: string, format: PcmFormat, latencyMs: number, blockFrames?: number, plugin?: RingSinkShared): Promise<void> {
    if (parseSinkSpec(spec).kind === 'default') this.claimDevice();
    await this.send({ type: 'open-sink', spec, format, latencyMs, blockFrames, plugin });
  }

  /** naudiodon may be loaded by one audio worker per process, for the life of the process. */
  private claimDevice(): void {
    if (deviceOwner && deviceOwner !== this.ownerKey) {
      throw new FugueError({ code: 'conflict', message: 'another AudioOutput in this process owns the audio device; only one audio worker may load naudiodon' });
    }
    deviceOwner = this.ownerKey;
  }

  /** The output devices the audio worker's PortAudio sees (loads naudiodon there). */
  async listDevices(): Promise<DeviceInfo[]> {
    this.claimDevice();
    const answer = this.next('devices');
    await this.send({ type: 'list-devices' });
    return (await answer).devices;
  }

  queue(track: QueuedTrack): Promise<void> {
    return this.send({ type: 'queue', track });
  }

  /** Seek or skip: fades out the current track, switches to `track`, fades in. */
  replaceCurrent(track: QueuedTrack, rampMs?: number): Promise<void> {
    return this.send({ type: 'replace-current', track, rampMs });
  }

  clearQueue(): Promise<void> {
    return this.send({ type: 'clear-queue' });
  }

  play(rampMs?: number): Promise<void> {
    return this.send({ type: 'play', rampMs });
  }

  pause(rampMs?: number): Promise<void> {
    return this.send({ type: 'pause', rampMs });
  }

  stop(rampMs?: number): Promise<void> {
    return this.send({ type: 'stop', rampMs });
  }

  /** Linear gain (1 = unchanged), ramped over `rampMs`. */
  setVolume(gain: number, rampMs?: number): Promise<void> {
    return this.send({ type: 'set-volume', gain, rampMs });
  }

  setDsp(chain: DspChainSpec | null): Promise<void> {
    return this.send({ type: 'set-dsp', chain });
  }

  /** Calls `listener` for every event of `type` until the returned disposable is disposed. */
  on<K extends AudioEvent['type']>(type: K, listener: (event: EventOf<K>) => void): Disposable {
    const entry = { type, listener: listener as Listener };
    this.listeners.add(entry);
    return { dispose: () => void this.listeners.delete(entry) };
  }

  /** The next event of `type` matching `predicate`. */
  next<K extends AudioEvent['type']>(type: K, predicate: (event: EventOf<K>) => boolean = () => true): Promise<EventOf<K>> {
    return new Promise((resolve, reject) => {
      if (this.lost) return reject(this.lost);
      const subscription = this.on(type, (event) => {
        if (!predicate(event)) return;
        subscription.dispose();
        resolve(event);
      });
    });
  }

  /** Closes the sink (finishing the WAV file) and ends the worker. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    let grace: NodeJS.Timeout | undefined;
    try {
      // A wedged worker must not keep dispose waiting: terminate it after a grace period.
      const timeUp = new Promise<void>((resolve) => (grace = setTimeout(resolve, CLOSE_GRACE_MS)));
      if (!this.lost) await Promise.race([this.send({ type: 'close' }), timeUp]);
    } finally {
      clearTimeout(grace);
      if (deviceOwner === this.ownerKey) deviceOwner = undefined;
      await this.worker.terminate();
      this.listeners.clear();
    }
  }

  private send(body: AudioCommandBody): Promise<void> {
    if (this.lost) return Promise.reject(this.lost);
    if (this.disposed && body.type !== 'close') {
      return Promise.reject(new FugueError({ code: 'disposed', message: `the audio output was disposed; it cannot ${body.type} any more` }));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...body, id });
    });
  }

  private receive(message: AudioWorkerMessage): void {
    if (message.type === 'reply') {
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) waiter?.reject(FugueError.fromData(message.error));
      else waiter?.resolve();
      return;
    }
    for (const { type, listener } of [...this.listeners]) if (type === message.type) listener(message);
  }

  private fail(message: string): void {
    if (this.lost) return;
    this.lost = new FugueError({ code: this.disposed ? 'disposed' : 'worker-crashed', message });
    for (const waiter of this.pending.values()) waiter.reject(this.lost);
    this.pending.clear();
    if (deviceOwner === this.ownerKey) deviceOwner = undefined;
    if (!this.disposed) {
      const event: AudioEvent = { type: 'error', error: this.lost.toData() };
      for (const { type, listener } of [...this.listeners]) if (type === 'error') listener(event);
    }
  }
}
