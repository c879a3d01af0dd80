// Installing from git: a local bare repository made here (file:// URL) with a tag, a
// branch and a commit, each holding a different build of the versioned fixture.
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { catalogSnapshot, dataDirListing, ServicesHarness, versionedPackage } from '../test-support/services.ts';

const ID = 'org.fugue.fixture.versioned';

let work: string;
let harness: ServicesHarness;
let repoUrl: string;
let firstCommit: string;

async function git(cwd: string, ...args: string[]): Promise<string> {
  const env = { GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 'test@example.org', GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 'test@example.org' };
  return (await execa('git', ['-c', 'init.defaultBranch=main', ...args], { cwd, env })).stdout;
}

/** Replaces the work tree's files with a built project folder (plugin.json, src/, dist/) and commits. */
async function commitBuild(tree: string, project: string, message: string): Promise<string> {
  await cp(project, tree, { recursive: true });
  await git(tree, 'add', '-A');
  await git(tree, 'commit', '--quiet', '-m', message);
  return git(tree, 'rev-parse', 'HEAD');
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fugue-git-'));
  await versionedPackage('1.0.0', work);
  await versionedPackage('2.0.0', work);
  await versionedPackage('3.0.0', work);
  const bare = join(work, 'plugin.git');
  const tree = join(work, 'tree');
  await git(work, 'init', '--quiet', '--bare', bare);
  await git(work, 'init', '--quiet', tree);
  firstCommit = await commitBuild(tree, join(work, 'versioned-1.0.0'), 'version 1');
  await git(tree, 'tag', 'v1.0.0');
  await commitBuild(tree, join(work, 'versioned-2.0.0'), 'version 2');
  await git(tree, 'checkout', '--quiet', '-b', 'next');
  await commitBuild(tree, join(work, 'versioned-3.0.0'), 'version 3');
  await git(tree, 'push', '--quiet', bare, 'main', 'next', 'v1.0.0');
  // firstCommit is no branch's tip: fetching it by sha is a real commit fetch.
  repoUrl = pathToFileURL(bare).href;
  harness = await ServicesHarness.create();
});
afterAll(async () => {
  await harness.dispose();
  await rm(work, { recursive: true, force: true });
});

async function answer(): Promise<string> {
  return ((await harness.host.call(ID, 'lyrics', 'find', [{ title: 'x' }])) as { provider: string }).provider;
}

it('installs a tag, updates to a branch, and goes back to a commit, recording the commit it used', async () => {
  expect(await harness.installer.install({ kind: 'git', url: repoUrl, ref: 'v1.0.0' })).toMatchObject({ version: '1.0.0' });
  expect(await answer()).toBe('versioned@1.0.0');
  expect(harness.catalog.currentVersion(ID)?.source).toBe(`git:${repoUrl}#v1.0.0@${firstCommit}`);

  expect(await harness.installer.install({ kind: 'git', url: repoUrl, ref: 'next' })).toMatchObject({ version: '3.0.0', previousVersion: '1.0.0' });
  expect(await answer()).toBe('versioned@3.0.0');

  // No ref: the default branch (main, at 2.0.0) — an older version, so it needs the flag.
  await expect(harness.installer.install({ kind: 'git', url: repoUrl })).rejects.toThrow(/older/i);
  expect(await harness.installer.install({ kind: 'git', url: repoUrl }, { allowDowngrade: true })).toMatchObject({ version: '2.0.0' });

  expect(await harness.installer.install({ kind: 'git', url: repoUrl, ref: firstCommit }, { allowDowngrade: true })).toMatchObject({ version: '1.0.0' });
  expect(await answer()).toBe('versioned@1.0.0');
  expect(await readdir(harness.services.layout.stagingDir)).toEqual([]);
});

it('refuses a missing ref, a missing repository and an option-like ref, changing nothing', async () => {
  const [files, rows] = [await dataDirListing(harness.dataDir), catalogSnapshot(harness.dataDir)];
  await expect(harness.installer.install({ kind: 'git', url: repoUrl, ref: 'no-such-branch' })).rejects.toThrow(/fetching "no-such-branch" from .* failed: .*check the address and that the tag, branch or commit exists/);
  await expect(harness.installer.install({ kind: 'git', url: `${repoUrl}-missing`, ref: 'main' })).rejects.toThrow(/failed/);
  await expect(harness.installer.install({ kind: 'git', url: repoUrl, ref: '--upload-pack=touch /tmp/x' })).rejects.toThrow(/is not a tag, branch or commit name/);
  await expect(harness.installer.install({ kind: 'git', url: 'http://example.invalid/p.git', ref: 'main' })).rejects.toThrow(/plain http.*https:\/\//);
  expect(await dataDirListing(harness.dataDir)).toEqual(files);
  expect(catalogSnapshot(harness.dataDir)).toEqual(rows);
  expect(await readdir(harness.services.layout.stagingDir)).toEqual([]);
});
