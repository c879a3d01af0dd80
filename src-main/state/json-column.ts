/** JSON stored in a TEXT column: written by this host, so a parse failure means the file was damaged. */
import { FugueError } from '../../src-shared/errors.ts';

export function parseJsonColumn<T>(text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new FugueError({ code: 'corrupt-data', message: 'the catalog holds a damaged JSON value; restore the data folder from a backup or reinstall the plugin' });
  }
}
