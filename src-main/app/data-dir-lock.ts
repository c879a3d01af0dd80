/**
 * One process at a time changes a data folder: the app, or a `fugue plugin` command
 * beside it. The lock is a file holding the owner's pid; a lock left by a process that
 * no longer exists (killed, crashed) is taken over.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Disposable } from '../../src-shared/disposable.ts';
import { FugueError } from '../../src-shared/errors.ts';

const LOCK_FILE = 'fugue.lock';

export class DataDirLock implements Disposable {
  private constructor(private readonly file: string) {}

  /** Takes the lock of `dataDir`, or throws `busy` naming the process that holds it. */
  static async acquire(dataDir: string): Promise<DataDirLock> {
    const file = join(dataDir, LOCK_FILE);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await writeFile(file, String(process.pid), { flag: 'wx' });
        return new DataDirLock(file);
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
      }
      const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (owner === process.pid) {
        throw new FugueError({ code: 'busy', message: `the data folder ${dataDir} is already open in this process; close the services using it first` });
      }
      if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) {
        throw new FugueError({
          code: 'busy',
          message: `another Fugue process (pid ${owner}) is using the data folder ${dataDir}; close it, or wait for it to finish, then try again`,
        });
      }
      await rm(file, { force: true });
    }
    throw new FugueError({ code: 'busy', message: `could not lock the data folder ${dataDir}; try again` });
  }

  async dispose(): Promise<void> {
    await rm(this.file, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM';
  }
}
