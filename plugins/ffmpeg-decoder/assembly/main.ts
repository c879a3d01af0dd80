// ffmpeg sidecar decoder (world decoder-plugin): everything the system's ffmpeg decodes.
// The plugin holds only a host input stream, so it sends the stream's bytes to its sidecar
// (bin/ffmpeg-decode, which runs ffmpeg) and reads back float WAV: the header gives the
// rate, channels and tags, the rest is interleaved f32 exactly as ffmpeg decodes it.
// Seeking starts ffmpeg again from the beginning of the input with an output `-ss`, which
// ffmpeg applies sample-exactly.
import { InputStream, StreamCapabilities } from "./generated/main/host-stream";
import { OpenHint, PluginError, StreamFeatures, StreamInfo, TrackMetadata } from "./generated/main/decoder";
import { DisableReason } from "./generated/main/lifecycle";
import { ApplyOutcome, Setting } from "./generated/main/settings";
import { ErrorCode } from "./generated/main/types";
import { Result } from "./generated/main/rt";
import { failure, FfmpegRun } from "./ffmpeg-run";
import { WaveHeader } from "./wave-header";

/** Larger inputs (and live or unknown-length streams) are decoded as they stream, without a spooled copy. */
const SPOOL_LIMIT: u64 = 256 * 1024 * 1024;
const MAX_FRAMES_PER_READ: u32 = 65536;

export function onEnable(): PluginError | null {
  return null;
}

export function onDisable(reason: DisableReason): PluginError | null {
  return null;
}

export function apply(typeId: string, values: Array<Setting>): Result<ApplyOutcome, PluginError> {
  return Result.ok<ApplyOutcome, PluginError>(ApplyOutcome.Applied);
}

/** Content sniffing is left to the extension scores: ffmpeg itself decides at `open`. */
export function probe(head: Uint8Array, hint: OpenHint): u8 {
  return 0;
}

function usesStreamTags(extension: string): bool {
  return extension == "ogg" || extension == "oga" || extension == "opus" || extension == "spx";
}

/** `frame / rate` seconds with microsecond precision, the resolution ffmpeg parses. */
function secondsText(frame: u64, rate: u32): string {
  const micros = (frame * 1_000_000 + <u64>(rate / 2)) / <u64>rate;
  const fraction = (micros % 1_000_000).toString();
  return (micros / 1_000_000).toString() + "." + "000000".substring(fraction.length) + fraction;
}

export class Session {
  private samples: Float32Array = new Float32Array(0);
  /** A seek that could not restart ffmpeg leaves the session without a decoder. */
  private broken: PluginError | null = null;

  constructor(
    private run: FfmpegRun,
    private readonly header: WaveHeader,
    private readonly seekable: bool,
  ) {}

  info(): StreamInfo {
    const result: StreamInfo = {
      sampleRate: this.header.sampleRate,
      channels: this.header.channels,
      bitsPerSample: null,
      totalFrames: null,
      encoderDelay: 0,
      encoderPadding: 0,
      // ffmpeg trims encoder delay and padding itself where the file records them.
      features: this.seekable ? StreamFeatures.Seekable : StreamFeatures.None,
      codec: "ffmpeg " + this.run.extension,
    };
    return result;
  }

  metadata(): TrackMetadata {
    return this.header.metadata;
  }

  read(maxFrames: u32): Result<Float32Array, PluginError> {
    if (this.broken !== null) return Result.err<Float32Array, PluginError>(this.broken!);
    const frameBytes = <i32>this.header.channels * 4;
    const wanted = <i32>min(maxFrames, MAX_FRAMES_PER_READ) * frameBytes;
    const failed = this.run.fill(wanted);
    if (failed !== null) return Result.err<Float32Array, PluginError>(failed);
    const output = this.run.output;
    const bytes = min(wanted, output.length - (output.length % frameBytes));
    const count = bytes >> 2;
    if (this.samples.length != count) this.samples = new Float32Array(count);
    memory.copy(this.samples.dataStart, output.pointer(), <usize>bytes);
    output.consume(bytes);
    return Result.ok<Float32Array, PluginError>(this.samples);
  }

  seek(frame: u64): Result<u64, PluginError> {
    if (!this.seekable) return Result.err<u64, PluginError>(failure(ErrorCode.Unsupported, "this stream cannot seek (it is live or not seekable)"));
    const input = this.run.input;
    const moved = input.seek(0);
    if (moved !== null) return Result.err<u64, PluginError>(moved);
    const previous = this.run;
    previous.dispose();
    const started = startRun(input, previous.fileMode, secondsText(frame, this.header.sampleRate), previous.extension, new WaveHeader());
    if (!started.isOk) {
      this.broken = started.error;
      return Result.err<u64, PluginError>(started.error);
    }
    this.broken = null;
    this.run = started.value;
    return Result.ok<u64, PluginError>(frame);
  }

  /** The host dropped the session: stop ffmpeg and release the stream. */
  dispose(): void {
    this.run.dispose();
    this.run.input.drop();
  }
}

/** Spawns ffmpeg, sends it the input, and reads the WAV header into `header`. */
function startRun(input: InputStream, fileMode: bool, startSeconds: string, extension: string, header: WaveHeader): Result<FfmpegRun, PluginError> {
  const spawned = FfmpegRun.spawn(input, fileMode, startSeconds, usesStreamTags(extension), extension);
  if (!spawned.isOk) return spawned;
  const run = spawned.value;
  let failed = run.start();
  if (failed === null) failed = run.readHeader(header);
  if (failed !== null) {
    run.dispose();
    return Result.err<FfmpegRun, PluginError>(failed);
  }
  return Result.ok<FfmpegRun, PluginError>(run);
}

export function open(input: InputStream, hint: OpenHint): Result<Session, PluginError> {
  const extension = hint.extension === null ? "audio" : hint.extension!;
  const capabilities = input.capabilities();
  const length = input.length();
  const seekable = (capabilities & StreamCapabilities.Seekable) != 0 && (capabilities & StreamCapabilities.Live) == 0;
  const fileMode = seekable && length !== null && length!.value <= SPOOL_LIMIT;
  const header = new WaveHeader();
  const started = startRun(input, fileMode, "0", extension, header);
  if (!started.isOk) {
    input.drop();
    return Result.err<Session, PluginError>(started.error);
  }
  return Result.ok<Session, PluginError>(new Session(started.value, header, seekable));
}
