// WAV and AIFF decoder (world decoder-plugin): uncompressed PCM and float in RIFF WAVE,
// RF64/BW64, AIFF and AIFF-C, read through the host's input-stream and converted to f32
// exactly as ffmpeg converts them.
import { InputStream } from "./generated/main/host-stream";
import { OpenHint, PluginError, StreamFeatures, StreamInfo, TrackMetadata } from "./generated/main/decoder";
import { DisableReason } from "./generated/main/lifecycle";
import { ApplyOutcome, Setting } from "./generated/main/settings";
import { ErrorCode } from "./generated/main/types";
import * as log from "./generated/main/log";
import { Result, Some } from "./generated/main/rt";
import { ChunkWalker } from "./chunks";
import { isAiff, isFormMagic, parseAiff } from "./aiff";
import { convert, Layout } from "./pcm";
import { ByteReader } from "./reader";
import { pluginError } from "./text";
import { isRiffMagic, isWav, parseWav } from "./wav";

/** At most this many samples leave one `read` (4 MiB of f32): bounded memory per call. */
const MAX_SAMPLES_PER_READ: i32 = 1 << 20;

export function onEnable(): PluginError | null {
  return null;
}

export function onDisable(reason: DisableReason): PluginError | null {
  return null;
}

export function apply(typeId: string, values: Array<Setting>): Result<ApplyOutcome, PluginError> {
  return Result.ok<ApplyOutcome, PluginError>(ApplyOutcome.Applied);
}

function knownExtension(extension: string | null): bool {
  if (extension === null) return false;
  return extension == "wav" || extension == "wave" || extension == "aif" || extension == "aiff" || extension == "aifc";
}

export function probe(head: Uint8Array, hint: OpenHint): u8 {
  if (isWav(head.dataStart, head.length) || isAiff(head.dataStart, head.length)) return 100;
  return knownExtension(hint.extension) ? 10 : 0;
}

export class Session {
  private position: u64 = 0;
  private output: Float32Array = new Float32Array(0);
  private truncationLogged: bool = false;

  constructor(
    private readonly reader: ByteReader,
    private readonly layout: Layout,
    /** Frames in the stream; `u64.MAX_VALUE` when only the end of the stream tells. */
    private readonly frames: u64,
  ) {}

  info(): StreamInfo {
    const layout = this.layout;
    const result: StreamInfo = {
      sampleRate: layout.sampleRate,
      channels: layout.channels,
      bitsPerSample: new Some<u8>(layout.validBits),
      totalFrames: this.frames == u64.MAX_VALUE ? null : new Some<u64>(this.frames),
      encoderDelay: 0,
      encoderPadding: 0,
      features: StreamFeatures.Gapless | StreamFeatures.Lossless | (this.reader.seekable ? StreamFeatures.Seekable : StreamFeatures.None),
      codec: layout.codecName(),
    };
    return result;
  }

  metadata(): TrackMetadata {
    const metadata = this.layout.metadata;
    if (this.frames != u64.MAX_VALUE) metadata.durationMs = new Some<u64>((this.frames * 1000) / <u64>this.layout.sampleRate);
    return metadata;
  }

  read(maxFrames: u32): Result<Float32Array, PluginError> {
    const channels = <i32>this.layout.channels;
    const blockAlign = this.layout.blockAlign;
    const frames = <i32>min(min(<u64>maxFrames, <u64>(MAX_SAMPLES_PER_READ / channels)), this.frames - this.position);
    if (frames == 0) return Result.ok<Float32Array, PluginError>(new Float32Array(0));
    const failed = this.reader.fill(frames * blockAlign);
    if (failed !== null) return Result.err<Float32Array, PluginError>(failed);
    const whole = min(frames, this.reader.available() / blockAlign);
    if (whole == 0) {
      this.noteTruncation();
      return Result.ok<Float32Array, PluginError>(new Float32Array(0));
    }
    const samples = whole * channels;
    // One buffer for the session: the host copies the result out before the next call.
    if (this.output.length < samples) this.output = new Float32Array(samples);
    convert(this.layout, this.reader.pointer(), this.output.dataStart, samples);
    this.reader.consume(whole * blockAlign);
    this.position += <u64>whole;
    return Result.ok<Float32Array, PluginError>(this.output.length == samples ? this.output : this.output.subarray(0, samples));
  }

  private noteTruncation(): void {
    if (this.frames == u64.MAX_VALUE || this.truncationLogged) return;
    this.truncationLogged = true;
    const missing = this.frames - this.position;
    log.write(log.Level.Warn, this.layout.container + ": the stream ended " + missing.toString() + " frames before the length its header declares");
  }

  seek(frame: u64): Result<u64, PluginError> {
    const target = min(frame, this.frames);
    const layout = this.layout;
    if (!this.reader.seekable && target < this.position) {
      return Result.err<u64, PluginError>(pluginError(ErrorCode.Unsupported, "this stream cannot seek backwards (it is not seekable)"));
    }
    const failed = this.reader.seekable
      ? this.reader.seekTo(layout.dataOffset + target * <u64>layout.blockAlign)
      : this.reader.skip((target - this.position) * <u64>layout.blockAlign);
    if (failed !== null) return Result.err<u64, PluginError>(failed);
    this.position = target;
    return Result.ok<u64, PluginError>(target);
  }

  /** The host dropped the session: release the stream now. */
  dispose(): void {
    this.reader.input.drop();
  }
}

/** Frames the stream holds: the smallest of what the header declares and what is there. */
function frameCount(reader: ByteReader, layout: Layout): u64 {
  const blockAlign = <u64>layout.blockAlign;
  let frames = layout.declaredFrames;
  if (layout.dataBytes != u64.MAX_VALUE) frames = min(frames, layout.dataBytes / blockAlign);
  if (reader.lengthKnown) frames = min(frames, reader.length > layout.dataOffset ? (reader.length - layout.dataOffset) / blockAlign : 0);
  return frames;
}

function refuse(input: InputStream, code: ErrorCode, message: string): Result<Session, PluginError> {
  input.drop();
  return Result.err<Session, PluginError>(pluginError(code, message));
}

export function open(input: InputStream, hint: OpenHint): Result<Session, PluginError> {
  const reader = new ByteReader(input);
  const failed = reader.fill(12);
  if (failed !== null) {
    input.drop();
    return Result.err<Session, PluginError>(failed);
  }
  const at = reader.pointer();
  const length = reader.available();
  const layout = new Layout();
  let walker: ChunkWalker;
  if (isWav(at, length)) walker = parseWav(reader, layout);
  else if (isAiff(at, length)) walker = parseAiff(reader, layout);
  else if (length < 12 && (isRiffMagic(at, length) || isFormMagic(at, length))) return refuse(input, ErrorCode.CorruptData, "the file ends inside its WAV/AIFF header; it is truncated");
  else return refuse(input, ErrorCode.Unsupported, "not a WAV or AIFF file (no RIFF/WAVE or FORM/AIFF header)");
  const error = walker.error;
  if (error !== null) {
    input.drop();
    return Result.err<Session, PluginError>(error);
  }
  reader.startAudio();
  return Result.ok<Session, PluginError>(new Session(reader, layout, frameCount(reader, layout)));
}
