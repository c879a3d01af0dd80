// Random access over a host input-stream with one read-ahead window, so tag parsers can
// ask for small pieces at any offset and skip large blocks (pictures, audio) by seeking
// instead of reading them.
import { open } from 'fugue:plugin/host-stream@0.1.0';

const WINDOW = 64 * 1024;
/** The host reads at most 1 MiB per call. */
const MAX_READ = 1024 * 1024;

export class FileReader {
  constructor(stream) {
    this.stream = stream;
    this.windowStart = 0;
    this.window = new Uint8Array(0);
    const length = stream.length();
    this.length = length === undefined || length === null ? undefined : Number(length);
  }

  /** Opens `uri`; the caller must `close()` it (streams count against a per-plugin limit). */
  static open(uri) {
    return new FileReader(open(uri));
  }

  /** Up to `length` bytes at `offset` (fewer at the end of the file). */
  bytes(offset, length) {
    const end = offset + length;
    if (offset >= this.windowStart && end <= this.windowStart + this.window.length) {
      return this.window.subarray(offset - this.windowStart, end - this.windowStart);
    }
    if (this.length !== undefined && offset >= this.length) return new Uint8Array(0);
    this.stream.seek(offset);
    const wanted = Math.max(length, WINDOW);
    const parts = [];
    let got = 0;
    while (got < wanted) {
      const chunk = this.stream.read(Math.min(wanted - got, MAX_READ));
      if (chunk.length === 0) break;
      parts.push(chunk);
      got += chunk.length;
    }
    this.window = join(parts, got);
    this.windowStart = offset;
    return this.window.subarray(0, Math.min(length, got));
  }

  close() {
    this.stream[Symbol.dispose]();
  }
}

function join(parts, total) {
  if (parts.length === 1) return parts[0] instanceof Uint8Array ? parts[0] : Uint8Array.from(parts[0]);
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Runs `use(reader)` on the file and always closes it. */
export function withFile(uri, use) {
  const reader = FileReader.open(uri);
  try {
    return use(reader);
  } finally {
    reader.close();
  }
}
