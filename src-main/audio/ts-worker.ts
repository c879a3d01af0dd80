/** Starts a TypeScript module as a worker thread through the audio bootstrap (tsx loader). */
import { Worker } from 'node:worker_threads';

const BOOTSTRAP = new URL('./ts-worker-bootstrap.mjs', import.meta.url);

/** `entry` is a file URL of a `.ts` module; `data` reaches it as `workerData.data`. */
export function startTsWorker(entry: URL, data: unknown, name: string): Worker {
  return new Worker(BOOTSTRAP, { name, workerData: { entry: entry.href, data } });
}
