// An output sink for engine tests (world output-sink-plugin). It plays nothing; it takes
// at most 300 frames per write and refuses every third write outright (the host must
// retry the rest), and keeps an FNV-1a hash over the bits of every sample it accepted,
// logged on drain, so a test can tell that no frame was lost or repeated. Its `trap`,
// `error` and `hang` targets fail on their 20th write, the way a broken plugin would.
import { AudioFormat, HotPathSpec, OutputTarget, PluginError } from "./generated/main/output-sink";
import { DisableReason } from "./generated/main/lifecycle";
import { ApplyOutcome, Setting } from "./generated/main/settings";
import { ErrorCode } from "./generated/main/types";
import * as log from "./generated/main/log";
import { Result } from "./generated/main/rt";

const MAX_FRAMES_PER_WRITE: u32 = 300;
const FAILING_WRITE: u32 = 20;
const FNV_OFFSET: u32 = 0x811c9dc5;
const FNV_PRIME: u32 = 16777619;

function error(code: ErrorCode, message: string): PluginError {
  const result: PluginError = { code, message };
  return result;
}

function target(id: string, isDefault: bool): OutputTarget {
  const result: OutputTarget = { id, name: "Faulty sink (" + id + ")", description: null, isDefault, maxChannels: 8, sampleRates: new Uint32Array(0) };
  return result;
}

export function onEnable(): PluginError | null {
  return null;
}

export function onDisable(reason: DisableReason): PluginError | null {
  return null;
}

export function apply(typeId: string, values: Array<Setting>): Result<ApplyOutcome, PluginError> {
  return Result.ok<ApplyOutcome, PluginError>(ApplyOutcome.Applied);
}

export function listTargets(): Result<Array<OutputTarget>, PluginError> {
  return Result.ok<Array<OutputTarget>, PluginError>([target("steady", true), target("trap", false), target("error", false), target("hang", false)]);
}

export class Sink {
  private frames: u64 = 0;
  private hash: u32 = FNV_OFFSET;
  private writes: u32 = 0;

  constructor(readonly targetId: string, readonly format: AudioFormat) {}

  write(samples: Float32Array): Result<u32, PluginError> {
    this.writes++;
    if (this.writes == FAILING_WRITE) {
      if (this.targetId == "trap") unreachable();
      if (this.targetId == "error") return Result.err<u32, PluginError>(error(ErrorCode.Io, "the faulty sink lost its device"));
      if (this.targetId == "hang") while (true) {}
    }
    if (this.writes % 3 == 0) return Result.ok<u32, PluginError>(0);
    const channels = <u32>this.format.channels;
    const frames = min(<u32>samples.length / channels, MAX_FRAMES_PER_WRITE);
    const count = <i32>(frames * channels);
    let hash = this.hash;
    for (let index = 0; index < count; index++) hash = (hash ^ reinterpret<u32>(unchecked(samples[index]))) * FNV_PRIME;
    this.hash = hash;
    this.frames += <u64>frames;
    return Result.ok<u32, PluginError>(frames);
  }

  drain(): PluginError | null {
    log.write(log.Level.Info, "received " + this.frames.toString() + " frames, fnv " + this.hash.toString());
    return null;
  }

  queuedFrames(): u32 {
    return 0;
  }

  dispose(): void {}
}

export function open(typeId: string, targetId: string | null, format: AudioFormat): Result<Sink, PluginError> {
  const wanted = targetId === null ? "steady" : targetId;
  if (wanted != "steady" && wanted != "trap" && wanted != "error" && wanted != "hang") return Result.err<Sink, PluginError>(error(ErrorCode.NotFound, "no output target " + wanted));
  if (format.channels == 0) return Result.err<Sink, PluginError>(error(ErrorCode.Unsupported, "no channels"));
  return Result.ok<Sink, PluginError>(new Sink(wanted, format));
}

export function describeHotPath(typeId: string, format: AudioFormat, maxFrames: u32): HotPathSpec | null {
  return null;
}
