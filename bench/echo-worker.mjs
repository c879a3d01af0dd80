// Baseline for call latency: a worker that answers every message at once.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', (message) => parentPort.postMessage(message));
