/**
 * `npm run bench [-- --json]`: measurements printed as numbers and as ratios against a
 * baseline measured in the same run (these machines are noisy; absolute times wobble).
 */
import { join, resolve } from 'node:path';
import { builtFixture } from '../src-main/runtime/testing/fixtures.ts';
import { benchCalls, benchLoads, type BenchFixture } from './component-bench.ts';
import { fmt } from './stats.ts';

const REPO = resolve(import.meta.dirname, '..');
const json = process.argv.includes('--json');

const fixtures: BenchFixture[] = [
  {
    name: 'lyrics-js (componentize-qjs)',
    world: 'lyrics-plugin',
    bytes: () => builtFixture('lyrics-js'),
    trivial: { iface: 'settings', fn: 'apply', args: ['echo', []] },
  },
];

function log(line: string): void {
  if (!json) console.log(line);
}

const loads = await benchLoads(fixtures, join(REPO, 'wit'));
log('component load (transpile once, then compile + instantiate in a worker; median of 3)');
for (const result of loads) {
  log(`  ${result.fixture}: ${fmt(result.sizeKb)} KB, transpile ${fmt(result.transpileMs)} ms, compile ${fmt(result.compileMs)} ms, instantiate ${fmt(result.instantiateMs)} ms`);
}

const calls = await benchCalls(fixtures, join(REPO, 'wit'));
log('trivial call main thread → worker → main (µs), against a bare postMessage echo in the same run');
for (const result of calls) {
  const ratio = result.viaWorker.medianUs / result.echoBaseline.medianUs;
  log(`  ${result.fixture}: median ${fmt(result.viaWorker.medianUs)} p99 ${fmt(result.viaWorker.p99Us)} | echo median ${fmt(result.echoBaseline.medianUs)} p99 ${fmt(result.echoBaseline.p99Us)} | ratio ${fmt(ratio, 2)}x`);
  const speedup = result.inProcessNs.jcoAsGenerated / result.inProcessNs.rewritten;
  log(`    in-process call through bindings: ${fmt(result.inProcessNs.rewritten / 1000, 2)} µs rewritten vs ${fmt(result.inProcessNs.jcoAsGenerated / 1000, 2)} µs as jco generates (${fmt(speedup, 2)}x)`);
}

if (json) console.log(JSON.stringify({ loads, calls }, (_, value: unknown) => (typeof value === 'number' ? Number(value.toFixed(3)) : value), 2));
