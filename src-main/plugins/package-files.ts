/**
 * A plugin package's files, read the same way from a folder or a `.zip`: a listing of
 * every entry (already checked: no escapes, no links or devices, within the limits)
 * and a bounded read of one file. Opening never extracts anything.
 */
import { stat } from 'node:fs/promises';
import {
  DEFAULT_PACKAGE_LIMITS,
  describeOpenError,
  packageIssue,
  type OpenPackageResult,
  type PackageLimits,
} from './package-entries.ts';
import { openFolderPackage } from './package-folder.ts';
import { openZipPackage } from './package-zip.ts';

export * from './package-entries.ts';

/** Opens a plugin folder or `.zip` and checks every entry against `limits`. */
export async function openPackage(source: string, limits: PackageLimits = DEFAULT_PACKAGE_LIMITS): Promise<OpenPackageResult> {
  let stats;
  try {
    stats = await stat(source);
  } catch (error) {
    return { ok: false, issues: [describeOpenError(source, error)] };
  }
  if (stats.isDirectory()) return openFolderPackage(source, limits);
  if (!stats.isFile()) {
    return { ok: false, issues: [packageIssue(`"${source}" is neither a folder nor a file; pass a plugin folder or a .zip`)] };
  }
  if (/(^|[\\/])plugin\.json$/.test(source)) {
    return { ok: false, issues: [packageIssue(`"${source}" is the manifest itself; pass the folder that contains it, or a .zip of that folder's contents`)] };
  }
  return openZipPackage(source, limits);
}

