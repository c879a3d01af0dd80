// Crash safety: a process running an install, an update or an uninstall is SIGKILLed at
// a random moment, many times. After a restart the catalog and the files on disk agree,
// and the plugin is in its old state or its new one, never a mix.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../runtime/testing/fixtures.ts';
import { PluginServices } from '../app/plugin-services.ts';
import { PluginDataLayout } from './data-layout.ts';
import { verifyInstalledVersion } from './installed-files.ts';
import { fixturePackage, unpackWith } from './test-support/services.ts';

const ID = 'org.fugue.fixture.lyrics';
const CHILD = join(REPO_ROOT, 'src-main/plugins/test-support/crash-child.ts');

let work: string;
let v1: string;
let v2: string;
/** Data folders to copy for each trial: nothing installed, and v1 installed. */
let templates: { empty: string; withV1: string };

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fugue-crash-'));
  // The small AssemblyScript package at two versions: the kills land in the installer, not in a long transpile.
  const words = await fixturePackage('world-lyrics');
  v1 = await unpackWith(words, join(work, 'v1'), (manifest) => (manifest.version = '1.0.0'));
  v2 = await unpackWith(words, join(work, 'v2'), (manifest) => (manifest.version = '2.0.0'));
  templates = { empty: join(work, 'template-empty'), withV1: join(work, 'template-v1') };
  for (const [dir, install] of [[templates.empty, false], [templates.withV1, true]] as const) {
    const services = await PluginServices.open({ dataDir: dir });
    if (install) await services.installer.install({ kind: 'path', path: v1 });
    await services.dispose();
  }
}, 120_000);
afterAll(async () => rm(work, { recursive: true, force: true }));

interface ChildRun {
  finished: boolean;
  /** The last install step the child reported before it died (`ready` before the first). */
  lastStep: string;
}

/** Steps after which the new version must survive a kill; before `started`, the old one must. */
const AFTER_COMMIT = ['committed', 'activated'];
const BEFORE_COMMIT = ['ready', 'staged', 'validated', 'consented', 'transpiled', 'moved'];

/** Runs the operation in a child and kills it `killAfterMs` after it said `ready` (never, when undefined). */
function runChild(args: string[], killAfterMs: number | undefined): Promise<ChildRun & { durationMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/run-ts.mjs'), CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const before = output;
      output += chunk.toString();
      if (!before.includes('ready') && output.includes('ready') && killAfterMs !== undefined) {
        setTimeout(() => {
          if (child.exitCode === null) child.kill('SIGKILL');
        }, killAfterMs);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const done = /done (\d+)/.exec(output);
      if (signal === null && code !== 0) reject(new Error(`child failed (${code}): ${errors}`));
      const steps = [...output.matchAll(/^step (\w+)$/gm)].map((match) => match[1] ?? '');
      resolve({ finished: done !== null, lastStep: steps.at(-1) ?? 'ready', durationMs: Number(done?.[1] ?? 0) });
    });
  });
}

/** Restarts over `dataDir` and returns the plugin's version (undefined when absent) after checking that disk and catalog agree. */
async function restartAndCheck(dataDir: string): Promise<string | undefined> {
  const services = await PluginServices.open({ dataDir });
  try {
    const report = await services.start();
    const layout = new PluginDataLayout(dataDir);
    const plugins = services.catalog.listPlugins();
    expect(plugins.every((plugin) => plugin.lifecycle === 'active')).toBe(true);
    expect(report.plugins.every((entry) => entry.state === 'active')).toBe(true);
    const versions = services.catalog.allVersions();
    expect(versions.map((version) => version.pluginId)).toEqual(plugins.map((plugin) => plugin.id));
    for (const version of versions) await verifyInstalledVersion(layout, services.catalog, version);
    const onDisk = existsSync(layout.pluginsDir) ? await readdir(layout.pluginsDir) : [];
    const folders = (await Promise.all(onDisk.map(async (id) => (await readdir(layout.pluginFolder(id))).map((child) => `plugins/${id}/${child}`)))).flat();
    expect(folders.sort()).toEqual(versions.map((version) => version.installDir).sort());
    expect(existsSync(layout.stagingDir) ? await readdir(layout.stagingDir) : []).toEqual([]);
    expect(existsSync(layout.trashDir) ? await readdir(layout.trashDir) : []).toEqual([]);
    const version = services.catalog.getPlugin(ID)?.version;
    expect(services.host.activeVersion(ID)).toBe(version);
    if (version !== undefined) expect(await services.host.call(ID, 'lyrics', 'find', [{ title: 'after crash' }])).toMatchObject({ provider: 'Fixture words' });
    return version;
  } finally {
    await services.dispose();
  }
}

/** Whether a killed operation left work for the next start: staging, trash, or a half-done catalog row. */
async function hasLeftovers(dataDir: string): Promise<boolean> {
  const layout = new PluginDataLayout(dataDir);
  for (const dir of [layout.stagingDir, layout.trashDir]) if (existsSync(dir) && (await readdir(dir)).length > 0) return true;
  const db = new Database(layout.catalogFile, { readonly: true });
  try {
    return (db.prepare("SELECT COUNT(*) FROM plugins WHERE lifecycle IN ('installing', 'pending-uninstall')").pluck().get() as number) > 0;
  } finally {
    db.close();
  }
}

interface Scenario {
  name: string;
  template: () => string;
  args: (dataDir: string) => string[];
  old: string | undefined;
  new: string | undefined;
  trials: number;
  /** Installs report their steps; an uninstall does not. */
  reportsSteps: boolean;
}

const scenarios: Scenario[] = [
  { name: 'first install', template: () => templates.empty, args: (dataDir) => [dataDir, 'install', v1], old: undefined, new: '1.0.0', trials: 20, reportsSteps: true },
  { name: 'update', template: () => templates.withV1, args: (dataDir) => [dataDir, 'install', v2], old: '1.0.0', new: '2.0.0', trials: 20, reportsSteps: true },
  { name: 'uninstall', template: () => templates.withV1, args: (dataDir) => [dataDir, 'uninstall', ID], old: '1.0.0', new: undefined, trials: 15, reportsSteps: false },
];

describe('SIGKILL at random points', () => {
  it.each(scenarios)('$name: old state or new state, and disk agrees with the catalog', async (scenario) => {
    const calibration = join(work, `${scenario.name}-calibration`);
    await cp(scenario.template(), calibration, { recursive: true });
    const { durationMs } = await runChild(scenario.args(calibration), undefined);
    expect(await restartAndCheck(calibration)).toBe(scenario.new);
    const outcomes: string[] = [];
    let leftovers = 0;
    const phases = new Map<string, number>();
    for (let trial = 0; trial < scenario.trials; trial++) {
      const dataDir = join(work, `${scenario.name}-${trial}`);
      await cp(scenario.template(), dataDir, { recursive: true });
      // Half the kill points spread over the whole operation, half over its second half,
      // where files move and the catalog commits.
      const [from, to] = trial % 2 === 0 ? [0, durationMs] : [durationMs * 0.5, durationMs];
      const run = await runChild(scenario.args(dataDir), Math.floor(from + Math.random() * (to - from)));
      if (await hasLeftovers(dataDir)) leftovers++;
      const version = await restartAndCheck(dataDir);
      expect([scenario.old, scenario.new]).toContain(version);
      if (run.finished || AFTER_COMMIT.includes(run.lastStep)) expect(version).toBe(scenario.new);
      if (scenario.reportsSteps && !run.finished && BEFORE_COMMIT.includes(run.lastStep)) expect(version).toBe(scenario.old);
      outcomes.push(version === scenario.new ? 'new' : 'old');
      phases.set(run.finished ? 'finished' : run.lastStep, (phases.get(run.finished ? 'finished' : run.lastStep) ?? 0) + 1);
      await rm(dataDir, { recursive: true, force: true });
    }
    // Both outcomes are legal; print them so a run shows where the kills landed.
    const count = (outcome: string) => outcomes.filter((entry) => entry === outcome).length;
    console.log(`${scenario.name}: ${scenario.trials} kills → ${count('old')} old, ${count('new')} new, ${leftovers} left something to repair (operation ~${durationMs} ms); killed after: ${[...phases].map(([phase, n]) => `${phase} ${n}`).join(', ')}`);
  }, 600_000);
});
