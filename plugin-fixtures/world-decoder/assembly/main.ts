// A decoder (world decoder-plugin) for FRAW, a trivial raw format read through the host's
// input-stream:
//   0  "FRAW"             4  u32 sample rate      8  u16 channels
//   10 u16 title length   12 u32 frame count      16 title (UTF-8), then f32 LE samples
import { InputStream, StreamCapabilities } from "./generated/main/host-stream";
import { OpenHint, PluginError, StreamFeatures, StreamInfo, TrackMetadata } from "./generated/main/decoder";
import { DisableReason } from "./generated/main/lifecycle";
import { ApplyOutcome, Setting } from "./generated/main/settings";
import { ErrorCode } from "./generated/main/types";
import * as log from "./generated/main/log";
import { Result, Some } from "./generated/main/rt";

const HEADER_BYTES: u32 = 16;
const MAGIC: u32 = 0x57415246; // "FRAW" read as a little-endian u32

function error(code: ErrorCode, message: string): PluginError {
  const result: PluginError = { code, message };
  return result;
}

export function onEnable(): PluginError | null {
  log.write(log.Level.Info, "FRAW decoder enabled");
  return null;
}

export function onDisable(reason: DisableReason): PluginError | null {
  return null;
}

export function apply(typeId: string, values: Array<Setting>): Result<ApplyOutcome, PluginError> {
  return Result.ok<ApplyOutcome, PluginError>(ApplyOutcome.Applied);
}

export function probe(head: Uint8Array, hint: OpenHint): u8 {
  if (head.length >= 4 && load<u32>(head.dataStart) == MAGIC) return 100;
  const extension = hint.extension;
  return extension !== null && extension == "fraw" ? 10 : 0;
}

/** Reads exactly `count` bytes (fewer only at end of stream). */
function readFully(input: InputStream, count: u32): Result<Uint8Array, PluginError> {
  const out = new Uint8Array(<i32>count);
  let filled: u32 = 0;
  while (filled < count) {
    const chunk = input.read(count - filled);
    if (!chunk.isOk) return chunk;
    const bytes = chunk.value;
    if (bytes.length == 0) break;
    memory.copy(out.dataStart + filled, bytes.dataStart, bytes.length);
    filled += <u32>bytes.length;
  }
  return Result.ok<Uint8Array, PluginError>(filled == count ? out : out.subarray(0, <i32>filled));
}

export class Session {
  private position: u64 = 0;

  constructor(
    private readonly input: InputStream,
    private readonly sampleRate: u32,
    private readonly channels: u16,
    private readonly frames: u64,
    private readonly dataOffset: u64,
    private readonly title: string,
  ) {}

  info(): StreamInfo {
    const seekable = (this.input.capabilities() & StreamCapabilities.Seekable) != 0;
    const result: StreamInfo = {
      sampleRate: this.sampleRate,
      channels: this.channels,
      bitsPerSample: new Some<u8>(32),
      totalFrames: new Some<u64>(this.frames),
      encoderDelay: 0,
      encoderPadding: 0,
      features: StreamFeatures.Gapless | StreamFeatures.Lossless | (seekable ? StreamFeatures.Seekable : StreamFeatures.None),
      codec: "FRAW f32",
    };
    return result;
  }

  metadata(): TrackMetadata {
    const metadata = new TrackMetadata();
    if (this.title.length > 0) metadata.title = this.title;
    metadata.durationMs = new Some<u64>((this.frames * 1000) / <u64>this.sampleRate);
    return metadata;
  }

  read(maxFrames: u32): Result<Float32Array, PluginError> {
    const remaining = this.frames - this.position;
    const frames = <u32>min(<u64>maxFrames, remaining);
    if (frames == 0) return Result.ok<Float32Array, PluginError>(new Float32Array(0));
    const bytes = readFully(this.input, frames * this.channels * 4);
    if (!bytes.isOk) return Result.err<Float32Array, PluginError>(bytes.error);
    const data = bytes.value;
    const whole = data.length / (<i32>this.channels * 4);
    if (whole == 0) return Result.err<Float32Array, PluginError>(error(ErrorCode.CorruptData, "the stream ended before its last frame"));
    const samples = new Float32Array(whole * <i32>this.channels);
    memory.copy(samples.dataStart, data.dataStart, samples.byteLength);
    this.position += <u64>whole;
    return Result.ok<Float32Array, PluginError>(samples);
  }

  seek(frame: u64): Result<u64, PluginError> {
    const target = min(frame, this.frames);
    const failed = this.input.seek(this.dataOffset + target * <u64>this.channels * 4);
    if (failed !== null) return Result.err<u64, PluginError>(failed);
    this.position = target;
    return Result.ok<u64, PluginError>(target);
  }

  /** The host dropped the session: release the stream now. */
  dispose(): void {
    this.input.drop();
  }
}

export function open(input: InputStream, hint: OpenHint): Result<Session, PluginError> {
  const header = readFully(input, HEADER_BYTES);
  if (!header.isOk) return Result.err<Session, PluginError>(header.error);
  const bytes = header.value;
  if (<u32>bytes.length < HEADER_BYTES || load<u32>(bytes.dataStart) != MAGIC) {
    input.drop();
    return Result.err<Session, PluginError>(error(ErrorCode.Unsupported, "not a FRAW stream"));
  }
  const base = bytes.dataStart;
  const sampleRate = load<u32>(base, 4);
  const channels = load<u16>(base, 8);
  const titleBytes = <u32>load<u16>(base, 10);
  const frames = <u64>load<u32>(base, 12);
  if (sampleRate == 0 || channels == 0) {
    input.drop();
    return Result.err<Session, PluginError>(error(ErrorCode.CorruptData, "FRAW header has no sample rate or channels"));
  }
  const titleData = readFully(input, titleBytes);
  if (!titleData.isOk) return Result.err<Session, PluginError>(titleData.error);
  const title = String.UTF8.decodeUnsafe(titleData.value.dataStart, titleData.value.length);
  log.write(log.Level.Debug, "opened FRAW: " + sampleRate.toString() + " Hz, " + channels.toString() + " ch, " + frames.toString() + " frames");
  return Result.ok<Session, PluginError>(new Session(input, sampleRate, channels, frames, <u64>(HEADER_BYTES + titleBytes), title));
}
