/**
 * A component worker: hosts one or more component instances (slots), each with
 * sandboxed WASI and the host's contract imports, and serves requests from the main
 * thread strictly one after another (a component instance is not re-entrant, and the
 * scheduler sends one request at a time so a deadline measures only the plugin).
 * Guest-owned resources stay here; the main thread holds numbered references to them.
 */
import { parentPort } from 'node:worker_threads';
import { toFugueErrorData } from '../../src-shared/errors.ts';
import type { FromWorker, InstantiateRequest, ToWorker } from './protocol.ts';
import { WorkerSlot, type Outcome } from './worker-slot.ts';

const port = parentPort;
if (!port) throw new Error('component-worker must run in a worker thread');

const slots = new Map<number, WorkerSlot>();

function send(message: FromWorker): void {
  port!.postMessage(message);
}

function reply(id: number, outcome: Outcome, slot: WorkerSlot | undefined): void {
  const memoryBytes = slot?.memoryBytes ?? 0;
  send(outcome.ok ? { type: 'result', id, value: outcome.value, memoryBytes } : { type: 'error', id, error: outcome.error, memoryBytes });
}

function missing(slot: number): Outcome {
  return { ok: false, error: { code: 'internal', message: `the worker has no component instance in slot ${slot}` } };
}

async function instantiate(request: InstantiateRequest): Promise<void> {
  const slot = new WorkerSlot(request, (level, message, notice) => send({ type: 'log', slot: request.slot, level, message, notice }));
  try {
    const started = performance.now();
    await slot.instantiate();
    slots.set(request.slot, slot);
    const instantiateMs = performance.now() - started - slot.bindingsImportMs;
    send({ type: 'instantiated', id: request.id, bindingsImportMs: slot.bindingsImportMs, instantiateMs, memoryBytes: slot.memoryBytes });
  } catch (error) {
    slot.release();
    send({ type: 'error', id: request.id, error: { ...toFugueErrorData(error, 'instantiate-failed'), plugin: request.identity }, memoryBytes: 0 });
  }
}

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'instantiate':
      return instantiate(message);
    case 'call': {
      const slot = slots.get(message.slot);
      return reply(message.id, slot ? await slot.call(message.target, message.args, message.into, message.from) : missing(message.slot), slot);
    }
    case 'drop': {
      const slot = slots.get(message.slot);
      return reply(message.id, slot ? slot.drop(message.resource) : missing(message.slot), slot);
    }
    case 'release':
      slots.get(message.slot)?.release();
      slots.delete(message.slot);
      return;
  }
}

let queue: Promise<void> = Promise.resolve();
port.on('message', (message: ToWorker) => {
  queue = queue.then(() => handle(message));
});
