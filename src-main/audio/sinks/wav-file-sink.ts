/**
 * A sink that writes a WAV file of IEEE float 32-bit samples (WAVE_FORMAT_IEEE_FLOAT with
 * a `fact` chunk), so the file holds exactly the f32 the pump produced: tests read it back
 * and compare bit for bit. It is not paced: it takes blocks as fast as the pump makes them.
 * Writes go through a buffer (one syscall per ~256 KiB); the header's sizes are patched on
 * every drain and on dispose, so a drained file is always a valid WAV.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { FugueError } from '../../../src-shared/errors.ts';
import type { AudioSink, PcmFormat, SinkFailure } from '../sink.ts';

const HEADER_BYTES = 58;
const BUFFER_BYTES = 256 * 1024;
const WAVE_FORMAT_IEEE_FLOAT = 3;

export class WavFileSink implements AudioSink {
  readonly name: string;
  private fd: number | undefined;
  // Samples are copied into a float view of the output buffer: no per-block allocation.
  // (WAV is little-endian, as is every platform Fugue ships on.)
  private readonly bytes = new ArrayBuffer(BUFFER_BYTES);
  private readonly buffer = Buffer.from(this.bytes);
  private readonly floats = new Float32Array(this.bytes);
  private buffered = 0;
  private dataBytes = 0;
  private failed = false;
  private failureCallback: ((failure: SinkFailure) => void) | undefined;

  constructor(
    readonly path: string,
    readonly format: PcmFormat,
  ) {
    this.name = `wav:${path}`;
    try {
      this.fd = openSync(path, 'w');
      writeSync(this.fd, wavHeader(format, 0));
    } catch (error) {
      throw new FugueError({
        code: 'io',
        message: `cannot write the WAV file ${path}: ${(error as Error).message}. Choose a writable path for --sink wav:<path>.`,
        cause: { message: (error as Error).message },
      });
    }
  }

  write(samples: Float32Array): boolean {
    if (this.failed || this.fd === undefined) return false;
    const floats = this.floats;
    let done = 0;
    while (done < samples.length) {
      const start = this.buffered >> 2;
      const count = Math.min(floats.length - start, samples.length - done);
      for (let index = 0; index < count; index++) floats[start + index] = samples[done + index] as number;
      this.buffered += count * 4;
      done += count;
      if (this.buffered === BUFFER_BYTES && !this.flush()) return false;
    }
    this.dataBytes += samples.length * 4;
    return true;
  }

  onReady(_callback: () => void): void {
    // Never paces: write() returns true until the sink fails, so there is nothing to wait for.
  }

  onFailure(callback: (failure: SinkFailure) => void): void {
    this.failureCallback = callback;
  }

  queuedFrames(): number {
    return 0;
  }

  drain(): Promise<void> {
    if (this.flush()) this.patchHeader();
    return Promise.resolve();
  }

  dispose(): void {
    if (this.fd === undefined) return;
    if (this.flush()) this.patchHeader();
    closeSync(this.fd);
    this.fd = undefined;
  }

  private flush(): boolean {
    if (this.fd === undefined || this.failed) return false;
    try {
      let written = 0;
      while (written < this.buffered) written += writeSync(this.fd, this.buffer, written, this.buffered - written);
      this.buffered = 0;
      return true;
    } catch (error) {
      this.fail(`writing ${this.path} failed: ${(error as Error).message}`);
      return false;
    }
  }

  private patchHeader(): void {
    if (this.fd === undefined) return;
    try {
      writeSync(this.fd, wavHeader(this.format, this.dataBytes), 0, HEADER_BYTES, 0);
    } catch (error) {
      this.fail(`updating the header of ${this.path} failed: ${(error as Error).message}`);
    }
  }

  private fail(message: string): void {
    if (this.failed) return;
    this.failed = true;
    this.failureCallback?.({ message: `${message}. Check the disk space and permissions.`, transient: false });
  }
}

/** RIFF/WAVE header for f32 data of `dataBytes` bytes: fmt (18 bytes), fact, data. */
export function wavHeader(format: PcmFormat, dataBytes: number): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  const blockAlign = format.channels * 4;
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(HEADER_BYTES - 8 + dataBytes, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(18, 16);
  header.writeUInt16LE(WAVE_FORMAT_IEEE_FLOAT, 20);
  header.writeUInt16LE(format.channels, 22);
  header.writeUInt32LE(format.sampleRate, 24);
  header.writeUInt32LE(format.sampleRate * blockAlign, 28);
  header.writeUInt16LE(blockAlign, 32);
  header.writeUInt16LE(32, 34);
  header.writeUInt16LE(0, 36);
  header.write('fact', 38, 'ascii');
  header.writeUInt32LE(4, 42);
  header.writeUInt32LE(Math.floor(dataBytes / blockAlign), 46);
  header.write('data', 50, 'ascii');
  header.writeUInt32LE(dataBytes, 54);
  return header;
}
