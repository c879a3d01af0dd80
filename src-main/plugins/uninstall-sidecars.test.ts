// A packaged plugin's sidecars end with it: the sidecar-probe fixture, installed from its
// zip (its scripts packed as executables), starts a real sidecar process; disabling or
// uninstalling the plugin leaves no process of it in the process table.
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { ResourceRef } from '../runtime/protocol.ts';
import { isProcessAlive, liveGroupMembers } from '../sidecars/process-table.ts';
import { grantAllDeclared } from './consent.ts';
import { fixturePackage, ServicesHarness } from './test-support/services.ts';

const ID = 'org.fugue.fixture.sidecar-probe';
const FORMAT = { sampleRate: 48_000, channels: 2 };
let harness: ServicesHarness;

beforeEach(async () => {
  harness = await ServicesHarness.create();
  await harness.installer.install({ kind: 'path', path: await fixturePackage('sidecar-probe') }, { onConsent: grantAllDeclared });
});
afterEach(async () => harness?.dispose());

/** Opens the probe's sink, which starts its echo sidecar; returns the sidecar's pid. */
async function startSidecar(): Promise<number> {
  const lease = harness.host.acquire(ID, undefined, 'output-sink');
  try {
    const sink = (await lease.instance.call('output-sink', 'open', ['echo', 'echo-sidecar.py', FORMAT])) as ResourceRef;
    expect(await lease.instance.callMethod(sink, 'write', [new Float32Array(960)])).toBe(480);
  } finally {
    lease.release();
  }
  const [sidecar] = harness.services.sidecars.list();
  expect(sidecar?.pluginId).toBe(ID);
  expect(isProcessAlive(sidecar?.pid ?? -1)).toBe(true);
  return sidecar?.pid ?? -1;
}

it('installs the declared sidecar scripts executable, and only them', async () => {
  const root = join(harness.dataDir, harness.catalog.currentVersion(ID)?.installDir ?? '');
  expect((await stat(join(root, 'bin', 'echo-sidecar.py'))).mode & 0o777).toBe(0o755);
  expect((await stat(join(root, 'plugin.json'))).mode & 0o111).toBe(0);
  expect(existsSync(join(root, 'bin', 'missing'))).toBe(false);
});

it('stops the sidecar of a plugin that is uninstalled, with its whole process group', async () => {
  const pid = await startSidecar();
  await harness.installer.uninstall(ID);
  expect(isProcessAlive(pid)).toBe(false);
  expect(liveGroupMembers(pid)).toEqual([]);
  expect(harness.services.sidecars.list()).toEqual([]);
});

it('stops it when the plugin is disabled too', async () => {
  const pid = await startSidecar();
  await harness.installer.disable(ID);
  expect(isProcessAlive(pid)).toBe(false);
});

it('records a sidecar that keeps crashing in the plugin event log: each restart, then failed', async () => {
  const lease = harness.host.acquire(ID, undefined, 'output-sink');
  try {
    const sink = (await lease.instance.call('output-sink', 'open', ['echo', 'crash-loop.sh', FORMAT])) as ResourceRef;
    const errors: string[] = [];
    while (!errors.some((message) => message.includes('marked failed')) && errors.length < 20) {
      await lease.instance.callMethod(sink, 'write', [new Float32Array(32)]).catch((error: Error) => errors.push(error.message));
    }
  } finally {
    lease.release();
  }
  const kinds = harness.catalog.events.list(ID).map((event) => event.kind);
  expect(kinds.filter((kind) => kind === 'sidecar-restarting').length).toBeGreaterThan(0);
  expect(kinds.at(-1)).toBe('sidecar-failed');
  expect(harness.catalog.events.list(ID).at(-1)?.message).toMatch(/^sidecar bin\/crash-loop\.sh kept crashing and was given up on: .*exited with code 3/);
});
