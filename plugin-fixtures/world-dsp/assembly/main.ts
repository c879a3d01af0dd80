// A gain effect (world dsp-plugin): multiplies every sample by a factor set from `gain_db`.
import { AudioFormat, HotPathSpec, PluginError } from "./generated/main/dsp";
import { DisableReason } from "./generated/main/lifecycle";
import { ApplyOutcome, Setting } from "./generated/main/settings";
import { ErrorCode, SettingValueTag } from "./generated/main/types";
import * as log from "./generated/main/log";
import { Result } from "./generated/main/rt";

const TYPE_ID = "gain";

/** Linear factor applied by processors created from now on (and by live ones, see apply). */
let gain: f32 = 1.0;

function error(code: ErrorCode, message: string): PluginError {
  const result: PluginError = { code, message };
  return result;
}

export function onEnable(): PluginError | null {
  log.write(log.Level.Info, "gain fixture enabled");
  return null;
}

export function onDisable(reason: DisableReason): PluginError | null {
  log.write(log.Level.Debug, "gain fixture disabled (reason " + (<i32>reason).toString() + ")");
  return null;
}

export function apply(typeId: string, values: Array<Setting>): Result<ApplyOutcome, PluginError> {
  if (typeId != TYPE_ID) return Result.err<ApplyOutcome, PluginError>(error(ErrorCode.Unsupported, "unknown ability " + typeId));
  for (let i = 0; i < values.length; i++) {
    const setting = values[i];
    if (setting.key != "gain_db") continue;
    const value = setting.value;
    let db: f64 = 0;
    if (value.tag == SettingValueTag.Number) db = value.number;
    else if (value.tag == SettingValueTag.Integer) db = <f64>value.integer;
    else return Result.err<ApplyOutcome, PluginError>(error(ErrorCode.InvalidArgument, "gain_db must be a number"));
    gain = <f32>Math.pow(10, db / 20);
  }
  return Result.ok<ApplyOutcome, PluginError>(ApplyOutcome.Applied);
}

/** Processors created and not yet released: the host's drop must bring this back down. */
let liveProcessors: i32 = 0;

export class Processor {
  private output: Float32Array;

  constructor(readonly channels: u16, maxFrames: u32) {
    this.output = new Float32Array(<i32>(maxFrames * channels));
    liveProcessors++;
  }

  /** Called by the generated `[dtor]processor` when the host drops the resource. */
  dispose(): void {
    liveProcessors--;
    log.write(log.Level.Debug, "processor released, " + liveProcessors.toString() + " live");
  }

  process(input: Float32Array): Result<Float32Array, PluginError> {
    if (input.length % <i32>this.channels != 0) {
      return Result.err<Float32Array, PluginError>(error(ErrorCode.InvalidArgument, "block is not a whole number of frames"));
    }
    // Reuse one output buffer per processor: no allocation per block of the usual size.
    if (input.length > this.output.length) this.output = new Float32Array(input.length);
    const out = input.length == this.output.length ? this.output : this.output.subarray(0, input.length);
    const factor = gain;
    const count = input.length;
    for (let i = 0; i < count; i++) unchecked((out[i] = unchecked(input[i]) * factor));
    return Result.ok<Float32Array, PluginError>(out);
  }

  reset(): void {}

  latencyFrames(): u32 {
    return 0;
  }
}

export function create(typeId: string, format: AudioFormat, maxFrames: u32): Result<Processor, PluginError> {
  if (typeId != TYPE_ID) return Result.err<Processor, PluginError>(error(ErrorCode.Unsupported, "unknown ability " + typeId));
  if (format.channels == 0) return Result.err<Processor, PluginError>(error(ErrorCode.InvalidArgument, "a stream needs at least one channel"));
  return Result.ok<Processor, PluginError>(new Processor(format.channels, maxFrames));
}

export function describeHotPath(typeId: string, format: AudioFormat, maxFrames: u32): HotPathSpec | null {
  return null;
}
