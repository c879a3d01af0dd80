// `fugue plugin install <folder> --dev` as the real binary: it links the folder, prints a
// reload when the component is rebuilt, stops on SIGINT, and the event log tells the story.
import { copyFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PluginServices } from '../app/plugin-services.ts';
import { versionedPackage } from '../plugins/test-support/services.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const ID = 'org.fugue.fixture.versioned';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fugue-cli-dev-'));
  await versionedPackage('1.0.0', work);
  await versionedPackage('2.0.0', work);
});
afterAll(async () => rm(work, { recursive: true, force: true }));

it('watches the linked folder, prints each reload, and unlinks on Ctrl-C', async () => {
  const dataDir = join(work, 'data');
  const folder = join(work, 'dev');
  await cp(join(work, 'versioned-1.0.0'), folder, { recursive: true });
  const child = execa('node', ['bin/fugue.mjs', 'plugin', 'install', folder, '--dev', '--data-dir', dataDir], { cwd: repo, reject: false, stdin: 'ignore' });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    lines.push(...chunk.split('\n').filter((line) => line !== ''));
    for (const waiter of [...waiters]) if (lines.some((line) => waiter.pattern.test(line))) waiter.resolve();
  });
  const printed = (pattern: RegExp) => new Promise<void>((resolve) => waiters.push({ pattern, resolve }));

  await printed(/watching for changes/);
  // Another terminal sees the dev link while it runs.
  const listed = await execa('node', ['bin/fugue.mjs', 'plugin', 'list', '--data-dir', dataDir], { cwd: repo });
  expect(listed.stdout).toBe(`${ID}  1.0.0     dev         dev from ${folder}`);
  const info = await execa('node', ['bin/fugue.mjs', 'plugin', 'info', ID, '--data-dir', dataDir], { cwd: repo });
  expect(info.stdout).toBe(`${ID} 1.0.0: dev from ${folder} (not installed)`);
  await copyFile(join(work, 'versioned-2.0.0', 'dist', 'lyrics.wasm'), join(folder, 'dist', 'lyrics.wasm'));
  await printed(/reloaded org\.fugue\.fixture\.versioned 1\.0\.0 \(changed: dist\/lyrics\.wasm\)/);
  child.kill('SIGINT');
  const result = await child;
  expect(result.exitCode).toBe(0);
  expect(lines[0]).toBe(`dev mode: ${ID} 1.0.0 runs from ${folder}; watching for changes (Ctrl-C to stop)`);
  expect(lines.at(-1)).toBe(`dev mode: stopped watching ${folder}`);

  const events = await execa('node', ['bin/fugue.mjs', 'plugin', 'events', ID, '--data-dir', dataDir], { cwd: repo, reject: false });
  expect(events.stdout.split('\n').map((line) => line.split(/\s{2,}/)[1])).toEqual(['dev-linked', 'dev-reloaded', 'dev-unlinked']);
  // Dev mode installs nothing.
  expect((await execa('node', ['bin/fugue.mjs', 'plugin', 'list', '--data-dir', dataDir], { cwd: repo })).stdout).toMatch(/no plugins installed/);
});

it('removes the link of a dev-mode process that was killed at the next start', async () => {
  const dataDir = join(work, 'data-killed');
  const folder = join(work, 'dev-killed');
  await cp(join(work, 'versioned-1.0.0'), folder, { recursive: true });
  const child = execa('node', ['bin/fugue.mjs', 'plugin', 'dev', folder, '--data-dir', dataDir], { cwd: repo, reject: false, stdin: 'ignore' });
  await new Promise<void>((resolve) => child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('watching for changes') && resolve()));
  child.kill('SIGKILL');
  await child;
  // The killed process could not unlink: the link outlives it until the next start.
  expect((await execa('node', ['bin/fugue.mjs', 'plugin', 'list', '--data-dir', dataDir], { cwd: repo })).stdout).toContain('dev from');

  const services = await PluginServices.open({ dataDir });
  try {
    await services.start();
    expect(services.catalog.devLinks.list()).toEqual([]);
    expect(services.host.activeVersion(ID)).toBeUndefined();
    expect(services.catalog.events.list(ID).map((event) => event.message).at(-1)).toBe(`no longer running from ${folder}: the dev-mode process that linked it ended without unlinking`);
  } finally {
    await services.dispose();
  }
  expect((await execa('node', ['bin/fugue.mjs', 'plugin', 'list', '--data-dir', dataDir], { cwd: repo })).stdout).toMatch(/no plugins installed/);
});
