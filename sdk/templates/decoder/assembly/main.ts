// {{displayName}}: a decoder (world decoder-plugin) for F32R, a trivial raw format:
//   0 "F32R"   4 u32 sample rate   8 u16 channels   10 u16 zero   12 u32 frame count
//   16 interleaved little-endian f32 samples
// The host hands `open` an input-stream; the session reads from it block by block.
import { InputStream, StreamCapabilities } from "./generated/main/host-stream";
import { OpenHint, PluginError, StreamFeatures, StreamInfo, TrackMetadata } from "./generated/main/decoder";
import { DisableReason } from "./generated/main/lifecycle";
import { ApplyOutcome, Setting } from "./generated/main/settings";
import { ErrorCode, SettingValueTag } from "./generated/main/types";
import * as log from "./generated/main/log";
import { Result, Some } from "./generated/main/rt";

const HEADER_BYTES: u32 = 16;
const MAGIC: u32 = 0x52323346; // "F32R" read as a little-endian u32

let maxBlockFrames: u32 = 4096;

function error(code: ErrorCode, message: string): PluginError {
  const result: PluginError = { code, message };
  return result;
}

export function onEnable(): PluginError | null {
  log.write(log.Level.Info, "{{typeId}} decoder enabled");
  return null;
}

export function onDisable(reason: DisableReason): PluginError | null {
  return null;
}

export function apply(typeId: string, values: Array<Setting>): Result<ApplyOutcome, PluginError> {
  for (let i = 0; i < values.length; i++) {
    const setting = values[i];
    if (setting.key != "max_block_frames") continue;
    if (setting.value.tag != SettingValueTag.Integer || setting.value.integer < 64) {
      return Result.err<ApplyOutcome, PluginError>(error(ErrorCode.InvalidArgument, "max_block_frames must be an integer of at least 64"));
    }
    maxBlockFrames = <u32>setting.value.integer;
  }
  return Result.ok<ApplyOutcome, PluginError>(ApplyOutcome.Applied);
}

export function probe(head: Uint8Array, hint: OpenHint): u8 {
  if (head.length >= 4 && load<u32>(head.dataStart) == MAGIC) return 100;
  const extension = hint.extension;
  return extension !== null && extension == "f32r" ? 10 : 0;
}

/** Reads exactly `count` bytes (fewer only at the end of the stream). */
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
      codec: "F32R",
    };
    return result;
  }

  metadata(): TrackMetadata {
    const metadata = new TrackMetadata();
    metadata.durationMs = new Some<u64>((this.frames * 1000) / <u64>this.sampleRate);
    return metadata;
  }

  read(maxFrames: u32): Result<Float32Array, PluginError> {
    const frames = <u32>min(<u64>min(maxFrames, maxBlockFrames), this.frames - this.position);
    if (frames == 0) return Result.ok<Float32Array, PluginError>(new Float32Array(0));
    const bytes = readFully(this.input, frames * this.channels * 4);
    if (!bytes.isOk) return Result.err<Float32Array, PluginError>(bytes.error);
    const whole = bytes.value.length / (<i32>this.channels * 4);
    if (whole == 0) return Result.err<Float32Array, PluginError>(error(ErrorCode.CorruptData, "the stream ended before its last frame"));
    const samples = new Float32Array(whole * <i32>this.channels);
    memory.copy(samples.dataStart, bytes.value.dataStart, samples.byteLength);
    this.position += <u64>whole;
    return Result.ok<Float32Array, PluginError>(samples);
  }

  seek(frame: u64): Result<u64, PluginError> {
    const target = min(frame, this.frames);
    const failed = this.input.seek(<u64>HEADER_BYTES + target * <u64>this.channels * 4);
    if (failed !== null) return Result.err<u64, PluginError>(failed);
    this.position = target;
    return Result.ok<u64, PluginError>(target);
  }

  /** The host dropped the session: release its stream now. */
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
    return Result.err<Session, PluginError>(error(ErrorCode.Unsupported, "not an F32R stream"));
  }
  const sampleRate = load<u32>(bytes.dataStart, 4);
  const channels = load<u16>(bytes.dataStart, 8);
  const frames = <u64>load<u32>(bytes.dataStart, 12);
  if (sampleRate == 0 || channels == 0) {
    input.drop();
    return Result.err<Session, PluginError>(error(ErrorCode.CorruptData, "the F32R header has no sample rate or channels"));
  }
  return Result.ok<Session, PluginError>(new Session(input, sampleRate, channels, frames));
}
