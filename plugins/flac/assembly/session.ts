// A decoding session: frames → interleaved f32, across frame boundaries, with exact seeks.
import { PluginError, StreamFeatures, StreamInfo, TrackMetadata } from "./generated/main/decoder";
import { ErrorCode } from "./generated/main/types";
import { Result, Some } from "./generated/main/rt";
import { FRAME_END, FRAME_ERROR, FRAME_OK, FrameDecoder } from "./frame";
import { StreamHeader } from "./metadata";
import { frameAtOrAfter, locate, SCAN_BYTES } from "./seek";
import { pluginError, Source } from "./source";

/** Largest read served at once (the host may ask for more; fewer is allowed). */
const MAX_READ_FRAMES: u32 = 65536;

export class Session {
  private readonly decoder: FrameDecoder;
  /** Interleaved output, reused by every read. */
  private output: Float32Array = new Float32Array(0);
  private readonly scale: f32;
  private readonly channels: u32;
  /** First sample of the decoded frame, its length and how much of it was returned. */
  private frameStart: u64 = 0;
  private frameLength: u32 = 0;
  private frameOffset: u32 = 0;
  /** An error met after some samples were returned, reported by the next read. */
  private pending: PluginError | null = null;

  constructor(
    private readonly source: Source,
    private readonly stream: StreamHeader,
  ) {
    this.decoder = new FrameDecoder(stream.params);
    this.channels = stream.params.channels;
    this.scale = <f32>(1.0 / <f64>(<u64>1 << (stream.params.bitsPerSample - 1)));
  }

  info(): StreamInfo {
    const params = this.stream.params;
    const result: StreamInfo = {
      sampleRate: params.sampleRate,
      channels: <u16>params.channels,
      bitsPerSample: new Some<u8>(<u8>params.bitsPerSample),
      totalFrames: params.totalSamples > 0 ? new Some<u64>(params.totalSamples) : null,
      encoderDelay: 0,
      encoderPadding: 0,
      features: StreamFeatures.Gapless | StreamFeatures.Lossless | (this.source.seekable ? StreamFeatures.Seekable : StreamFeatures.None),
      codec: "FLAC",
    };
    return result;
  }

  metadata(): TrackMetadata {
    return this.stream.metadata;
  }

  private get position(): u64 {
    return this.frameStart + <u64>this.frameOffset;
  }

  private get atKnownEnd(): bool {
    const total = this.stream.params.totalSamples;
    return total > 0 && this.frameStart + <u64>this.frameLength >= total;
  }

  /** Decodes the next frame; FRAME_OK, FRAME_END, or an error in `pending`. */
  private nextFrame(): i32 {
    if (this.atKnownEnd) return FRAME_END;
    const expected = this.frameStart + <u64>this.frameLength;
    const status = this.decoder.decode(this.source);
    if (status == FRAME_OK) {
      // Sequential frames continue where the last one ended (the position is what was
      // returned); header sample numbers only place the first frame after a seek.
      this.frameStart = expected;
      this.frameLength = this.decoder.header.blockSize;
      this.frameOffset = 0;
      return FRAME_OK;
    }
    if (status == FRAME_ERROR) this.pending = pluginError(ErrorCode.CorruptData, this.decoder.message);
    else if (status == FRAME_END && this.stream.params.totalSamples > expected) {
      this.pending = pluginError(ErrorCode.CorruptData, "the file ends after " + expected.toString() + " of its " + this.stream.params.totalSamples.toString() + " samples (it is truncated)");
    } else if (status != FRAME_END) {
      const rejected = this.decoder.header.rejected;
      const where = this.source.offset.toString();
      const message = rejected.length > 0 ? "the frame at byte " + where + " is corrupt: " + rejected : "expected a FLAC frame at byte " + where + " but found other data (the file is corrupt)";
      this.pending = pluginError(ErrorCode.CorruptData, message);
    }
    return this.pending !== null ? FRAME_ERROR : FRAME_END;
  }

  read(maxFrames: u32): Result<Float32Array, PluginError> {
    const limit = min(maxFrames, MAX_READ_FRAMES);
    if (<u32>this.output.length < limit * this.channels) this.output = new Float32Array(<i32>(limit * this.channels));
    let filled: u32 = 0;
    while (filled < limit && this.pending === null) {
      if (this.frameOffset == this.frameLength && this.nextFrame() != FRAME_OK) break;
      const count = min(this.frameLength - this.frameOffset, limit - filled);
      this.convert(filled, count);
      this.frameOffset += count;
      filled += count;
    }
    const failure = this.pending;
    if (failure !== null && filled == 0) {
      this.pending = null;
      return Result.err<Float32Array, PluginError>(failure);
    }
    return Result.ok<Float32Array, PluginError>(this.output.subarray(0, <i32>(filled * this.channels)));
  }

  /** Interleaves `count` samples of every channel into the output at frame `at`, as f32. */
  private convert(at: u32, count: u32): void {
    const channels = this.channels;
    const stride = <usize>channels << 2;
    const scale = this.scale;
    for (let c: u32 = 0; c < channels; c++) {
      let from = this.decoder.channel(c) + (<usize>this.frameOffset << 3);
      const end = from + (<usize>count << 3);
      let to = this.output.dataStart + ((<usize>at * <usize>channels + <usize>c) << 2);
      for (; from < end; from += 8) {
        store<f32>(to, <f32>load<i64>(from) * scale);
        to += stride;
      }
    }
  }

  seek(frame: u64): Result<u64, PluginError> {
    this.pending = null;
    const total = this.stream.params.totalSamples;
    const target = total > 0 ? min(frame, total) : frame;
    if (total > 0 && target == total) return this.finishSeek(target);
    if (this.source.seekable) {
      const failure = this.startNear(target);
      if (failure !== null) return this.failed(failure);
    } else if (target < this.position) {
      return Result.err<u64, PluginError>(pluginError(ErrorCode.Unsupported, "cannot seek backwards: the stream is not seekable"));
    }
    return this.decodeUntil(target);
  }

  /**
   * Decodes the first frame at or before `target` that `locate` finds (bisecting without
   * the SEEKTABLE when a seek point proved wrong) and makes it the current frame.
   */
  private startNear(target: u64): PluginError | null {
    let start = locate(this.source, this.decoder, this.stream, target, true);
    let found = frameAtOrAfter(this.source, this.decoder, start.offset, start.offset + SCAN_BYTES);
    if ((found === null || found.sample > target) && start.offset > this.stream.firstFrame) {
      start = locate(this.source, this.decoder, this.stream, target, false);
      found = frameAtOrAfter(this.source, this.decoder, start.offset, start.offset + SCAN_BYTES);
    }
    if (found === null) {
      const failure = this.source.failure;
      return failure !== null ? failure : pluginError(ErrorCode.CorruptData, "no valid FLAC frame found near sample " + target.toString() + " (the file is corrupt)");
    }
    this.frameStart = this.decoder.header.firstSample;
    this.frameLength = this.decoder.header.blockSize;
    this.frameOffset = 0;
    return null;
  }

  /** Decodes forward until the frame holding `target` and positions inside it. */
  private decodeUntil(target: u64): Result<u64, PluginError> {
    while (true) {
      if (this.frameOffset < this.frameLength && target < this.frameStart + <u64>this.frameLength) {
        this.frameOffset = <u32>(max(target, this.frameStart) - this.frameStart);
        return Result.ok<u64, PluginError>(this.position);
      }
      this.frameOffset = this.frameLength;
      const status = this.nextFrame();
      if (status == FRAME_END) return Result.ok<u64, PluginError>(this.position);
      if (status != FRAME_OK) return this.failed(this.pending);
    }
  }

  private finishSeek(total: u64): Result<u64, PluginError> {
    this.frameStart = total;
    this.frameLength = 0;
    this.frameOffset = 0;
    return Result.ok<u64, PluginError>(total);
  }

  private failed(error: PluginError | null): Result<u64, PluginError> {
    this.pending = null;
    return Result.err<u64, PluginError>(error !== null ? error : pluginError(ErrorCode.Io, "seeking in the file failed"));
  }

  /** The host dropped the session: release the stream now. */
  dispose(): void {
    this.source.input.drop();
  }
}
