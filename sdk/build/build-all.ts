/**
 * `npm run build:plugins`: builds every folder under `plugins/` and `plugin-fixtures/` that
 * has a plugin.json into `.cache/packages/<id>-<version>.zip`, reusing cached builds whose
 * inputs did not change. Prints what was built and what came from the cache.
 * `--force` rebuilds everything.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPlugin, type PluginBuildResult } from './build-plugin.ts';
import { REPO_ROOT } from './plugin.ts';

const ROOTS = ['plugins', 'plugin-fixtures'];

/** Project folders (absolute) with a plugin.json, sorted. */
export async function findPluginProjects(repoRoot = REPO_ROOT): Promise<string[]> {
  const projects: string[] = [];
  for (const root of ROOTS) {
    const dir = join(repoRoot, root);
    if (!existsSync(dir)) continue;
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && existsSync(join(dir, entry.name, 'plugin.json'))) projects.push(join(dir, entry.name));
    }
  }
  return projects.sort();
}

function describe(result: PluginBuildResult): string {
  const sizes = result.components.map((component) => `${component.packagePath} ${(component.bytes / 1024).toFixed(1)} KiB`).join(', ');
  const timing = result.status === 'built' ? ` in ${(result.milliseconds / 1000).toFixed(2)} s` : '';
  return `${result.status === 'built' ? 'built ' : 'cached'}  ${result.id}@${result.version}  (${sizes})${timing}`;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Runs `task` over `items`, at most `limit` at once; results in input order. */
async function mapConcurrently<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<Outcome<R>[]> {
  const results: Outcome<R>[] = new Array(items.length);
  let next = 0;
  const run = async (): Promise<void> => {
    for (let index = next++; index < items.length; index = next++) {
      const item = items[index] as T;
      try {
        results[index] = { ok: true, value: await task(item) };
      } catch (error) {
        results[index] = { ok: false, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, run));
  return results;
}

async function main(): Promise<void> {
  const started = performance.now();
  const force = process.argv.includes('--force');
  const projects = await findPluginProjects();
  let failures = 0;
  const counts = { built: 0, cached: 0 };
  // Two builds at a time (asc compiles on a pool of two worker threads); reported in order.
  const outcomes = await mapConcurrently(projects, Math.min(2, availableParallelism()), (project) => buildPlugin(project, { force }));
  outcomes.forEach((outcome, index) => {
    if (outcome.ok) {
      counts[outcome.value.status] += 1;
      console.log(describe(outcome.value));
    } else {
      failures += 1;
      console.error(`FAILED  ${relative(REPO_ROOT, projects[index] ?? '')}: ${outcome.error instanceof Error ? outcome.error.message : String(outcome.error)}`);
    }
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(`build:plugins: ${counts.built} built, ${counts.cached} cached, ${failures} failed in ${seconds} s → ${relative(REPO_ROOT, join(REPO_ROOT, '.cache', 'packages'))}/`);
  if (failures > 0) process.exitCode = 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
