// `fugue plugin info` prints the component metrics of the process it runs in: in-process
// with the metrics of a real running plugin, and as the real binary, which starts no
// plugin and says its numbers are its own.
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { grantAllDeclared } from '../plugins/consent.ts';
import { fixturePackage, ServicesHarness } from '../plugins/test-support/services.ts';
import type { ComponentMetrics } from '../scheduler/types.ts';
import { runPluginInfo } from './plugin-list.ts';

const ID = 'org.fugue.fixture.net-kv-probe';
const repo = fileURLToPath(new URL('../../', import.meta.url));

let harness: ServicesHarness;
beforeAll(async () => {
  harness = await ServicesHarness.create();
  await harness.installer.install({ kind: 'path', path: await fixturePackage('net-kv-probe') }, { onConsent: grantAllDeclared });
  for (let index = 0; index < 3; index++) {
    await harness.host.call(ID, 'lyrics', 'find', [{ title: JSON.stringify({ op: 'set', key: `k${index}`, value: 'v' }) }]);
  }
});
afterAll(async () => harness.dispose());

async function info(...args: string[]): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const code = await runPluginInfo([ID, ...args, '--data-dir', harness.dataDir], { out: (line) => out.push(line), err: (line) => out.push(line) }, (pluginId) =>
    harness.services.runtime.scheduler.metricsOf(pluginId),
  );
  return { code, out };
}

it('prints calls, errors, timeouts, restarts, latency and memory of the running component', async () => {
  const { code, out } = await info();
  expect(code).toBe(0);
  const text = out.join('\n');
  expect(text).toContain(`metrics:     of this process only (pid ${process.pid})`);
  expect(text).toMatch(/net-kv-probe@0\.1\.0 \(probe\): active/);
  expect(text).toMatch(/calls \d+, errors 0, timeouts 0, restarts 0/);
  expect(text).toMatch(/latency p50 [\d.]+ ms, p99 [\d.]+ ms/);
  expect(text).toMatch(/memory [\d.]+ \w+ \(peak/);
});

it('includes the metrics in --json', async () => {
  const { out } = await info('--json');
  const parsed = JSON.parse(out.join('\n')) as { metrics: { scope: string; components: ComponentMetrics[] } };
  expect(parsed.metrics.scope).toBe('this-process');
  const [probe] = parsed.metrics.components;
  expect(probe).toMatchObject({ pluginId: ID, component: 'probe', errors: 0, timeouts: 0, restarts: 0 });
  expect(probe?.calls).toBeGreaterThanOrEqual(3);
  expect(probe?.memoryBytes).toBeGreaterThan(0);
});

it('says, from the command line, that the CLI process runs no plugin of its own', async () => {
  const result = await execa('node', ['bin/fugue.mjs', 'plugin', 'info', ID, '--data-dir', harness.dataDir], { cwd: repo, reject: false, stdin: 'ignore' });
  expect(result.exitCode).toBe(0);
  expect(result.stdout).toMatch(/metrics: {5}of this process only \(pid \d+\); the app counts its calls in its own process\n {2}not running in this process/);
  const json = await execa('node', ['bin/fugue.mjs', 'plugin', 'info', ID, '--json', '--data-dir', harness.dataDir], { cwd: repo, reject: false, stdin: 'ignore' });
  expect(JSON.parse(json.stdout).metrics).toMatchObject({ scope: 'this-process', components: [] });
});
