/**
 * The first half of an install, before anything is committed: copy or extract the
 * source into a staging folder, then validate the staged copy (manifest, paths, sizes,
 * every component against its world), so what was checked is exactly what will be
 * installed.
 */
import { chmod, lstat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { FugueError } from '../../src-shared/errors.ts';
import { issuesToErrorData, normalizePackagePath, type ManifestIssue, type PluginManifest } from '../../src-shared/manifest/index.ts';
import type { ReceiptEntry } from '../state/catalog-types.ts';
import { componentsOf } from './installed-files.ts';
import { DEFAULT_PACKAGE_LIMITS, formatMegabytes, openPackage, packageIssue, type PackageFiles, type PackageLimits } from './package-files.ts';
import type { PluginToStart } from './plugin-host.ts';
import { openFetchedSource, type FetchedSource } from './sources/open-source.ts';
import type { StagingArea } from './staging.ts';
import { validatePackageFiles, type InspectComponent } from './validate-package.ts';

/** Where a package comes from. */
export type InstallSource =
  /** A `.zip` file or a plugin folder (copied) on this machine. */
  | { kind: 'path'; path: string }
  /** The bytes of a `.zip`: a browser upload or a drag-and-drop. */
  | { kind: 'bytes'; bytes: Uint8Array; name?: string }
  /** A dev-mode project folder, a URL of a `.zip`, or a git repository at a ref. */
  | FetchedSource;

/** A package that was refused, with every problem found. */
export class PackageRejectedError extends FugueError {
  constructor(readonly issues: readonly ManifestIssue[]) {
    super(issuesToErrorData(issues));
    this.name = 'PackageRejectedError';
  }
}

export interface StageOptions {
  inspectComponent: InspectComponent;
  hostVersion?: string | undefined;
  limits?: Partial<PackageLimits> | undefined;
  /** Called once the files are copied in, before validation. */
  onStaged?: () => void;
}

/** A validated package in its staging folder. */
export interface StagedPackage {
  manifest: PluginManifest;
  /** Every staged file's path, size and sha256. */
  receipt: ReceiptEntry[];
  /** The verified component bytes, ready for the runtime. */
  start: PluginToStart;
  /** How the source is described to the user and in the catalog. */
  source: string;
}

/** Copies `source` into `staging` and validates the copy; throws {@link PackageRejectedError} on any problem. */
export async function stagePackage(source: InstallSource, staging: StagingArea, options: StageOptions): Promise<StagedPackage> {
  const limits = { ...DEFAULT_PACKAGE_LIMITS, ...options.limits };
  const { files: original, description } = await openSource(source, staging, limits);
  let receipt: ReceiptEntry[];
  try {
    receipt = await staging.copyIn(original, limits);
  } catch (error) {
    throw new PackageRejectedError([packageIssue(error instanceof Error ? error.message : String(error))]);
  } finally {
    await original.dispose();
  }
  options.onStaged?.();
  const staged = await opened(openPackage(staging.packageDir, limits));
  try {
    const validation = await validatePackageFiles(staged, {
      inspectComponent: options.inspectComponent,
      limits,
      ...(options.hostVersion === undefined ? {} : { hostVersion: options.hostVersion }),
    });
    if (!validation.ok) throw new PackageRejectedError(validation.issues);
    await markSidecarsExecutable(staging.packageDir, validation.manifest);
    const files = new Map<string, Uint8Array>();
    for (const component of validation.manifest.components) files.set(component.path, await staged.read(component.path, limits.maxComponentBytes));
    return { manifest: validation.manifest, receipt, start: componentsOf(validation.manifest, files), source: description };
  } finally {
    await staged.dispose();
  }
}

async function openSource(source: InstallSource, staging: StagingArea, limits: PackageLimits): Promise<{ files: PackageFiles; description: string }> {
  if (source.kind === 'path') return { files: await opened(openPackage(source.path, limits)), description: resolve(source.path) };
  if (source.kind !== 'bytes') {
    const fetched = await openFetchedSource(source, staging.dir, limits);
    return { files: await opened(Promise.resolve(fetched.result)), description: fetched.description };
  }
  const description = `upload${source.name === undefined ? '' : `:${source.name}`}`;
  if (source.bytes.byteLength > limits.maxTotalBytes) {
    throw new PackageRejectedError([packageIssue(`the upload is ${formatMegabytes(source.bytes.byteLength)}, more than the ${formatMegabytes(limits.maxTotalBytes)} a package may hold`)]);
  }
  const file = await staging.writeUpload(source.bytes);
  const result = await openPackage(file, limits);
  if (result.ok) return { files: result.files, description };
  // The staging path means nothing to the person who uploaded the file.
  const name = `the upload${source.name === undefined ? '' : ` "${source.name}"`}`;
  throw new PackageRejectedError(result.issues.map((issue) => ({ ...issue, message: issue.message.replaceAll(`"${file}"`, name) })));
}

async function opened(pending: ReturnType<typeof openPackage>): Promise<PackageFiles> {
  const result = await pending;
  if (!result.ok) throw new PackageRejectedError(result.issues);
  return result.files;
}

/**
 * Makes the declared sidecar executables of a staged package executable, and nothing else:
 * the mode comes from the manifest the user consented to, never from the zip's entries.
 */
async function markSidecarsExecutable(packageDir: string, manifest: PluginManifest): Promise<void> {
  for (const permission of manifest.permissions?.sidecar ?? []) {
    const checked = normalizePackagePath(permission.executable);
    if (!checked.ok) continue;
    const path = join(packageDir, checked.path);
    const info = await lstat(path).catch(() => undefined);
    if (info?.isFile() === true) await chmod(path, 0o755);
  }
}
