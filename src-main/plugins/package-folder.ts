/**
 * Reads a plugin package from a folder. Every entry must be a regular file or a
 * folder: a symbolic link could point anywhere on the disk, and a device or pipe could
 * block or leak, so either refuses the whole package.
 */
import { constants, type Dirent } from 'node:fs';
import { lstat, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { normalizePackagePath } from '../../src-shared/manifest/index.ts';
import {
  EntryBudget,
  IssueList,
  describeOpenError,
  packageIssue,
  packageReadError,
  tooLargeError,
  type OpenPackageResult,
  type PackageEntry,
  type PackageFiles,
  type PackageLimits,
} from './package-entries.ts';

/** Lists a folder package and checks every entry; see {@link openPackage}. */
export async function openFolderPackage(root: string, limits: PackageLimits): Promise<OpenPackageResult> {
  const entries = new Map<string, PackageEntry>();
  const problems = new IssueList();
  try {
    const limitHit = await walk(root, '', entries, problems, new EntryBudget(limits));
    if (limitHit !== undefined) return { ok: false, issues: [packageIssue(limitHit)] };
  } catch (error) {
    return { ok: false, issues: [describeOpenError(root, error)] };
  }
  const issues = problems.finish();
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, files: folderFiles(root, entries) };
}

/** Walks depth-first; returns a limit message as soon as one is passed. */
async function walk(
  root: string,
  prefix: string,
  entries: Map<string, PackageEntry>,
  problems: IssueList,
  budget: EntryBudget,
): Promise<string | undefined> {
  const children = await readdir(join(root, prefix), { withFileTypes: true });
  children.sort((a, b) => a.name.localeCompare(b.name));
  for (const child of children) {
    const path = prefix === '' ? child.name : `${prefix}/${child.name}`;
    const name = normalizePackagePath(path);
    const kind = entryKind(child);
    if (!name.ok) problems.add(`"${path}" ${name.reason}`);
    else if (kind === 'link') problems.add(`"${path}" is a symbolic link; a package may hold only regular files and folders`);
    else if (kind === 'special') problems.add(`"${path}" is a device, pipe or socket; a package may hold only regular files and folders`);
    const size = kind === 'file' ? (await lstat(join(root, path))).size : 0;
    const limitHit = budget.add(size);
    if (limitHit !== undefined) return limitHit;
    if (kind === 'file' || kind === 'folder') entries.set(path, { path, kind, size });
    if (kind === 'folder') {
      const deeper = await walk(root, path, entries, problems, budget);
      if (deeper !== undefined) return deeper;
    }
  }
  return undefined;
}

function entryKind(entry: Dirent): 'file' | 'folder' | 'link' | 'special' {
  if (entry.isSymbolicLink()) return 'link';
  if (entry.isDirectory()) return 'folder';
  return entry.isFile() ? 'file' : 'special';
}

function folderFiles(root: string, entries: ReadonlyMap<string, PackageEntry>): PackageFiles {
  return {
    format: 'folder',
    source: root,
    entries,
    read: async (path, maxBytes) => {
      if (entries.get(path)?.kind !== 'file') throw packageReadError(`"${path}" is not a file in the package`);
      return readRegularFile(join(root, path), path, maxBytes);
    },
    dispose: async () => {},
  };
}

/** Reads a file without following a link that may have replaced it since the listing. */
async function readRegularFile(fullPath: string, path: string, maxBytes: number): Promise<Uint8Array> {
  const handle = await open(fullPath, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw packageReadError(`"${path}" is not a regular file`);
    if (stats.size > maxBytes) throw tooLargeError(path, stats.size, maxBytes);
    return new Uint8Array(await handle.readFile());
  } finally {
    await handle.close();
  }
}
