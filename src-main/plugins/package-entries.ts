/**
 * What every package reader shares: the limits, the entry listing, and how problems
 * with the package as a whole are worded.
 */
import { PACKAGE_ROOT, type ManifestIssue, type ManifestIssueCode } from '../../src-shared/manifest/index.ts';
import type { Disposable } from '../../src-shared/disposable.ts';
import { FugueError } from '../../src-shared/errors.ts';

/** Caps that keep a hostile package from exhausting disk, memory or time. */
export interface PackageLimits {
  /** Files and folders in the package. */
  maxEntries: number;
  /** Sum of the uncompressed sizes of every file. */
  maxTotalBytes: number;
  /** Uncompressed ÷ compressed size of one zip entry … */
  maxCompressionRatio: number;
  /** … checked only for entries at least this large (tiny files compress well legitimately). */
  ratioCheckMinBytes: number;
  /** One component `.wasm` file. */
  maxComponentBytes: number;
  /** plugin.json itself. */
  maxManifestBytes: number;
}

const MB = 1024 * 1024;

/** The limits a package is installed under. */
export const DEFAULT_PACKAGE_LIMITS: Readonly<PackageLimits> = {
  maxEntries: 1000,
  maxTotalBytes: 200 * MB,
  maxCompressionRatio: 100,
  ratioCheckMinBytes: 64 * 1024,
  maxComponentBytes: 64 * MB,
  maxManifestBytes: 1 * MB,
};

/** One file or folder of a package, by its normalised package path (`lib/a.wasm`). */
export interface PackageEntry {
  path: string;
  kind: 'file' | 'folder';
  /** Uncompressed size in bytes (0 for folders). */
  size: number;
}

/** An opened package. Dispose it to close the archive. */
export interface PackageFiles extends Disposable {
  readonly format: 'folder' | 'zip';
  /** The folder or archive it was opened from. */
  readonly source: string;
  /** Every entry, keyed by normalised path. Folders implied by a file's path may be absent. */
  readonly entries: ReadonlyMap<string, PackageEntry>;
  /** The bytes of one listed file; rejects when it is absent, a folder, or over `maxBytes`. */
  read(path: string, maxBytes: number): Promise<Uint8Array>;
  dispose(): Promise<void>;
}

/** An opened package, or why it cannot be opened. */
export type OpenPackageResult = { ok: true; files: PackageFiles } | { ok: false; issues: ManifestIssue[] };

/** An issue about the package as a whole. */
export function packageIssue(message: string, code: ManifestIssueCode = 'invalid-package'): ManifestIssue {
  return { path: PACKAGE_ROOT, message, code };
}

/** Megabytes for a message: `64 MB`, `0.5 MB`. */
export function formatMegabytes(bytes: number): string {
  const mb = bytes / MB;
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
}

/** A readable issue for a failed stat/open/read of the package source. */
export function describeOpenError(source: string, error: unknown): ManifestIssue {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return packageIssue(`"${source}" does not exist; pass a plugin folder or a .zip`, 'not-found');
  if (code === 'EACCES' || code === 'EPERM') return packageIssue(`cannot read "${source}": permission denied`, 'io');
  const message = error instanceof Error ? error.message : String(error);
  return packageIssue(`cannot read "${source}": ${message}`, 'io');
}

/**
 * Collects entry problems up to a cap, so a package of 10,000 bad names prints a
 * screenful, not 10,000 lines.
 */
export class IssueList {
  readonly issues: ManifestIssue[] = [];
  private dropped = 0;

  constructor(private readonly cap = 20) {}

  add(message: string): void {
    if (this.issues.length < this.cap) this.issues.push(packageIssue(message));
    else this.dropped++;
  }

  /** The issues, with a last line counting any that were left out. */
  finish(): ManifestIssue[] {
    return this.dropped === 0
      ? this.issues
      : [...this.issues, packageIssue(`and ${this.dropped} more problems like these`)];
  }
}

/** Counts entries and bytes as a package is listed, and says which limit was passed. */
export class EntryBudget {
  private count = 0;
  private totalBytes = 0;

  constructor(private readonly limits: PackageLimits) {}

  /** Adds one entry; returns a message naming the limit once one is passed. */
  add(size: number): string | undefined {
    this.count += 1;
    if (this.count > this.limits.maxEntries) return tooManyEntriesMessage(this.limits.maxEntries);
    this.totalBytes += size;
    if (this.totalBytes > this.limits.maxTotalBytes) {
      return `holds more than ${formatMegabytes(this.limits.maxTotalBytes)} of files, the limit for a package; remove what the plugin does not need`;
    }
    return undefined;
  }
}

/** The error {@link PackageFiles.read} rejects with. */
export function packageReadError(message: string): FugueError {
  return new FugueError({ code: 'invalid-package', message });
}

/** A read refused because the file is over its cap. */
export function tooLargeError(path: string, size: number, maxBytes: number): FugueError {
  return packageReadError(`"${path}" is ${formatMegabytes(size)}; the limit is ${formatMegabytes(maxBytes)}`);
}

/** The message for a package with more than `maxEntries` files and folders. */
export function tooManyEntriesMessage(maxEntries: number): string {
  return `has more than ${maxEntries} files and folders, the limit for a package; remove what the plugin does not need`;
}
