/**
 * Checks an installed version's files against the receipt written at install time.
 * The bytes that are hashed are the bytes handed to the runtime, so a file cannot be
 * swapped between the check and the load.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { FugueError } from '../../src-shared/errors.ts';
import type { ReceiptEntry } from '../state/catalog-types.ts';
import { sha256Hex } from './staging.ts';

/** Every receipted file's bytes, by package path, after each matched its receipt. */
export type VerifiedFiles = ReadonlyMap<string, Uint8Array>;

/**
 * Reads every file of `receipt` under `dir` and compares size and sha256; rejects with
 * a `modified-on-disk` error naming the first file that is missing or changed.
 */
export async function verifyReceipt(dir: string, receipt: readonly ReceiptEntry[], who: { pluginId: string; version: string }): Promise<VerifiedFiles> {
  if (receipt.length === 0) throw modified(who, 'its receipt lists no files');
  const files = new Map<string, Uint8Array>();
  for (const entry of receipt) {
    const bytes = await readReceiptedFile(join(dir, entry.path), entry, who);
    if (bytes.byteLength !== entry.size || sha256Hex(bytes) !== entry.sha256) {
      throw modified(who, `"${entry.path}" was changed after it was installed`);
    }
    files.set(entry.path, bytes);
  }
  return files;
}

async function readReceiptedFile(path: string, entry: ReceiptEntry, who: { pluginId: string; version: string }): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') throw modified(who, `"${entry.path}" is missing`);
    if (code === 'ELOOP') throw modified(who, `"${entry.path}" was replaced by a symbolic link`);
    throw new FugueError({ code: 'io', message: `cannot read "${entry.path}" of ${who.pluginId}: ${(error as Error).message}`, plugin: who });
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw modified(who, `"${entry.path}" is no longer a regular file`);
    // A file of the wrong size is refused before reading it (it may have grown to any size).
    if (stats.size !== entry.size) throw modified(who, `"${entry.path}" was changed after it was installed (size ${stats.size}, expected ${entry.size})`);
    return new Uint8Array(await handle.readFile());
  } finally {
    await handle.close();
  }
}

function modified(who: { pluginId: string; version: string }, what: string): FugueError {
  return new FugueError({
    code: 'modified-on-disk',
    message: `${who.pluginId} ${who.version} was modified on disk: ${what}; reinstall the plugin to repair it`,
    plugin: who,
  });
}
