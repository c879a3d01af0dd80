// {{displayName}}: an output sink (world output-sink-plugin) that plays nothing. It queues
// up to `buffer_ms` of audio, pushes back when full (write accepts fewer frames), "plays"
// the queue on drain, and counts every frame. A real sink would hand the audio to a
// device through a sidecar (declare it in plugin.json's permissions).
import { AudioFormat, HotPathSpec, OutputTarget, PluginError } from "./generated/main/output-sink";
import { DisableReason } from "./generated/main/lifecycle";
import { ApplyOutcome, Setting } from "./generated/main/settings";
import { ErrorCode, SettingValueTag } from "./generated/main/types";
import * as log from "./generated/main/log";
import { Result } from "./generated/main/rt";

const TARGET_ID = "counter";
let bufferMs: u32 = 500;

function error(code: ErrorCode, message: string): PluginError {
  const result: PluginError = { code, message };
  return result;
}

export function onEnable(): PluginError | null {
  log.write(log.Level.Info, "{{typeId}} enabled");
  return null;
}

export function onDisable(reason: DisableReason): PluginError | null {
  return null;
}

export function apply(typeId: string, values: Array<Setting>): Result<ApplyOutcome, PluginError> {
  for (let i = 0; i < values.length; i++) {
    const setting = values[i];
    if (setting.key != "buffer_ms") continue;
    if (setting.value.tag != SettingValueTag.Integer || setting.value.integer < 20) {
      return Result.err<ApplyOutcome, PluginError>(error(ErrorCode.InvalidArgument, "buffer_ms must be an integer of at least 20"));
    }
    bufferMs = <u32>setting.value.integer;
  }
  // Open sinks keep their buffer size; new ones get the new one.
  return Result.ok<ApplyOutcome, PluginError>(ApplyOutcome.NeedsRecreate);
}

export function listTargets(): Result<Array<OutputTarget>, PluginError> {
  const target: OutputTarget = { id: TARGET_ID, name: "{{displayName}}", description: "Counts frames, plays nothing", isDefault: true, maxChannels: 8, sampleRates: new Uint32Array(0) };
  return Result.ok<Array<OutputTarget>, PluginError>([target]);
}

export class Sink {
  /** Frames accepted since the sink was opened. */
  written: u64 = 0;
  private queued: u32 = 0;
  private readonly capacity: u32;

  constructor(readonly format: AudioFormat) {
    this.capacity = <u32>((<u64>format.sampleRate * bufferMs) / 1000);
  }

  write(samples: Float32Array): Result<u32, PluginError> {
    const channels = <i32>this.format.channels;
    if (samples.length % channels != 0) return Result.err<u32, PluginError>(error(ErrorCode.InvalidArgument, "a block must hold whole frames"));
    const accepted = min(<u32>(samples.length / channels), this.capacity - this.queued);
    this.queued += accepted;
    this.written += <u64>accepted;
    return Result.ok<u32, PluginError>(accepted);
  }

  drain(): PluginError | null {
    this.queued = 0;
    return null;
  }

  queuedFrames(): u32 {
    return this.queued;
  }

  dispose(): void {
    log.write(log.Level.Info, "closed after " + this.written.toString() + " frames");
  }
}

export function open(typeId: string, targetId: string | null, format: AudioFormat): Result<Sink, PluginError> {
  if (targetId !== null && targetId != TARGET_ID) return Result.err<Sink, PluginError>(error(ErrorCode.NotFound, "no output target " + targetId));
  if (format.channels == 0 || format.channels > 8) return Result.err<Sink, PluginError>(error(ErrorCode.Unsupported, "this output plays 1 to 8 channels"));
  return Result.ok<Sink, PluginError>(new Sink(format));
}

export function describeHotPath(typeId: string, format: AudioFormat, maxFrames: u32): HotPathSpec | null {
  // No kernel: the host calls write() on the component path.
  return null;
}
