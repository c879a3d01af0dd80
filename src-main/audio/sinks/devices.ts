/**
 * naudiodon, loaded once by the thread that owns audio output (the audio worker), and the
 * device list it reports. naudiodon must live in exactly one thread for the life of the
 * process: loaded in two threads it deadlocks inside ALSA's plugin locks, and used from the
 * main thread and a worker it crashes (../shared/TOOLCHAIN.md). This module refuses the main
 * thread and remembers which worker loaded it.
 *
 * The sink drives naudiodon's native AudioIO object directly rather than its Writable
 * wrapper: the wrapper's `abort()` passes two arguments to a native function that takes one
 * and throws, its 'finish' handler quits the stream by itself, and its error handler prints.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { isMainThread, threadId } from 'node:worker_threads';
import { FugueError } from '../../../src-shared/errors.ts';

/** An output device as PortAudio reports it. */
export interface DeviceInfo {
  /** PortAudio device index, valid until PortAudio re-enumerates (a reopen may renumber). */
  id: number;
  name: string;
  /** e.g. `ALSA`, `CoreAudio`, `WASAPI`. */
  hostApi: string;
  maxOutputChannels: number;
  defaultSampleRate: number;
  /** Whether it is the default output of the default host API (what `deviceId: -1` opens). */
  isDefault: boolean;
}

/** naudiodon's native stream (`portAudioBindings.create(options)`), as the sink uses it. */
export interface NativeAudioIO {
  start(): void;
  /**
   * Queues one chunk. Resolves once the chunk is in naudiodon's queue, which blocks (in a
   * libuv threadpool thread) while the queue holds `maxQueue` chunks: completions are the
   * only sign of consumption. Resolves to an error string when PortAudio reported one.
   */
  write(chunk: Buffer): Promise<string | undefined>;
  /** Stops the stream (`WAIT` lets the queue play out first), then closes it. */
  quit(mode: 'WAIT' | 'ABORT'): Promise<void>;
}

/** Options of naudiodon's `outOptions`. */
export interface NativeOutputOptions {
  deviceId: number;
  sampleRate: number;
  channelCount: number;
  /** 1 = float32, 16 = int16. */
  sampleFormat: 1 | 16;
  framesPerBuffer: number;
  maxQueue: number;
  closeOnError: boolean;
}

interface RawDevice {
  id: number;
  name: string;
  maxOutputChannels: number;
  defaultSampleRate: number;
  hostAPIName: string;
}

interface RawHostApis {
  defaultHostAPI: number;
  HostAPIs: { name: string; defaultOutput: number }[];
}

/** What the sink needs of naudiodon. */
export interface Naudiodon {
  getDevices(): RawDevice[];
  getHostAPIs(): RawHostApis;
  create(options: { outOptions: NativeOutputOptions }): NativeAudioIO;
}

let loaded: { binding: Naudiodon; threadId: number } | undefined;

/** Loads naudiodon in this thread (once); throws on the main thread or in a second thread. */
export function loadNaudiodon(): Naudiodon {
  if (loaded && loaded.threadId === threadId) return loaded.binding;
  if (isMainThread) {
    throw new FugueError({
      code: 'unsupported',
      message: 'naudiodon may only be loaded in the audio worker thread: on the main thread a stall of the event loop drops audio, and a second thread crashes it',
    });
  }
  const require = createRequire(import.meta.url);
  // Loading the package first runs its own setup (the segfault-handler hook, a no-op here);
  // the same .node path then resolves to the already-loaded addon from the require cache.
  const entry = require.resolve('naudiodon');
  require(entry);
  const binding = require(join(dirname(entry), 'build', 'Release', 'naudiodon.node')) as Naudiodon;
  loaded = { binding, threadId };
  return binding;
}

/**
 * Output devices (those with output channels), with the default one marked. PortAudio
 * enumerates devices only when no stream is open (its initialisation is reference-counted),
 * so while the sink plays this is the list from when it opened, and after a device was lost
 * (whose stream naudiodon never releases, see device-stream.ts) it never refreshes again.
 */
export function listDevices(): DeviceInfo[] {
  const naudiodon = loadNaudiodon();
  const hosts = naudiodon.getHostAPIs();
  const defaultId = defaultOutputIndex(hosts);
  return naudiodon
    .getDevices()
    .filter((device) => device.maxOutputChannels > 0)
    .map((device) => ({
      id: device.id,
      name: device.name,
      hostApi: device.hostAPIName,
      maxOutputChannels: device.maxOutputChannels,
      defaultSampleRate: device.defaultSampleRate,
      isDefault: device.id === defaultId,
    }));
}

/** The default host API's default output; PortAudio's "no device" (-1) arrives as 2^32 - 1. */
function defaultOutputIndex(hosts: RawHostApis): number {
  const host = hosts.HostAPIs[hosts.defaultHostAPI];
  if (!host || host.defaultOutput >= 0x8000_0000) return -1;
  return host.defaultOutput;
}
