/**
 * Entry of the helper process of real-device tests: starts the worker that owns naudiodon
 * and relays messages both ways. A process of its own because naudiodon cannot release a
 * stream whose device died (its quit waits forever in a threadpool thread), which keeps a
 * process from exiting; the test can always SIGKILL this one.
 */
import { startTsWorker } from '../ts-worker.ts';
import type { DeviceTestReply, DeviceTestRequest } from './device-test-protocol.ts';

const send = (message: DeviceTestReply): void => {
  if (process.connected) process.send?.(message);
};

const worker = startTsWorker(new URL('./device-test-worker.ts', import.meta.url), undefined, 'device-test');
worker.on('message', (message: DeviceTestReply) => send(message));
worker.on('error', (error) => send({ type: 'error', message: error.stack ?? error.message }));
worker.on('exit', (code) => {
  send({ type: 'worker-exit', code });
  if (process.connected) process.disconnect();
});
process.on('message', (message: DeviceTestRequest) => worker.postMessage(message));
// The parent went away: there is nobody to report to.
process.on('disconnect', () => void worker.terminate());
