/**
 * Test support: a thread that runs a hot-path chain block after block, as the audio worker
 * does, publishing progress in the shared counters it is given.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createHotPathChain, type HotPathChainConfig } from '../seam.ts';

const { config } = workerData as { config: HotPathChainConfig };
const stage = createHotPathChain(config, { sampleRate: 48_000, channels: 2 }, 128);
const block = new Float32Array(256);
parentPort?.postMessage({ refused: stage.refused });
for (;;) stage.process(block, 128);
