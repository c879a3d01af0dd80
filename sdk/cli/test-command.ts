/**
 * `fugue-plugin test [dir] [--input <file>]`: runs the component headless through the
 * real runtime with a sample input for its kind (see headless-*.ts), then the project's
 * own tests (`test/*.test.mjs`, with `node --test`, which can import `fugue-plugin/testing`).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testDsp, testSink } from './headless-audio.ts';
import { testDecoder, testLyrics, testSource } from './headless-control.ts';
import { EXIT, projectDir, type Io } from './project.ts';
import { openPlugin, type PluginUnderTest } from './testing.ts';

/** What first-party plugins keep to per instance (issue 6); a guide for everyone else. */
const MEMORY_BUDGET = 10 * 1024 * 1024;
const TEST_HOOKS = fileURLToPath(new URL('./test-hooks.mjs', import.meta.url));

/** One round of calls for the component's first ability; false when it found a problem. */
export async function exercise(plugin: PluginUnderTest, dir: string, io: Io, input: string | undefined): Promise<boolean> {
  const kind = plugin.component.abilities[0]?.kind;
  io.out(`${plugin.manifest.id} ${plugin.manifest.version}, ${kind ?? 'no'} ability "${plugin.typeId}" (world ${plugin.component.world}), headless:`);
  switch (kind) {
    case 'decoder':
      await testDecoder(plugin, dir, io, input);
      return true;
    case 'source':
      await testSource(plugin, io);
      return true;
    case 'lyrics':
      await testLyrics(plugin, io);
      return true;
    case 'dsp':
      return testDsp(plugin, io);
    case 'output-sink':
      await testSink(plugin, io);
      return true;
    default:
      io.err('the component declares no ability to exercise');
      return false;
  }
}

/** Calls, latency and memory, against the budgets first-party plugins keep. */
function describeMetrics(plugin: PluginUnderTest): string {
  const metrics = plugin.instance.metrics();
  const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
  const latency = `p50 ${metrics.latency.p50Ms.toFixed(2)} ms, p99 ${metrics.latency.p99Ms.toFixed(2)} ms`;
  const memory = `wasm memory peak ${mib(metrics.peakMemoryBytes)}${metrics.peakMemoryBytes > MEMORY_BUDGET ? ' (over the 10 MiB first-party budget)' : ''}`;
  return `runtime: ${metrics.calls} calls (${metrics.errors} failed), ${latency}; ${memory}`;
}

/** Runs `test/*.test.mjs` with node's test runner; resolves with its exit code (0 when there are none). */
async function projectTests(dir: string, io: Io): Promise<number> {
  const testDir = join(dir, 'test');
  const files = existsSync(testDir) ? (await readdir(testDir)).filter((file) => file.endsWith('.test.mjs')).sort() : [];
  if (files.length === 0) return EXIT.ok;
  io.out(`project tests: node --test ${files.map((file) => `test/${file}`).join(' ')}`);
  const child = spawn(process.execPath, ['--import', TEST_HOOKS, '--test', '--test-reporter=spec', ...files.map((file) => join('test', file))], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const forward = (write: (line: string) => void) => {
    let pending = '';
    return (chunk: Buffer): void => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) write(line);
    };
  };
  child.stdout.on('data', forward((line) => io.out(line)));
  child.stderr.on('data', forward((line) => io.err(line)));
  return new Promise((resolvePromise, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolvePromise(code ?? EXIT.failed));
  });
}

export async function runTest(dir: string | undefined, options: { input?: string }, io: Io): Promise<number> {
  const folder = projectDir(dir);
  const plugin = await openPlugin(folder);
  let ok: boolean;
  try {
    ok = await exercise(plugin, folder, io, options.input);
    for (const entry of plugin.logs) io.out(`plugin log (${entry.level}): ${entry.message}`);
    io.out(describeMetrics(plugin));
  } finally {
    await plugin.dispose();
  }
  const tests = await projectTests(folder, io);
  if (tests !== EXIT.ok) io.err('project tests failed (see above)');
  return ok && tests === EXIT.ok ? EXIT.ok : EXIT.failed;
}
