// One run of the ffmpeg sidecar: the input stream's bytes go to it over the data channel,
// float WAV comes back. The sidecar's bridge buffers input as it arrives, so writes never
// wait on ffmpeg; `write-stdin` accepts less only when the host's 1 MiB backlog is full,
// and that backlog drains on its own. Two modes:
// - `file`: ffmpeg reads a spooled copy it can seek in (MP4 with its index at the end,
//   exact gapless trimming of MP3). Nothing comes back before all input has gone, so
//   `start` sends everything first.
// - `pipe`: for live or very long streams; ffmpeg decodes as bytes arrive. Every refill
//   tops the input up before waiting for output, so ffmpeg never starves while we wait.
import { InputStream } from "./generated/main/host-stream";
import { PluginError } from "./generated/main/decoder";
import { ErrorCode } from "./generated/main/types";
import * as sidecar from "./generated/main/sidecar";
import { Result } from "./generated/main/rt";
import { Some } from "./generated/main/rt";
import { ByteQueue } from "./byte-queue";
import { parseWaveHeader, WaveHeader } from "./wave-header";

export const EXECUTABLE = "bin/ffmpeg-decode";
/** The wrapper's exit code when ffmpeg (or perl, for the bridge) is not on PATH. */
const EXIT_NO_FFMPEG: i32 = 69;
const EXIT_NO_PERL: i32 = 70;
const ERROR_MARK = "FUGUE-FFMPEG-ERROR";
const DURATION_MARK = "FUGUE-FFMPEG-DURATION ";
const LETTER_R: u8 = 0x52;
const CHUNK: u32 = 256 * 1024;
/** Bytes pushed before the first read in pipe mode: enough for ffmpeg to probe most streams. */
const PIPE_HEAD_BYTES: u64 = 4 * 1024 * 1024;

export function failure(code: ErrorCode, message: string): PluginError {
  const result: PluginError = { code, message };
  return result;
}

export class FfmpegRun {
  readonly output: ByteQueue = new ByteQueue();
  /** The sidecar's output ended (it exited and everything was read). */
  ended: bool = false;
  private pending: Uint8Array = new Uint8Array(0);
  private inputDone: bool = false;
  private sent: u64 = 0;

  constructor(readonly process: sidecar.Process, readonly input: InputStream, readonly fileMode: bool, readonly extension: string) {}

  static spawn(input: InputStream, fileMode: bool, startSeconds: string, streamTags: bool, extension: string): Result<FfmpegRun, PluginError> {
    const options = new sidecar.SpawnOptions();
    options.executable = EXECUTABLE;
    options.args = [fileMode ? "file" : "pipe", startSeconds, streamTags ? "stream" : "file"];
    const spawned = sidecar.spawn(options);
    if (!spawned.isOk) return Result.err<FfmpegRun, PluginError>(spawned.error);
    return Result.ok<FfmpegRun, PluginError>(new FfmpegRun(spawned.value, input, fileMode, extension));
  }

  /** Sends what the mode needs before the first read (everything, or the head of a stream). */
  start(): PluginError | null {
    const goal = this.fileMode ? u64.MAX_VALUE : PIPE_HEAD_BYTES;
    while (!this.inputDone && this.sent < goal) {
      const accepted = this.push();
      if (accepted < 0) return this.pushError;
      // The backlog is full: it drains into the bridge; give up only if the sidecar is gone.
      if (accepted == 0 && this.process.exitCode() !== null) return null;
    }
    return null;
  }

  private pushError: PluginError | null = null;

  /** One step of sending input: bytes accepted, or -1 on error (in `pushError`). */
  private push(): i64 {
    if (this.pending.length == 0) {
      const read = this.input.read(CHUNK);
      if (!read.isOk) {
        this.pushError = read.error;
        return -1;
      }
      this.pending = read.value;
      if (this.pending.length == 0) {
        this.inputDone = true;
        this.process.closeStdin();
        return 0;
      }
    }
    const written = this.process.writeStdin(this.pending);
    if (!written.isOk) {
      this.pushError = written.error;
      return -1;
    }
    const accepted = <i32>written.value;
    this.pending = this.pending.subarray(accepted);
    this.sent += <u64>accepted;
    return <i64>accepted;
  }

  /** Tops the input up until the host's backlog is full (pipe mode). */
  private topUp(): PluginError | null {
    while (!this.inputDone) {
      const accepted = this.push();
      if (accepted < 0) return this.pushError;
      if (accepted == 0) break;
    }
    return null;
  }

  /** Waits until `count` bytes are queued or the output ends. */
  fill(count: i32): PluginError | null {
    while (!this.ended && this.output.length < count) {
      const failed = this.topUp();
      if (failed !== null) return failed;
      const chunk = this.process.readStdout(<u32>max(count - this.output.length, 65536));
      if (!chunk.isOk) return chunk.error;
      if (chunk.value.length == 0) this.ended = true;
      else this.output.push(chunk.value);
    }
    return null;
  }

  /**
   * Reads what comes before the PCM: the optional duration line, then the WAV header (into
   * `header`, consumed). Anything else is the bridge's report of ffmpeg's failure.
   */
  readHeader(header: WaveHeader): PluginError | null {
    for (;;) {
      const failed = this.fill(this.output.length + 1);
      if (failed !== null) return failed;
      if (this.output.length == 0) return this.explainEarlyEnd();
      if (this.output.at(0) != LETTER_R) {
        const taken = this.takeLine();
        if (taken === null) continue;
        const line: string = taken;
        if (!line.startsWith(DURATION_MARK)) return this.explainEarlyEnd(line);
        const seconds = parseFloat(line.substring(DURATION_MARK.length));
        if (isFinite(seconds) && seconds > 0) header.metadata.durationMs = new Some<u64>(<u64>Math.round(seconds * 1000));
        continue;
      }
      const length = parseWaveHeader(this.output, header);
      if (length > 0) {
        this.output.consume(length);
        return header.problem === null ? null : failure(ErrorCode.Internal, header.problem!);
      }
      if (this.ended) return this.explainEarlyEnd();
    }
    return null;
  }

  /**
   * The first line of the output when it is complete (or the output ended), consumed; null
   * when more must be read first.
   */
  private takeLine(): string | null {
    let end = 0;
    while (end < this.output.length && this.output.at(end) != 0x0a) end++;
    if (end == this.output.length && !this.ended) return null;
    const text = String.UTF8.decodeUnsafe(this.output.pointer(), <usize>end);
    this.output.consume(min(end + 1, this.output.length));
    return text;
  }

  /**
   * Why the output ended before a WAV header: ffmpeg missing, or ffmpeg's own error, which
   * the bridge sends in place of the audio.
   */
  explainEarlyEnd(report: string | null = null): PluginError {
    // The bridge exits right after its report: read to the end for the message and exit code.
    this.fill(1 << 16);
    const code = this.process.exitCode();
    const exit = code === null ? -1 : code.value;
    if (exit == EXIT_NO_FFMPEG) {
      return failure(ErrorCode.Unsupported, "ffmpeg is not installed; install it (e.g. `apt install ffmpeg`) to play ." + this.extension + " files");
    }
    if (exit == EXIT_NO_PERL) return failure(ErrorCode.Unsupported, "perl is not installed; the ffmpeg decoder's sidecar needs it (e.g. `apt install perl-base`)");
    if (report !== null && report!.startsWith(ERROR_MARK)) {
      const message = this.takeLine();
      const text = message === null || message!.length == 0 ? "no message" : message!;
      return failure(ErrorCode.CorruptData, "ffmpeg could not decode this ." + this.extension + " file: " + text);
    }
    return failure(ErrorCode.Io, "the ffmpeg sidecar ended (exit code " + exit.toString() + ") before sending any audio");
  }

  /** Stops the sidecar (its bridge exits at the host's stop message, taking ffmpeg along). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.process.drop();
  }

  private disposed: bool = false;
}
