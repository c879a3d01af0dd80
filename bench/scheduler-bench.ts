/**
 * Scheduler benchmarks: trivial-call latency through a dedicated worker and through a
 * shared pool with 0, 1 and 4 busy neighbours; the time to recover after a deadline
 * (worker stopped, fresh worker, instance ready); and a worker start with and without
 * the compiled-module cache. Numbers only; nothing here is asserted.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Threading } from '../src-shared/manifest/index.ts';
import type { ComponentInstance } from '../src-main/runtime/component-instance.ts';
import { ComponentRuntime, type LoadComponentOptions } from '../src-main/runtime/component-runtime.ts';
import { WitRegistry } from '../src-main/runtime/wit-registry.ts';
import { defaultPoolSizes } from '../src-main/scheduler/scheduler.ts';
import { fmt, summarise, timeEach, type Summary } from './stats.ts';

export interface NeighbourResult {
  placement: 'dedicated' | 'shared pool (cpu)';
  neighbours: number;
  latency: Summary;
}

export interface RecoveryResult {
  placement: 'dedicated' | 'shared pool (cpu)';
  /** Deadline passed → the caller has its `timeout` error (the worker is already gone). */
  stopMs: number;
  /** `timeout` error → the next call answered by a fresh instance in a new worker. */
  recoverMs: number;
}

export interface StartTiming {
  totalMs: number;
  compileMs: number;
  bindingsImportMs: number;
  instantiateMs: number;
}

export interface StartResult {
  fixture: string;
  withCache: StartTiming;
  withoutCache: StartTiming;
}

export interface FurtherInstanceResult {
  fixture: string;
  /** Another instance of an already-running component on the same (warm) pool worker. */
  timing: StartTiming;
}

export interface SchedulerBench {
  poolSizes: Record<string, number>;
  spinMs: number;
  neighbours: NeighbourResult[];
  recovery: RecoveryResult[];
  starts: StartResult[];
  furtherInstances: FurtherInstanceResult[];
}

const CALLS = 1500;
const DEDICATED: Threading = { model: 'dedicated', max_instances: 1 };
const POOLED: Threading = { model: 'shared_pool', pool: 'cpu', max_instances: 1 };
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

class Bench {
  private next = 0;

  constructor(
    readonly runtime: ComponentRuntime,
    private readonly root: string,
    private readonly faults: Uint8Array,
  ) {}

  async load(threading: Threading, extra: Partial<LoadComponentOptions> = {}, bytes = this.faults, world = 'lyrics-plugin'): Promise<ComponentInstance> {
    const pluginId = `bench.scheduler-${(this.next += 1)}`;
    const { instance } = await this.runtime.load({
      identity: { pluginId, version: '0.0.0', component: 'main' },
      world,
      apiVersion: '0.1.0',
      bytes,
      dataDir: join(this.root, pluginId),
      threading,
      ...extra,
    });
    return instance;
  }
}

const trivial = (instance: ComponentInstance): Promise<unknown> => instance.call('settings', 'apply', ['faults', []]);
const spin = (instance: ComponentInstance, rounds: number): Promise<unknown> => instance.call('lyrics', 'find', [{ title: `spin ${rounds}` }]);

/** Iterations of the fixture's busy loop that take about one millisecond on this machine. */
async function calibrateSpin(bench: Bench): Promise<{ rounds: number; ms: number }> {
  const probe = await bench.load(DEDICATED);
  await spin(probe, 1_000_000);
  const samples = await timeEach(5, () => spin(probe, 1_000_000));
  await probe.dispose();
  const msPerMillion = median(samples) / 1000;
  const rounds = Math.max(10_000, Math.round(1_000_000 / msPerMillion));
  return { rounds, ms: (rounds / 1_000_000) * msPerMillion };
}

/** Keeps a component busy with back-to-back ~1 ms calls until stopped. */
function keepBusy(instance: ComponentInstance, rounds: number): { stop: () => Promise<void> } {
  let running = true;
  const loop = (async () => {
    while (running) await spin(instance, rounds);
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

async function latencyWithNeighbours(bench: Bench, threading: Threading, neighbours: number, rounds: number): Promise<Summary> {
  const subject = await bench.load(threading);
  const busy = await Promise.all(Array.from({ length: neighbours }, () => bench.load(threading)));
  const loops = busy.map((neighbour) => keepBusy(neighbour, rounds));
  // Warm up both threads' JIT first: the first few thousand calls carry compilation pauses.
  await timeEach(2000, () => trivial(subject));
  const samples = await timeEach(CALLS, () => trivial(subject));
  await Promise.all(loops.map((loop) => loop.stop()));
  await Promise.all([subject, ...busy].map((instance) => instance.dispose()));
  return summarise(samples);
}

async function recovery(bench: Bench, threading: Threading): Promise<{ stopMs: number; recoverMs: number }> {
  const timeoutMs = 100;
  const subject = await bench.load(threading, { callTimeoutMs: timeoutMs });
  await trivial(subject);
  const stops: number[] = [];
  const recoveries: number[] = [];
  for (let round = 0; round < 5; round += 1) {
    const started = performance.now();
    await subject.call('lyrics', 'find', [{ title: 'loop' }]).catch(() => undefined);
    const failedAt = performance.now();
    await trivial(subject);
    stops.push(failedAt - started - timeoutMs);
    recoveries.push(performance.now() - failedAt);
  }
  await subject.dispose();
  return { stopMs: median(stops), recoverMs: median(recoveries) };
}

async function workerStarts(bench: Bench, name: string, bytes: Uint8Array): Promise<StartResult> {
  const run = async (clearCache: boolean): Promise<StartTiming> => {
    const timings = [];
    for (let round = 0; round < 5; round += 1) {
      if (clearCache) bench.runtime.scheduler.modules.clear();
      const instance = await bench.load(DEDICATED, {}, bytes);
      timings.push(await instance.start());
      await instance.dispose();
    }
    return {
      totalMs: median(timings.map((timing) => timing.totalMs)),
      compileMs: median(timings.map((timing) => timing.compileMs)),
      bindingsImportMs: median(timings.map((timing) => timing.bindingsImportMs)),
      instantiateMs: median(timings.map((timing) => timing.instantiateMs)),
    };
  };
  await run(false); // transpile and warm the module cache once
  return { fixture: name, withoutCache: await run(true), withCache: await run(false) };
}

/** Loads a component 4 times into the `cpu` pool; the 2nd–4th share a worker that already imported the bindings. */
async function furtherInstances(bench: Bench, name: string, bytes: Uint8Array): Promise<FurtherInstanceResult> {
  const instances = [];
  for (let round = 0; round < 4; round += 1) instances.push(await bench.load(POOLED, {}, bytes));
  const timings = await Promise.all(instances.slice(1).map((instance) => instance.start()));
  await Promise.all(instances.map((instance) => instance.dispose()));
  const pick = (field: keyof StartTiming): number => median(timings.map((timing) => timing[field]));
  return { fixture: name, timing: { totalMs: pick('totalMs'), compileMs: pick('compileMs'), bindingsImportMs: pick('bindingsImportMs'), instantiateMs: pick('instantiateMs') } };
}

export async function benchScheduler(witRoot: string, fixtures: { faults: () => Promise<Uint8Array>; lyricsJs: () => Promise<Uint8Array> }): Promise<SchedulerBench> {
  const root = await mkdtemp(join(tmpdir(), 'fugue-bench-scheduler-'));
  const wit = await WitRegistry.open(witRoot);
  const runtime = new ComponentRuntime(wit, join(root, 'cache'), { strikes: { limit: 1_000, windowMs: 1_000 } });
  const bench = new Bench(runtime, root, await fixtures.faults());
  try {
    const calibrated = await calibrateSpin(bench);
    const neighbours: NeighbourResult[] = [];
    for (const [placement, threading] of [['dedicated', DEDICATED], ['shared pool (cpu)', POOLED]] as const) {
      for (const count of [0, 1, 4]) neighbours.push({ placement, neighbours: count, latency: await latencyWithNeighbours(bench, threading, count, calibrated.rounds) });
    }
    const recoveries: RecoveryResult[] = [
      { placement: 'dedicated', ...(await recovery(bench, DEDICATED)) },
      { placement: 'shared pool (cpu)', ...(await recovery(bench, POOLED)) },
    ];
    const starts = [await workerStarts(bench, 'fault-calls (AssemblyScript)', await fixtures.faults()), await workerStarts(bench, 'lyrics-js (componentize-qjs)', await fixtures.lyricsJs())];
    const further = [await furtherInstances(bench, 'fault-calls (AssemblyScript)', await fixtures.faults()), await furtherInstances(bench, 'lyrics-js (componentize-qjs)', await fixtures.lyricsJs())];
    return { poolSizes: defaultPoolSizes(), spinMs: calibrated.ms, neighbours, recovery: recoveries, starts, furtherInstances: further };
  } finally {
    await runtime.dispose();
    await rm(root, { recursive: true, force: true });
  }
}

/** Prints the scheduler section of `npm run bench`. */
export function printSchedulerBench(result: SchedulerBench, log: (line: string) => void): void {
  log(`scheduler (pools: cpu ${result.poolSizes.cpu} worker(s), io ${result.poolSizes.io}; a busy neighbour makes back-to-back calls of ~${fmt(result.spinMs, 2)} ms)`);
  log('  trivial call latency (µs) with busy neighbours in the same placement');
  const idle = new Map(result.neighbours.filter((row) => row.neighbours === 0).map((row) => [row.placement, row.latency.medianUs]));
  for (const row of result.neighbours) {
    const ratio = row.latency.medianUs / (idle.get(row.placement) ?? Number.NaN);
    log(`    ${row.placement}, ${row.neighbours} busy: median ${fmt(row.latency.medianUs)} p99 ${fmt(row.latency.p99Us)} (${fmt(ratio, 2)}x the idle median)`);
  }
  log('  recovery after a deadline (100 ms timeout; median of 5)');
  for (const row of result.recovery) {
    log(`    ${row.placement}: worker stopped and caller told ${fmt(row.stopMs)} ms after the deadline; next call answered ${fmt(row.recoverMs)} ms later`);
  }
  const parts = (timing: StartTiming): string =>
    `${fmt(timing.totalMs)} ms (compile ${fmt(timing.compileMs)}, bindings import ${fmt(timing.bindingsImportMs)}, instantiate ${fmt(timing.instantiateMs)})`;
  log('  worker start with vs without the compiled-module cache (new dedicated worker + instance; the rest of the total is worker boot; median of 5)');
  for (const row of result.starts) log(`    ${row.fixture}: with ${parts(row.withCache)}; without ${parts(row.withoutCache)}`);
  log('  a further instance of a running component on its warm pool worker (median of 3)');
  for (const row of result.furtherInstances) log(`    ${row.fixture}: ${parts(row.timing)}`);
}
