/**
 * `npm run bench [-- --json]`: measurements printed as numbers and as ratios against a
 * baseline measured in the same run (these machines are noisy; absolute times wobble).
 */
import { join, resolve } from 'node:path';
import { builtFixture } from '../src-main/runtime/testing/fixtures.ts';
import { benchCalls, benchLoads, type BenchFixture } from './component-bench.ts';
import { benchFlacDecode, printFlacDecodeBench } from './decoder-bench.ts';
import { benchDsp, printDspBench } from './dsp-bench.ts';
import { benchInstall, printInstallBench } from './plugin-install-bench.ts';
import { benchScheduler, printSchedulerBench } from './scheduler-bench.ts';
import { fmt } from './stats.ts';

const REPO = resolve(import.meta.dirname, '..');
const json = process.argv.includes('--json');

const stereo = { sampleRate: 48_000, channels: 2 };
const fixtures: BenchFixture[] = [
  { name: 'world-dsp (AssemblyScript)', world: 'dsp-plugin', bytes: () => builtFixture('world-dsp'), trivial: { iface: 'dsp', fn: 'describe-hot-path', args: ['gain', stereo, 1024] } },
  { name: 'world-decoder (AssemblyScript)', world: 'decoder-plugin', bytes: () => builtFixture('world-decoder'), trivial: { iface: 'decoder', fn: 'probe', args: [new Uint8Array(8), { typeId: 'fraw' }] } },
  { name: 'world-source (AssemblyScript)', world: 'source-plugin', bytes: () => builtFixture('world-source'), trivial: { iface: 'settings', fn: 'apply', args: ['fixed', []] } },
  { name: 'world-lyrics (AssemblyScript)', world: 'lyrics-plugin', bytes: () => builtFixture('world-lyrics'), trivial: { iface: 'settings', fn: 'apply', args: ['words', []] } },
  { name: 'world-output-sink (AssemblyScript)', world: 'output-sink-plugin', bytes: () => builtFixture('world-output-sink'), trivial: { iface: 'settings', fn: 'apply', args: ['counter', []] } },
  { name: 'lyrics-js (componentize-qjs)', world: 'lyrics-plugin', bytes: () => builtFixture('lyrics-js'), trivial: { iface: 'settings', fn: 'apply', args: ['echo', []] } },
];

/** Call latency is measured on one component per build route. */
const callFixtures = fixtures.filter((fixture) => fixture.name.startsWith('world-dsp') || fixture.name.startsWith('lyrics-js'));

function log(line: string): void {
  if (!json) console.log(line);
}

const loads = await benchLoads(fixtures, join(REPO, 'wit'));
log('component load (transpile once into the cache; then, in a fresh worker, compile (0 when the module cache has it) + import bindings + instantiate; median of 3)');
for (const result of loads) {
  log(
    `  ${result.fixture}: ${fmt(result.sizeKb)} KB, transpile ${fmt(result.transpileMs)} ms, compile ${fmt(result.compileMs)} ms, ` +
      `bindings import ${fmt(result.bindingsImportMs)} ms, instantiate ${fmt(result.instantiateMs)} ms`,
  );
}

const calls = await benchCalls(callFixtures, join(REPO, 'wit'));
log('trivial call main thread → worker → main (µs), against a bare postMessage echo in the same run');
for (const result of calls) {
  const ratio = result.viaWorker.medianUs / result.echoBaseline.medianUs;
  log(`  ${result.fixture}: median ${fmt(result.viaWorker.medianUs)} p99 ${fmt(result.viaWorker.p99Us)} | echo median ${fmt(result.echoBaseline.medianUs)} p99 ${fmt(result.echoBaseline.p99Us)} | ratio ${fmt(ratio, 2)}x`);
  const speedup = result.inProcessNs.jcoAsGenerated / result.inProcessNs.rewritten;
  log(`    in-process call through bindings: ${fmt(result.inProcessNs.rewritten / 1000, 2)} µs rewritten vs ${fmt(result.inProcessNs.jcoAsGenerated / 1000, 2)} µs as jco generates (${fmt(speedup, 2)}x)`);
}

const scheduler = await benchScheduler(join(REPO, 'wit'), { faults: () => builtFixture('fault-calls'), lyricsJs: () => builtFixture('lyrics-js') });
printSchedulerBench(scheduler, log);

const install = await benchInstall();
printInstallBench(install, log);

const flac = await benchFlacDecode();
printFlacDecodeBench(flac, log);

const dsp = await benchDsp();
printDspBench(dsp, log);

if (json) console.log(JSON.stringify({ loads, calls, scheduler, install, flac, dsp }, (_, value: unknown) => (typeof value === 'number' ? Number(value.toFixed(3)) : value), 2));
