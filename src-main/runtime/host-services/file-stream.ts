/**
 * `host-stream` over a local file the plugin was granted: positional reads from one
 * open descriptor (the path was resolved through symlinks before it was opened).
 */
import { open, type FileHandle } from 'node:fs/promises';
import { pluginError, type PluginErrorValue } from './grants.ts';
import type { HostStream } from './host-stream.ts';

export class FileStream implements HostStream {
  private position = 0;

  private constructor(
    private readonly handle: FileHandle,
    private readonly size: number,
  ) {}

  /** Opens a regular file; `path` must already be checked against the grants. */
  static async open(path: string, uri: string): Promise<FileStream | PluginErrorValue> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      return pluginError('io', `${uri} cannot be opened (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    const stat = await handle.stat();
    if (!stat.isFile()) {
      await handle.close();
      return pluginError('invalid-argument', `${uri} is not a regular file`);
    }
    return new FileStream(handle, stat.size);
  }

  get info(): { length: bigint | undefined; seekable: boolean; live: boolean } {
    return { length: BigInt(this.size), seekable: true, live: false };
  }

  async read(maxBytes: number): Promise<Uint8Array> {
    const buffer = Buffer.alloc(Math.max(0, Math.min(maxBytes, this.size - this.position)));
    if (buffer.length === 0) return new Uint8Array(0);
    const { bytesRead } = await this.handle.read(buffer, 0, buffer.length, this.position);
    this.position += bytesRead;
    return new Uint8Array(buffer.buffer, buffer.byteOffset, bytesRead);
  }

  async seek(offset: bigint): Promise<void> {
    this.position = Math.min(Number(offset), this.size);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
