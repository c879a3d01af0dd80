/**
 * Entry of the audio worker thread (started by {@link AudioOutput} through
 * ts-worker-bootstrap.mjs). It owns the sink, and so naudiodon when the device sink is
 * open, for as long as it runs. Commands are handled one at a time, in order; the pump
 * runs between them.
 */
import { parentPort } from 'node:worker_threads';
import { FugueError, type FugueErrorData } from '../../src-shared/errors.ts';
import type { AudioCommand, AudioWorkerMessage, DspChainSpec, QueuedTrack } from './audio-messages.ts';
import type { CreateDspStages } from './dsp-seam.ts';
import { Pump } from './pump.ts';
import { PumpTransport } from './pump-transport.ts';
import type { AudioSink, SinkFailure } from './sink.ts';
import { openSink, type SinkOpenOptions } from './sinks/sink-factory.ts';
import { TrackSlot } from './track-slot.ts';

const DEFAULT_BLOCK_FRAMES = 512;
/** Largest block a sink may be opened with; DSP stages are built for it, so a reopen never outgrows them. */
const MAX_BLOCK_FRAMES = 16_384;

const port = parentPort;
if (!port) throw new Error('audio-worker.ts runs as a worker thread; start it with AudioOutput');

const post = (message: AudioWorkerMessage): void => port.postMessage(message);
const pump = new Pump(post);
const transport = new PumpTransport(pump, post);

async function handle(command: AudioCommand): Promise<void> {
  switch (command.type) {
    case 'open-sink':
      return openSinkCommand(command.spec, { format: command.format, latencyMs: command.latencyMs, plugin: command.plugin }, command.blockFrames ?? DEFAULT_BLOCK_FRAMES);
    case 'queue':
      return transport.queue(slotFor(command.track));
    case 'replace-current':
      return transport.replaceCurrent(slotFor(command.track), command.rampMs);
    case 'clear-queue':
      return transport.clearQueue();
    case 'play':
      return transport.play(command.rampMs);
    case 'pause':
      return transport.pause(command.rampMs);
    case 'stop':
      return transport.stop(command.rampMs);
    case 'set-volume':
      return setVolume(command.gain, command.rampMs);
    case 'set-dsp':
      return setDsp(command.chain);
    case 'list-devices': {
      // Loaded here, in the one thread that may own naudiodon, and only when asked.
      const { listDevices } = await import('./sinks/devices.ts');
      return post({ type: 'devices', devices: listDevices() });
    }
    case 'close':
      return close();
  }
}

async function openSinkCommand(spec: string, options: SinkOpenOptions, blockFrames: number): Promise<void> {
  if (!Number.isInteger(blockFrames) || blockFrames < 16 || blockFrames > MAX_BLOCK_FRAMES) {
    throw new FugueError({ code: 'invalid-argument', message: `block size must be 16 to ${MAX_BLOCK_FRAMES} frames, got ${blockFrames}` });
  }
  await pump.detachSink()?.dispose();
  const opened = await openSink(spec, options);
  pump.attachSink(opened, blockFrames);
  // Tracks queued for the old sink may need a resampler for the new sink's rate.
  for (const slot of [pump.current, ...pump.queue]) if (slot) pump.prepareRate(slot.format.sampleRate);
  opened.sink.onFailure((failure) => sinkFailed(opened.sink, failure));
  pump.onSinkError = (error) => sinkFailed(opened.sink, { message: `the sink ${opened.sink.name} threw: ${error instanceof Error ? error.message : String(error)}`, transient: false });
  pump.kick();
}

/** The sink is gone for good: keep the queue, pause, and say so (the engine may open another). */
function sinkFailed(sink: AudioSink, failure: SinkFailure): void {
  if (pump.sink !== sink) return;
  pump.detachSink();
  transport.sinkLost();
  post({ type: 'sink-failed', sink: sink.name, message: failure.message, transient: failure.transient });
  void Promise.resolve()
    .then(() => sink.dispose())
    .catch(() => undefined);
}

/** Checks a queued track against the sink and prepares its resampler when its rate differs. */
function slotFor(track: QueuedTrack): TrackSlot {
  const sink = pump.sink;
  if (!sink) throw new FugueError({ code: 'invalid-argument', message: 'no sink is open: send open-sink before queueing tracks' });
  const { sampleRate, channels } = sink.format;
  if (track.format.channels !== channels && track.format.channels !== 1 && channels !== 1) {
    throw new FugueError({
      code: 'unsupported',
      message: `track ${track.token} has ${track.format.channels} channels but the sink ${sink.name} has ${channels}; only mono converts to and from other layouts, so open the sink with the track's channel count`,
    });
  }
  try {
    const slot = new TrackSlot(track, channels);
    if (track.format.sampleRate !== sampleRate) pump.prepareRate(track.format.sampleRate);
    return slot;
  } catch (error) {
    throw new FugueError({ code: 'invalid-argument', message: (error as Error).message });
  }
}

function setVolume(gain: number, rampMs = 10): void {
  if (!Number.isFinite(gain) || gain < 0 || gain > 4) {
    throw new FugueError({ code: 'invalid-argument', message: `volume gain must be between 0 and 4, got ${gain}` });
  }
  pump.volume.rampTo(gain, pump.running ? pump.framesFor(rampMs) : 0);
}

async function setDsp(chain: DspChainSpec | null): Promise<void> {
  const sink = pump.sink;
  let stages: Awaited<ReturnType<CreateDspStages>> = [];
  if (chain) {
    if (!sink) throw new FugueError({ code: 'invalid-argument', message: 'open a sink before setting the DSP chain (stages are built for its format)' });
    const module = (await import(chain.module)) as { createDspStages?: CreateDspStages };
    if (typeof module.createDspStages !== 'function') {
      throw new FugueError({ code: 'invalid-argument', message: `${chain.module} exports no createDspStages function` });
    }
    stages = await module.createDspStages(chain.config, sink.format, MAX_BLOCK_FRAMES);
  }
  for (const stage of pump.setStages(stages)) stage.dispose?.();
}

async function close(): Promise<void> {
  transport.releaseAll();
  pump.running = false;
  for (const stage of pump.setStages([])) stage.dispose?.();
  await pump.detachSink()?.dispose();
}

function errorData(error: unknown): FugueErrorData {
  if (error instanceof FugueError) return error.toData();
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

// One command at a time, in arrival order, so an open-sink finishes before the queue after it.
let chain: Promise<void> = Promise.resolve();
port.on('message', (command: AudioCommand) => {
  chain = chain.then(async () => {
    try {
      await handle(command);
      post({ type: 'reply', id: command.id });
    } catch (error) {
      post({ type: 'reply', id: command.id, error: errorData(error) });
    } finally {
      pump.publish(true);
    }
  });
});
