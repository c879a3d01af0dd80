/**
 * A staging folder for one install, inside the data folder: the package is copied or
 * extracted here (never in place), validated here, then renamed into `plugins/`. The
 * folder is removed whatever happens; one left by a killed process is removed at the
 * next start.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ReceiptEntry } from '../state/catalog-types.ts';
import { formatMegabytes, packageReadError, type PackageFiles, type PackageLimits } from './package-files.ts';

/** The folder inside a staging area that holds the package's files. */
const PACKAGE_FOLDER = 'package';

export class StagingArea {
  private constructor(readonly dir: string) {}

  /** Creates a fresh, uniquely named staging folder under `stagingRoot`. */
  static async create(stagingRoot: string): Promise<StagingArea> {
    const dir = join(stagingRoot, randomUUID());
    await mkdir(dir, { recursive: true });
    return new StagingArea(dir);
  }

  /** Where the staged package's files are. */
  get packageDir(): string {
    return join(this.dir, PACKAGE_FOLDER);
  }

  /** Writes uploaded bytes (a zip from the browser or drag-and-drop) as a file to open. */
  async writeUpload(bytes: Uint8Array): Promise<string> {
    const file = join(this.dir, 'upload.zip');
    await writeFile(file, bytes, { flag: 'wx' });
    return file;
  }

  /**
   * Copies every entry of an opened package into {@link packageDir} and returns the
   * receipt (path, size, sha256 of each file, sorted by path). Stops at the total-size
   * limit even if a folder's files grew after they were listed.
   */
  async copyIn(files: PackageFiles, limits: PackageLimits): Promise<ReceiptEntry[]> {
    await mkdir(this.packageDir);
    const receipt: ReceiptEntry[] = [];
    let total = 0;
    const entries = [...files.entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const entry of entries) {
      const target = join(this.packageDir, entry.path);
      if (entry.kind === 'folder') {
        await mkdir(target, { recursive: true });
        continue;
      }
      const bytes = await files.read(entry.path, limits.maxTotalBytes - total).catch((error: unknown) => {
        throw packageReadError(`"${entry.path}" could not be extracted: ${error instanceof Error ? error.message : String(error)}`);
      });
      total += bytes.byteLength;
      if (total > limits.maxTotalBytes) {
        throw packageReadError(`the package holds more than ${formatMegabytes(limits.maxTotalBytes)} of files, the limit for a package`);
      }
      await mkdir(dirname(target), { recursive: true });
      // 'wx': never write through something that already exists at the path.
      await writeFile(target, bytes, { flag: 'wx' });
      receipt.push({ path: entry.path, size: bytes.byteLength, sha256: sha256Hex(bytes) });
    }
    return receipt;
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
