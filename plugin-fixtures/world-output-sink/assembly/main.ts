// An output sink (world output-sink-plugin) that plays nothing: it queues up to one second
// of frames, "plays" them on drain, and counts every frame written.
import { AudioFormat, HotPathSpec, OutputTarget, PluginError } from "./generated/main/output-sink";
import { DisableReason } from "./generated/main/lifecycle";
import { ApplyOutcome, Setting } from "./generated/main/settings";
import { ErrorCode } from "./generated/main/types";
import * as log from "./generated/main/log";
import { Result } from "./generated/main/rt";

function error(code: ErrorCode, message: string): PluginError {
  const result: PluginError = { code, message };
  return result;
}

function target(id: string, name: string, isDefault: bool, rates: Array<u32>): OutputTarget {
  const result: OutputTarget = { id, name, description: "Counts frames, plays nothing", isDefault, maxChannels: 8, sampleRates: Uint32Array.wrap(rates.slice(0).buffer) };
  return result;
}

function targets(): Array<OutputTarget> {
  return [target("null", "Null output", true, []), target("null-48k", "Null output (48 kHz only)", false, [48000])];
}

export function onEnable(): PluginError | null {
  log.write(log.Level.Info, "counting sink enabled");
  return null;
}

export function onDisable(reason: DisableReason): PluginError | null {
  return null;
}

export function apply(typeId: string, values: Array<Setting>): Result<ApplyOutcome, PluginError> {
  return Result.ok<ApplyOutcome, PluginError>(ApplyOutcome.Applied);
}

export function listTargets(): Result<Array<OutputTarget>, PluginError> {
  return Result.ok<Array<OutputTarget>, PluginError>(targets());
}

export class Sink {
  /** Frames accepted since the sink was opened. */
  written: u64 = 0;
  private queued: u32 = 0;

  constructor(readonly targetId: string, readonly format: AudioFormat) {}

  write(samples: Float32Array): Result<u32, PluginError> {
    const channels = <i32>this.format.channels;
    if (samples.length % channels != 0) return Result.err<u32, PluginError>(error(ErrorCode.InvalidArgument, "samples are not a whole number of frames"));
    const frames = <u32>(samples.length / channels);
    const accepted = min(frames, this.format.sampleRate - this.queued);
    this.queued += accepted;
    this.written += <u64>accepted;
    return Result.ok<u32, PluginError>(accepted);
  }

  drain(): PluginError | null {
    this.queued = 0;
    log.write(log.Level.Debug, "drained; " + this.written.toString() + " frames written to " + this.targetId);
    return null;
  }

  queuedFrames(): u32 {
    return this.queued;
  }

  dispose(): void {
    log.write(log.Level.Info, "closed " + this.targetId + " after " + this.written.toString() + " frames");
  }
}

export function open(typeId: string, targetId: string | null, format: AudioFormat): Result<Sink, PluginError> {
  const all = targets();
  const wanted = targetId === null ? "null" : targetId;
  for (let i = 0; i < all.length; i++) {
    const candidate = all[i];
    if (candidate.id != wanted) continue;
    if (candidate.sampleRates.length > 0 && !candidate.sampleRates.includes(format.sampleRate)) {
      return Result.err<Sink, PluginError>(error(ErrorCode.Unsupported, wanted + " does not play " + format.sampleRate.toString() + " Hz"));
    }
    if (format.channels == 0 || format.channels > candidate.maxChannels) return Result.err<Sink, PluginError>(error(ErrorCode.Unsupported, "unsupported channel count"));
    return Result.ok<Sink, PluginError>(new Sink(wanted, format));
  }
  return Result.err<Sink, PluginError>(error(ErrorCode.NotFound, "no output target " + wanted));
}

export function describeHotPath(typeId: string, format: AudioFormat, maxFrames: u32): HotPathSpec | null {
  return null;
}
