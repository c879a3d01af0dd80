/**
 * Component benchmarks: transpile and instantiation time per fixture, and the latency of a
 * trivial call main thread → worker → main against a bare postMessage echo in the same run;
 * plus the in-process cost of a call through jco's bindings with and without the
 * load-time JCO_DEBUG rewrite.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { transpileBytes as transpile } from '@bytecodealliance/jco-transpile';
import { ComponentRuntime } from '../src-main/runtime/component-runtime.ts';
import { createHostImports } from '../src-main/runtime/host-imports.ts';
import { createSandboxedWasi } from '../src-main/runtime/sandbox.ts';
import { TranspileCache } from '../src-main/runtime/transpile-cache.ts';
import { WitRegistry } from '../src-main/runtime/wit-registry.ts';
import { nsPerCall, summarise, timeEach, type Summary } from './stats.ts';

/** A component to measure, with one cheap call that crosses the component boundary. */
export interface BenchFixture {
  name: string;
  world: string;
  bytes: () => Promise<Uint8Array>;
  trivial: { iface: string; fn: string; args: unknown[] };
}

export interface LoadResult {
  fixture: string;
  sizeKb: number;
  transpileMs: number;
  compileMs: number;
  bindingsImportMs: number;
  instantiateMs: number;
}

export interface CallResult {
  fixture: string;
  viaWorker: Summary;
  echoBaseline: Summary;
  inProcessNs: { rewritten: number; jcoAsGenerated: number };
}

const CALLS = 4000;
const BLOCK = 1;

export async function benchLoads(fixtures: BenchFixture[], witRoot: string): Promise<LoadResult[]> {
  const root = await mkdtemp(join(tmpdir(), 'fugue-bench-'));
  const wit = await WitRegistry.open(witRoot);
  const results: LoadResult[] = [];
  try {
    for (const fixture of fixtures) {
      const bytes = await fixture.bytes();
      const runtime = new ComponentRuntime(wit, join(root, `cache-${fixture.name}`));
      const options = {
        identity: { pluginId: `bench.${fixture.name}`, version: '0.0.0', component: 'main' },
        world: fixture.world,
        apiVersion: '0.1.0',
        bytes,
        dataDir: join(root, 'data', fixture.name),
      };
      const cold = await runtime.load(options);
      await cold.instance.dispose();
      const warm = [];
      for (let i = 0; i < 3; i += 1) {
        const loaded = await runtime.load(options);
        warm.push(loaded.timing);
        await loaded.instance.dispose();
      }
      const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
      results.push({
        fixture: fixture.name,
        sizeKb: bytes.length / 1024,
        transpileMs: cold.timing.transpileMs,
        compileMs: median(warm.map((timing) => timing.compileMs)),
        bindingsImportMs: median(warm.map((timing) => timing.bindingsImportMs)),
        instantiateMs: median(warm.map((timing) => timing.instantiateMs)),
      });
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  return results;
}

/** A worker that answers every message at once: the floor for any cross-thread call. */
async function startEcho(): Promise<{ roundTrip: () => Promise<void>; stop: () => Promise<number> }> {
  const worker = new Worker(new URL('./echo-worker.mjs', import.meta.url));
  let resolveNext: (() => void) | undefined;
  worker.on('message', () => resolveNext?.());
  return {
    roundTrip: () =>
      new Promise((resolve) => {
        resolveNext = resolve;
        worker.postMessage({ type: 'call', id: 1, target: { kind: 'function', iface: 'x', fn: 'y' }, args: [] });
      }),
    stop: () => worker.terminate(),
  };
}

/** Alternates blocks of component calls and echo round trips so both see the same machine state. */
async function interleaved(call: () => Promise<unknown>): Promise<{ viaWorker: Summary; echoBaseline: Summary }> {
  const echo = await startEcho();
  const component: number[] = [];
  const baseline: number[] = [];
  await timeEach(200, call);
  await timeEach(200, echo.roundTrip);
  for (let block = 0; block < CALLS / BLOCK; block += 1) {
    component.push(...(await timeEach(BLOCK, call)));
    baseline.push(...(await timeEach(BLOCK, echo.roundTrip)));
  }
  await echo.stop();
  return { viaWorker: summarise(component), echoBaseline: summarise(baseline) };
}

type Instantiate = (getCoreModule: (path: string) => WebAssembly.Module, imports: Record<string, unknown>) => Promise<Record<string, Record<string, (...args: unknown[]) => unknown>>>;

/** Instantiates bindings in this thread and measures ns per trivial call. */
async function inProcessCall(dir: string, entry: string, coreModules: string[], fixture: BenchFixture, dataDir: string): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const modules = new Map<string, WebAssembly.Module>();
  for (const name of coreModules) modules.set(name, await WebAssembly.compile(await readFile(join(dir, name))));
  const { instantiate } = (await import(pathToFileURL(entry).href)) as { instantiate: Instantiate };
  const imports = { ...createHostImports(() => undefined), ...createSandboxedWasi({ dataDir, programName: 'bench' }) };
  const root = await instantiate((path) => modules.get(path)!, imports);
  const iface = root[`fugue:plugin/${fixture.trivial.iface}@0.1.0`]!;
  const fn = iface[fixture.trivial.fn.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())]!;
  return nsPerCall(20_000, 5, () => fn(...fixture.trivial.args));
}

async function writeRawBindings(bytes: Uint8Array, dir: string): Promise<{ entry: string; coreModules: string[] }> {
  const output = await transpile(bytes, { name: 'component', instantiation: 'async', emitTypescriptDeclarations: false, noComponentErrorWrapping: false });
  const coreModules: string[] = [];
  for (const [name, content] of Object.entries(output.files)) {
    const target = name === 'component.js' ? 'component.mjs' : name;
    if (name.endsWith('.wasm')) coreModules.push(name);
    await mkdir(dirname(join(dir, target)), { recursive: true });
    await writeFile(join(dir, target), content);
  }
  return { entry: join(dir, 'component.mjs'), coreModules };
}

export async function benchCalls(fixtures: BenchFixture[], witRoot: string): Promise<CallResult[]> {
  const root = await mkdtemp(join(tmpdir(), 'fugue-bench-calls-'));
  const wit = await WitRegistry.open(witRoot);
  const runtime = new ComponentRuntime(wit, join(root, 'cache'));
  const results: CallResult[] = [];
  try {
    for (const fixture of fixtures) {
      const bytes = await fixture.bytes();
      const dataDir = join(root, 'data', fixture.name);
      const { instance } = await runtime.load({
        identity: { pluginId: `bench.${fixture.name}`, version: '0.0.0', component: 'main' },
        world: fixture.world,
        apiVersion: '0.1.0',
        bytes,
        dataDir,
      });
      const call = (): Promise<unknown> => instance.call(fixture.trivial.iface, fixture.trivial.fn, fixture.trivial.args);
      const { viaWorker, echoBaseline } = await interleaved(call);
      await instance.dispose();

      const rewritten = await new TranspileCache(join(root, 'cache')).get(bytes);
      const raw = await writeRawBindings(bytes, join(root, 'raw', fixture.name));
      results.push({
        fixture: fixture.name,
        viaWorker,
        echoBaseline,
        inProcessNs: {
          rewritten: await inProcessCall(rewritten.dir, rewritten.entry, rewritten.coreModules, fixture, dataDir),
          jcoAsGenerated: await inProcessCall(join(root, 'raw', fixture.name), raw.entry, raw.coreModules, fixture, dataDir),
        },
      });
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  return results;
}
