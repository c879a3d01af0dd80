/**
 * Install and startup times of the plugin installer, over real packages, a real SQLite
 * catalog and real workers.
 * Install: a small AssemblyScript package, a 1.5 MB JavaScript one, and that one with a
 * 50 MB asset; first install (transpile included) and reinstall (transpile cached).
 * Startup: open + repair + verify receipts + start every plugin, with 1, 20 and 100 installed.
 * Part of `npm run bench`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PluginServices } from '../src-main/app/plugin-services.ts';
import { fixturePackage, unpackWith, versionedPackage } from '../src-main/plugins/test-support/services.ts';
import { fmt } from './stats.ts';

/** Scratch folder of the current run (created by {@link benchInstall}, removed after). */
let work = '';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function timeInstall(path: string, runs = 3): Promise<{ first: number; again: number }> {
  const firsts: number[] = [];
  const agains: number[] = [];
  for (let run = 0; run < runs; run++) {
    const services = await PluginServices.open({ dataDir: await mkdtemp(join(work, 'data-')) });
    let started = performance.now();
    await services.installer.install({ kind: 'path', path }, { onConsent: () => ({ approve: true }) });
    firsts.push(performance.now() - started);
    started = performance.now();
    await services.installer.install({ kind: 'path', path }, { onConsent: () => ({ approve: true }) });
    agains.push(performance.now() - started);
    await services.dispose();
  }
  return { first: median(firsts), again: median(agains) };
}

async function timeStartup(count: number, small: string): Promise<number> {
  const dataDir = await mkdtemp(join(work, `startup-${count}-`));
  const setup = await PluginServices.open({ dataDir });
  for (let i = 0; i < count; i++) {
    const folder = await unpackWith(small, join(work, `startup-${count}-p${i}`), (manifest) => {
      manifest.id = `org.bench.plugin${i}`;
      const [component] = manifest.components as { abilities: { type_id: string }[] }[];
      if (component?.abilities[0]) component.abilities[0].type_id = `words${i}`;
    });
    await setup.installer.install({ kind: 'path', path: folder });
  }
  await setup.dispose();
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    const services = await PluginServices.open({ dataDir });
    const report = await services.start();
    times.push(performance.now() - started);
    if (report.plugins.some((entry) => entry.state !== 'active')) throw new Error('a plugin failed to start');
    await services.dispose();
  }
  return median(times);
}

export interface InstallBench {
  installs: { name: string; firstMs: number; againMs: number }[];
  startup: { plugins: number; ms: number }[];
}

/** Runs the install and startup measurements; `startupCounts` defaults to 1, 20 and 100 plugins. */
export async function benchInstall(startupCounts: number[] = [1, 20, 100]): Promise<InstallBench> {
  const result: InstallBench = { installs: [], startup: [] };
  work = await mkdtemp(join(tmpdir(), 'fugue-install-bench-'));
  try {
    const small = await fixturePackage('world-lyrics');
    const medium = await versionedPackage('1.0.0', work);
    const large = await unpackWith(medium, join(work, 'large'));
    await writeFile(join(large, 'assets.bin'), randomBytes(50 * 1024 * 1024));
    const packages = [
      ['small: AssemblyScript lyrics, 9 KB zip', small],
      ['medium: JavaScript lyrics, 0.6 MB zip / 1.5 MB component', medium],
      ['large: medium + 50 MB asset (folder)', large],
    ] as const;
    for (const [name, path] of packages) {
      const { first, again } = await timeInstall(path);
      result.installs.push({ name, firstMs: first, againMs: again });
    }
    for (const count of startupCounts) result.startup.push({ plugins: count, ms: await timeStartup(count, small) });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return result;
}

export function printInstallBench(result: InstallBench, log: (line: string) => void): void {
  log('install (median of 3; first = fresh data folder incl. transpile, again = reinstall, transpile cached)');
  for (const entry of result.installs) log(`  ${entry.name}: first ${fmt(entry.firstMs)} ms, again ${fmt(entry.againMs)} ms`);
  log('startup: open catalog + repair + verify receipts + start every plugin (median of 3)');
  for (const entry of result.startup) log(`  ${entry.plugins} plugin${entry.plugins === 1 ? '' : 's'}: ${fmt(entry.ms)} ms`);
}
