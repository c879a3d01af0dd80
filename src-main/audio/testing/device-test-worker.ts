/**
 * The thread that owns naudiodon in real-device tests (the production shape: one worker,
 * never the main thread). A minimal pump plays a sine through the device sink, writing
 * while `write` answers true and resuming on `onReady`, like the audio worker's pump.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import { openDeviceSink, listDevices, type ReopeningDeviceSink } from '../sinks/device-sink.ts';
import type { DeviceTestReply, DeviceTestRequest, PlayReport } from './device-test-protocol.ts';
import { testSignal } from './signals.ts';

const port = ((): MessagePort => {
  if (!parentPort) throw new Error('device-test-worker must run as a worker thread');
  return parentPort;
})();
const FORMAT = { sampleRate: 48_000, channels: 2 };
let sink: ReopeningDeviceSink | undefined;

const reply = (message: DeviceTestReply): void => port.postMessage(message);
const wallClock = (): number => performance.timeOrigin + performance.now();

port.on('message', (request: DeviceTestRequest) => {
  handle(request).catch((error: unknown) => reply({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
});

async function handle(request: DeviceTestRequest): Promise<void> {
  switch (request.type) {
    case 'list':
      return reply({ type: 'devices', devices: listDevices() });
    case 'open':
      return open(request);
    case 'play':
      if (!sink) throw new Error('play before open');
      return reply(await play(sink, request));
    case 'close':
      await sink?.dispose();
      sink = undefined;
      reply({ type: 'closed' });
      port.close();
  }
}

function open(request: Extract<DeviceTestRequest, { type: 'open' }>): void {
  const opened = openDeviceSink({ ...request, format: FORMAT });
  sink = opened;
  opened.onDeviceEvent((event) => reply({ type: 'device-event', event }));
  opened.onFailure((failure) => reply({ type: 'failure', failure }));
  const stream = opened.current;
  const geometry = stream?.geometry;
  reply({
    type: 'opened',
    framesPerBuffer: geometry?.framesPerBuffer ?? 0,
    maxQueue: geometry?.maxQueue ?? 0,
    chunkFrames: geometry?.chunkFrames ?? 0,
    expectedLatencyFrames: geometry?.expectedLatencyFrames ?? 0,
    sampleFormat: stream?.sampleFormat ?? 'unknown',
  });
}

function play(target: ReopeningDeviceSink, request: Extract<DeviceTestRequest, { type: 'play' }>): Promise<PlayReport> {
  const signal = { kind: 'sine' as const, hz: request.hz, rate: FORMAT.sampleRate, amplitude: request.amplitude };
  const total = Math.round(request.seconds * FORMAT.sampleRate);
  const block = new Float32Array(request.blockFrames * FORMAT.channels);
  const report: PlayReport = { type: 'played', frames: 0, firstWriteAt: 0, lastWriteAt: 0, backpressureWaits: 0, starvedChunks: 0, deviceUnderflows: 0, maxQueuedFrames: 0, queuedAfterDrain: 0 };
  const counters = { starved: 0, underflows: 0 };
  return new Promise((resolve) => {
    let finishing = false;
    const pump = (): void => {
      while (report.frames < total) {
        const frames = Math.min(request.blockFrames, total - report.frames);
        testSignal(signal, FORMAT.channels, report.frames, frames, block);
        if (report.frames === 0) {
          report.firstWriteAt = wallClock();
          counters.starved = target.current?.starvedChunks ?? 0;
          counters.underflows = target.current?.deviceUnderflows ?? 0;
        }
        report.frames += frames;
        report.lastWriteAt = wallClock();
        if (report.frames === total) {
          // Counted up to the last write: afterwards the sink pads with silence by design.
          report.starvedChunks = (target.current?.starvedChunks ?? 0) - counters.starved;
          report.deviceUnderflows = (target.current?.deviceUnderflows ?? 0) - counters.underflows;
        }
        const accepted = target.write(frames === request.blockFrames ? block : block.subarray(0, frames * FORMAT.channels));
        report.maxQueuedFrames = Math.max(report.maxQueuedFrames, target.queuedFrames());
        if (!accepted) {
          report.backpressureWaits++;
          return;
        }
      }
      if (finishing) return;
      finishing = true;
      void target.drain().then(() => {
        report.queuedAfterDrain = target.queuedFrames();
        resolve(report);
      });
    };
    target.onReady(pump);
    pump();
  });
}
