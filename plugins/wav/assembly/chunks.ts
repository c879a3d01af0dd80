// The walk over the chunks of a RIFF or IFF file shared by the WAV and AIFF parsers: chunk
// bodies padded to even sizes, unknown chunks skipped, the audio chunk allowed before or after
// the format chunk, and tag chunks after the audio read when the stream can seek.
import { PluginError } from "./generated/main/types";
import { ErrorCode } from "./generated/main/types";
import { ByteReader } from "./reader";
import { Layout } from "./pcm";
import { pluginError } from "./text";

/** Tag chunks larger than this are skipped (a cover picture fits; a runaway size does not). */
const MAX_TAG_CHUNK: u64 = 32 << 20;

export enum Step {
  Continue,
  /** The audio chunk: `layout.dataOffset`/`dataBytes` are set, the reader is at its start. */
  Audio,
  Failed,
}

export abstract class ChunkWalker {
  error: PluginError | null = null;
  formatKnown: bool = false;

  constructor(
    readonly reader: ByteReader,
    readonly layout: Layout,
    readonly bigEndian: bool,
  ) {}

  /** Handles one chunk whose 8-byte header was consumed; `size` excludes the pad byte. */
  abstract handle(id: u32, size: u64, trailing: bool): Step;

  fail(code: ErrorCode, message: string): Step {
    this.error = pluginError(code, this.layout.container + ": " + message);
    return Step.Failed;
  }

  /** Walks to the audio; false with `error` set when the file cannot be played. */
  walk(): bool {
    let audioSeen = false;
    for (;;) {
      const id = this.nextHeader();
      if (this.error !== null) return false;
      if (id == 0) break;
      const size = <u64>this.lastSize;
      const step = this.handle(id, size, false);
      if (step == Step.Failed) return false;
      if (step == Step.Audio) {
        if (this.formatKnown) return this.readTrailing();
        // The format comes after the audio: skip ahead when possible, come back at the end.
        if (!this.reader.seekable || this.layout.dataBytes == u64.MAX_VALUE) break;
        audioSeen = true;
        if (!this.skipBody(this.layout.dataBytes)) return false;
      }
    }
    if (!this.formatKnown) {
      this.fail(ErrorCode.CorruptData, "no format chunk (" + (this.layout.container == "WAV" || this.layout.container == "RF64" ? "fmt" : "COMM") + ") before the audio; the file is truncated or not audio");
      return false;
    }
    if (!audioSeen) {
      this.fail(ErrorCode.CorruptData, "no audio chunk; the file is truncated or holds no audio");
      return false;
    }
    return this.checked(this.reader.seekTo(this.layout.dataOffset));
  }

  private lastSize: u32 = 0;

  /** Reads a chunk header: its id (0 at end of stream) with its size in `lastSize`. */
  private nextHeader(): u32 {
    if (!this.checked(this.reader.fill(8))) return 0;
    if (this.reader.available() < 8) return 0;
    const at = this.reader.pointer();
    const id = load<u32>(at);
    const size = load<u32>(at, 4);
    this.lastSize = this.bigEndian ? bswap<u32>(size) : size;
    this.reader.consume(8);
    return id;
  }

  /** Reads tag chunks that follow the audio, then returns to the audio's start. */
  private readTrailing(): bool {
    const reader = this.reader;
    const layout = this.layout;
    if (!reader.seekable || !reader.lengthKnown || layout.dataBytes == u64.MAX_VALUE) return true;
    const after = layout.dataOffset + layout.dataBytes + (layout.dataBytes & 1);
    if (after + 8 > reader.length) return true;
    if (!this.checked(reader.seekTo(after))) return false;
    for (;;) {
      const id = this.nextHeader();
      if (id == 0 || this.error !== null) break;
      if (this.handle(id, <u64>this.lastSize, true) == Step.Failed) break;
    }
    // Tags after the audio are optional: a damaged trailer does not stop playback.
    this.error = null;
    return this.checked(reader.seekTo(layout.dataOffset));
  }

  /**
   * Makes a tag chunk's body available at `reader.pointer()` (true; finish with `doneBody`),
   * or skips an oversized or cut-short body (false; check `error`).
   */
  tagBody(size: u64): bool {
    if (size > MAX_TAG_CHUNK) {
      this.skipBody(size);
      return false;
    }
    if (!this.checked(this.reader.fill(<i32>size))) return false;
    if (<u64>this.reader.available() >= size) return true;
    this.reader.consume(this.reader.available());
    return false;
  }

  /** Skips a chunk body and its pad byte. */
  skipBody(size: u64): bool {
    return this.checked(this.reader.skip(size + (size & 1)));
  }

  /** Consumes a body made available by `readTagBody`, with its pad byte. */
  doneBody(size: u64): bool {
    this.reader.consume(<i32>size);
    return this.checked(this.reader.skip(size & 1));
  }

  checked(failure: PluginError | null): bool {
    if (failure === null) return true;
    this.error = failure;
    return false;
  }
}
