// The kitchen-sink world compiled from AssemblyScript with the generated bindings, embedded,
// componentNew'd, transpiled by jco and called from JavaScript with every WIT type in both
// directions (export calls, and imports the guest calls back into this host).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseWit } from '../../src-shared/wit/parse.ts';
import { compileComponent, type ComponentBuildOutput } from '../build/component.ts';
import { loadComponent, type LoadedComponent } from '../build/jco-instance.ts';
import { readCoreInterface } from '../build/wasm-signatures.ts';
import { compareWithOracle, expectedCoreInterface } from './oracle.ts';
import { describeEverything, HostBlob, normalize, sampleEverything, sparseEverything, type Everything } from './test-fixtures/kitchen-sink-host.ts';

const fixtures = new URL('./test-fixtures/', import.meta.url);
const API_FUNCTIONS = ['bareResult', 'blobSizesOnHost', 'blobText', 'blobViaHost', 'consumeCounter', 'counterValue', 'describeEverything', 'describeSampleOnHost', 'echoChar', 'echoColor', 'echoEverything', 'echoExtremes', 'echoFloats', 'echoPair', 'echoPerms', 'echoPoint', 'echoShapes', 'echoStrings', 'echoText', 'echoWide', 'hostSampleDescribed', 'liveCounters', 'makeCounter', 'maybeFail', 'memoryPages', 'optionNested', 'sampleEverything', 'sum17', 'takeBlob', 'unitResult', 'viaHostEverything', 'viaHostFloats', 'viaHostMaybeFail', 'viaHostOptionNested', 'viaHostPair', 'viaHostShapes', 'viaHostSum17', 'viaHostUnitResult', 'viaHostWide', 'abortWith'] as const;
type KitchenApi = Record<(typeof API_FUNCTIONS)[number], (...args: unknown[]) => unknown>;
interface CounterInstance {
  increment(by: number): number;
  value(): number;
  [Symbol.dispose](): void;
}
interface CounterClass {
  new (start: number): CounterInstance;
  label(n: number): string;
}
let projectDir = '';
let witSource = '';
let build: ComponentBuildOutput;
let loaded: LoadedComponent;
let api: KitchenApi;
let Counter: CounterClass;
const hostCalls: string[] = [];
const notes: string[] = [];

function hostImports(): Record<string, unknown> {
  const record = <T>(name: string, value: T): T => {
    hostCalls.push(name);
    return value;
  };
  const host = {
    Blob: HostBlob,
    echoEverything: (e: Everything) => record('echoEverything', e),
    describeEverything: (e: Everything) => record('describeEverything', describeEverything(e)),
    sampleEverything: () => record('sampleEverything', sampleEverything()),
    echoShapes: (s: unknown) => record('echoShapes', s),
    echoFloats: (f: Float32Array) => record('echoFloats', f),
    maybeFail: (fail: boolean, value: string) => record('maybeFail', fail ? { tag: 'err', val: 'blue' } : { tag: 'ok', val: `${value}!` }),
    unitResult: (fail: boolean) => record('unitResult', fail ? { tag: 'err', val: 'host said no' } : { tag: 'ok', val: undefined }),
    optionNested: (o: unknown) => record('optionNested', o),
    echoPair: (p: unknown) => record('echoPair', p),
    echoWide: (w: unknown) => record('echoWide', w),
    makeBlob: (text: string) => record('makeBlob', new HostBlob(new TextEncoder().encode(text))),
    consumeBlob: (b: HostBlob) => record('consumeBlob', b.size()),
    peekBlob: (b: HostBlob) => record('peekBlob', b.size()),
    note: (message: string) => void notes.push(message),
    sum17: (...values: (number | bigint)[]) => record('sum17', values.reduce<bigint>((sum, value) => sum + BigInt(value), 0n)),
  };
  return { 'test:kitchen/host': host, 'test:kitchen/host@0.1.0': host, 'test:kitchen/types': {}, 'test:kitchen/types@0.1.0': {} };
}

function apiOf(value: unknown): { api: KitchenApi; Counter: CounterClass } {
  if (typeof value !== 'object' || value === null) throw new Error('component has no `api` export');
  const record = value as Record<string, unknown>;
  const missing = API_FUNCTIONS.filter((name) => typeof record[name] !== 'function');
  if (missing.length > 0 || typeof record.Counter !== 'function') throw new Error(`api lacks ${missing.join(', ')}`);
  return { api: value as KitchenApi, Counter: record.Counter as CounterClass };
}

beforeAll(async () => {
  witSource = await readFile(new URL('kitchen-sink.wit', fixtures), 'utf8');
  projectDir = await mkdtemp(join(tmpdir(), 'fugue-kitchen-'));
  await mkdir(join(projectDir, 'assembly'));
  await copyFile(new URL('kitchen-sink/assembly/main.ts', fixtures), join(projectDir, 'assembly', 'main.ts'));
  build = await compileComponent({ projectDir, componentId: 'main', world: 'kitchen-sink', witFiles: [{ name: 'kitchen-sink.wit', text: witSource }], maxMemoryMb: 16 });
  loaded = await loadComponent(build.component, hostImports());
  ({ api, Counter } = apiOf(loaded.exports.api));
});

afterAll(async () => {
  await loaded?.dispose();
  if (projectDir !== '') await rm(projectDir, { recursive: true, force: true });
});

describe('kitchen-sink component', () => {
  it('matches every import and export name and flat signature wit-component expects', async () => {
    const doc = parseWit(witSource);
    const expected = await expectedCoreInterface(witSource, 'kitchen-sink', [...doc.interfaces.keys()]);
    const actual = readCoreInterface(build.core);
    expect(compareWithOracle(actual, expected)).toEqual([]);
    expect(actual.exports.has('test:kitchen/api@0.1.0#[dtor]counter')).toBe(true);
    expect(actual.imports.has('[export]test:kitchen/api@0.1.0#[resource-new]counter')).toBe(true);
    expect(actual.imports.has('test:kitchen/host@0.1.0#[resource-drop]blob')).toBe(true);
    expect(actual.imports.has('env#abort')).toBe(false);
  });

  it('lifts every type the host lowers (the guest describes what it received)', () => {
    expect(api.describeEverything(sampleEverything())).toBe(describeEverything(sampleEverything()));
    expect(api.describeEverything(sparseEverything())).toBe(describeEverything(sparseEverything()));
  });

  it('lowers every type (the guest builds a value the host lifts)', () => {
    expect(normalize(api.sampleEverything())).toEqual(normalize(sampleEverything()));
  });

  it('round-trips records with unicode, empty and large lists through exports', () => {
    for (const value of [sampleEverything(), sparseEverything()]) expect(normalize(api.echoEverything(value))).toEqual(normalize(value));
    const large = sampleEverything();
    large.floats = Float32Array.from({ length: 100_000 }, (_, index) => index / 8 - 1000);
    large.bytes = Uint8Array.from({ length: 70_000 }, (_, index) => index % 251);
    large.names = Array.from({ length: 500 }, (_, index) => `név ${index} ${'🎶'.repeat(index % 5)}`);
    large.points = Array.from({ length: 2_000 }, (_, index) => ({ x: index, y: 0 - index }));
    expect(normalize(api.echoEverything(large))).toEqual(normalize(large));
    expect(api.echoText('')).toBe('');
    expect(api.echoText('ünïcödé 🎵 \u0000 end')).toBe('ünïcödé 🎵 \u0000 end');
    expect(api.echoStrings([])).toEqual([]);
    expect(api.echoStrings(['a', '', '🎵🎶', 'x'.repeat(10_000)])).toEqual(['a', '', '🎵🎶', 'x'.repeat(10_000)]);
    expect(Array.from(api.echoFloats(new Float32Array(0)) as Float32Array)).toEqual([]);
  });

  it('round-trips variants whose payloads share joined slots', () => {
    const shapes = [
      { tag: 'circle', val: 2.5 },
      { tag: 'rect', val: { x: -7, y: 8 } },
      { tag: 'label', val: 'lâbel 🎵' },
      { tag: 'nothing' },
      { tag: 'many', val: Uint16Array.of(0, 1, 65535) },
      { tag: 'big', val: 2n ** 64n - 2n },
      { tag: 'precise', val: -1234.5678 },
      { tag: 'colors', val: ['green', 'red', 'blue'] },
      { tag: 'many', val: new Uint16Array(0) },
      { tag: 'colors', val: [] },
    ];
    const plain = (list: unknown): unknown => JSON.parse(JSON.stringify(list, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value instanceof Uint16Array ? Array.from(value) : value)));
    expect(plain(api.echoShapes(shapes))).toEqual(plain(shapes));
    expect(plain(api.viaHostShapes(shapes))).toEqual(plain(shapes));
    expect(api.echoShapes([])).toEqual([]);
  });

  it('maps results and nested options', () => {
    expect(api.maybeFail(false, 'fine')).toBe('fine');
    expect(() => api.maybeFail(true, 'x')).toThrow(expect.objectContaining({ payload: 'green' }));
    expect(api.unitResult(false)).toBeUndefined();
    expect(() => api.unitResult(true)).toThrow(expect.objectContaining({ payload: 'failed on request' }));
    expect(api.bareResult(false)).toBeUndefined();
    expect(() => api.bareResult(true)).toThrow();
    for (const value of [{ tag: 'none' }, { tag: 'some', val: undefined }, { tag: 'some', val: 0 }, { tag: 'some', val: 4294967295 }]) {
      expect(api.optionNested(value)).toEqual(value);
      expect(api.viaHostOptionNested(value)).toEqual(value);
    }
  });

  it('round-trips scalars at their limits, tuples, enums, points and chars', () => {
    expect(api.echoExtremes(2n ** 64n - 1n, -(2n ** 63n), -128, 4294967295, -0.1, 3.5)).toEqual([2n ** 64n - 1n, -(2n ** 63n), -128, 4294967295, -0.1, 3.5]);
    expect(api.echoPair([-(2n ** 63n), 'pâir', true])).toEqual([-(2n ** 63n), 'pâir', true]);
    expect(api.echoColor('green')).toBe('green');
    expect(api.echoPoint({ x: -2147483648, y: 2147483647 })).toEqual({ x: -2147483648, y: 2147483647 });
    expect(api.echoChar('🎵')).toBe('🎵');
    expect(api.echoChar('a')).toBe('a');
  });

  it('round-trips every flags combination', () => {
    const names = ['read', 'write', 'exec'] as const;
    for (let mask = 0; mask < 8; mask += 1) {
      const perms = Object.fromEntries(names.map((name, bit) => [name, (mask & (1 << bit)) !== 0]));
      expect(api.echoPerms(perms)).toEqual(perms);
    }
    const all = Object.fromEntries(Array.from({ length: 32 }, (_, bit) => [`f${bit}`, true]));
    const top = Object.fromEntries(Array.from({ length: 32 }, (_, bit) => [`f${bit}`, bit === 31 || bit === 0]));
    for (const wide of [all, top]) {
      expect(api.echoWide(wide)).toEqual(wide);
      expect(api.viaHostWide(wide)).toEqual(wide);
    }
  });

  it('passes more than 16 flat parameters through memory in both directions', () => {
    const args = Array.from({ length: 16 }, (_, index) => 4294967295 - index);
    const expected = args.reduce((sum, value) => sum + BigInt(value), 0n) + 2n ** 40n;
    expect(api.sum17(...args, 2n ** 40n)).toBe(expected);
    const base = 1000;
    // The host's sum overflows u64 and wraps, as lowering a u64 must.
    const viaHost = (Array.from({ length: 16 }, (_, index) => BigInt(base + index)).reduce((sum, value) => sum + value, 0n) + 2n ** 64n - 1n - 1000n) % 2n ** 64n;
    expect(api.viaHostSum17(base)).toBe(viaHost);
  });

  it('lowers to and lifts from the host through imports', () => {
    hostCalls.length = 0;
    for (const value of [sampleEverything(), sparseEverything()]) expect(normalize(api.viaHostEverything(value))).toEqual(normalize(value));
    expect(api.hostSampleDescribed()).toBe(describeEverything(sampleEverything()));
    expect(api.describeSampleOnHost()).toBe(describeEverything(sampleEverything()));
    const floats = Float32Array.from({ length: 50_000 }, (_, index) => Math.fround(Math.sin(index)));
    expect(Array.from(api.viaHostFloats(floats) as Float32Array)).toEqual(Array.from(floats));
    expect(api.viaHostMaybeFail(false, 'ok')).toBe('ok!');
    expect(() => api.viaHostMaybeFail(true, 'x')).toThrow(expect.objectContaining({ payload: 'blue' }));
    expect(api.viaHostUnitResult(false)).toBeUndefined();
    expect(() => api.viaHostUnitResult(true)).toThrow(expect.objectContaining({ payload: 'host said no' }));
    expect(api.viaHostPair([5n, '', false])).toEqual([5n, '', false]);
    expect(hostCalls).toEqual(expect.arrayContaining(['echoEverything', 'sampleEverything', 'describeEverything', 'echoFloats', 'maybeFail', 'unitResult', 'echoPair']));
  });

  it('moves and borrows imported resources', () => {
    HostBlob.disposed = 0;
    const blob = new HostBlob(new TextEncoder().encode('blöb 🎵'));
    expect(api.blobText(blob)).toBe('blöb 🎵');
    expect(api.takeBlob(new HostBlob(new Uint8Array(3)))).toBe(3);
    const made = api.blobViaHost('from host') as HostBlob;
    expect(made).toBeInstanceOf(HostBlob);
    expect(new TextDecoder().decode(made.read())).toBe('from host');
    const bytes = new TextEncoder().encode('abc€').length;
    expect(api.blobSizesOnHost('abc€')).toEqual([bytes, bytes, bytes * 2]);
    // take-blob dropped its owned blob; blob-sizes-on-host dropped two and moved one to the host.
    expect(HostBlob.disposed).toBe(3);
  });

  it('creates, calls, borrows and consumes exported resources', () => {
    const counter = new Counter(5);
    expect(counter.increment(3)).toBe(8);
    expect(counter.value()).toBe(8);
    expect(Counter.label(7)).toBe('counter #7');
    const made = api.makeCounter(41) as CounterInstance;
    expect(api.counterValue(made)).toBe(41);
    expect(api.liveCounters()).toBe(2);
    expect(api.consumeCounter(made)).toBe(41);
    expect(api.liveCounters()).toBe(1);
    counter[Symbol.dispose]();
    expect(api.liveCounters()).toBe(0);
  });

  it('frees dropped exported resources: 20,000 create/drop cycles keep memory flat', () => {
    const before = api.memoryPages() as number;
    for (let index = 0; index < 20_000; index += 1) {
      const counter = new Counter(index);
      counter.increment(1);
      counter[Symbol.dispose]();
    }
    expect(api.liveCounters()).toBe(0);
    // Each counter holds 4 KiB: leaking them would need ~80 MB, over the 16 MiB cap.
    const after = api.memoryPages() as number;
    expect(after - before).toBeLessThan(64);
    expect(after).toBeLessThanOrEqual(256);
  });

  // Last: a trap poisons the instance (the component model refuses further calls).
  it('reports an abort message through the handler set with setAbortHandler, then traps', () => {
    expect(() => api.abortWith('bröken invariant')).toThrow(WebAssembly.RuntimeError);
    expect(notes).toEqual([expect.stringMatching(/^bröken invariant at assembly\/main\.ts:\d+:\d+$/)]);
  });
});
