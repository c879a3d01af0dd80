/**
 * Package bytes received before they are installed: the web shell's upload endpoint (and a
 * drag-and-drop) puts them here and gets an id; `plugins.install` takes them by that id.
 * Bounded in count and age, so uploads never installed do not pile up in memory.
 */
import { randomUUID } from 'node:crypto';
import type { Disposable } from '../../src-shared/disposable.ts';
import { FugueError } from '../../src-shared/errors.ts';

export interface Upload {
  bytes: Uint8Array;
  name: string;
  receivedAt: number;
}

export interface UploadStoreOptions {
  /** Most uploads kept at once; the oldest goes first. Default 8. */
  maxUploads?: number;
  /** How long an upload waits for its install. Default 10 minutes. */
  maxAgeMs?: number;
  now?: () => number;
}

export class UploadStore implements Disposable {
  private readonly uploads = new Map<string, Upload>();

  constructor(private readonly options: UploadStoreOptions = {}) {}

  /** Keeps `bytes` and answers the id `plugins.install` names them by. */
  put(bytes: Uint8Array, name: string): string {
    this.prune();
    const max = this.options.maxUploads ?? 8;
    while (this.uploads.size >= max) this.uploads.delete(this.uploads.keys().next().value as string);
    const id = randomUUID();
    this.uploads.set(id, { bytes, name, receivedAt: this.now() });
    return id;
  }

  /** Removes and returns the upload `id`; throws `not-found` when it is unknown or expired. */
  take(id: string): Upload {
    this.prune();
    const upload = this.uploads.get(id);
    if (upload === undefined) {
      throw new FugueError({ code: 'not-found', message: `no uploaded package "${id}" is waiting (it was installed already, or expired); upload the package again` });
    }
    this.uploads.delete(id);
    return upload;
  }

  dispose(): void {
    this.uploads.clear();
  }

  private prune(): void {
    const oldest = this.now() - (this.options.maxAgeMs ?? 10 * 60_000);
    for (const [id, upload] of this.uploads) if (upload.receivedAt < oldest) this.uploads.delete(id);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
