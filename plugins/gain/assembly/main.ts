// Fugue's gain and balance effect (world dsp-plugin). Settings become one factor per
// channel; the component path and the hot-path kernel (kernels/gain.ts) apply them with
// the same code (gain-filter.ts).
import { AudioFormat, HotPathSpec, PluginError } from "./generated/main/dsp";
import { DisableReason } from "./generated/main/lifecycle";
import { ApplyOutcome, Setting } from "./generated/main/settings";
import { ErrorCode, SettingValue, SettingValueTag } from "./generated/main/types";
import { Result } from "./generated/main/rt";
import { gainKernel } from "./generated/kernels";
import { gainInitDataBytes, gainPrepare, gainPreparedBytes, gainProcess, GAIN_MAX_CHANNELS } from "./gain-filter";

const TYPE_ID = "gain";

let gainDb: f64 = 0;
let balance: f64 = 0;
let invert = false;

function error(code: ErrorCode, message: string): PluginError {
  const result: PluginError = { code, message };
  return result;
}

export function onEnable(): PluginError | null {
  return null;
}

export function onDisable(reason: DisableReason): PluginError | null {
  return null;
}

function numberOf(value: SettingValue): f64 {
  if (value.tag == SettingValueTag.Number) return value.number;
  if (value.tag == SettingValueTag.Integer) return <f64>value.integer;
  return NaN;
}

/** Applies one setting; an error message, or null. */
function applySetting(setting: Setting): string | null {
  if (setting.key == "invert_polarity") {
    if (setting.value.tag != SettingValueTag.Boolean) return "invert_polarity must be true or false";
    invert = setting.value.boolean;
    return null;
  }
  const number = numberOf(setting.value);
  if (setting.key == "gain_db") {
    if (!isFinite(number) || number > 24) return "gain_db must be a number up to 24";
    gainDb = number;
  } else if (setting.key == "balance") {
    if (!(number >= -1 && number <= 1)) return "balance must be between -1 (left) and 1 (right)";
    balance = number;
  } else return "unknown setting " + setting.key;
  return null;
}

export function apply(typeId: string, values: Array<Setting>): Result<ApplyOutcome, PluginError> {
  if (typeId != TYPE_ID) return Result.err<ApplyOutcome, PluginError>(error(ErrorCode.Unsupported, "unknown ability " + typeId));
  for (let i = 0; i < values.length; i++) {
    const problem = applySetting(values[i]);
    if (problem !== null) return Result.err<ApplyOutcome, PluginError>(error(ErrorCode.InvalidArgument, problem));
  }
  return Result.ok<ApplyOutcome, PluginError>(ApplyOutcome.NeedsRecreate);
}

/** Init data: the channel count, then each channel's factor (balance moves front left/right). */
function initData(channels: u32): Uint8Array {
  const data = new Uint8Array(<i32>gainInitDataBytes(channels));
  store<u32>(data.dataStart, channels);
  const level = Math.pow(10, gainDb / 20) * (invert ? -1.0 : 1.0);
  for (let channel: u32 = 0; channel < channels; channel++) {
    let factor = level;
    if (channels >= 2 && channel == 0 && balance > 0) factor *= 1 - balance;
    if (channels >= 2 && channel == 1 && balance < 0) factor *= 1 + balance;
    store<f32>(data.dataStart + 4 + (<usize>channel << 2), <f32>factor);
  }
  return data;
}

export class Processor {
  private output: Float32Array;
  private readonly stateBuffer: Uint8Array;
  private readonly state: usize;

  constructor(readonly channels: u32, maxFrames: u32) {
    this.output = new Float32Array(<i32>(maxFrames * channels));
    this.stateBuffer = new Uint8Array(<i32>gainPreparedBytes(channels) + 16);
    this.state = (this.stateBuffer.dataStart + 15) & ~(<usize>15);
    const data = initData(channels);
    gainPrepare(this.state, data.dataStart, <u32>data.length, channels);
  }

  dispose(): void {}

  process(input: Float32Array): Result<Float32Array, PluginError> {
    if (input.length % <i32>this.channels != 0) {
      return Result.err<Float32Array, PluginError>(error(ErrorCode.InvalidArgument, "block is not a whole number of frames"));
    }
    if (input.length > this.output.length) this.output = new Float32Array(input.length);
    const out = input.length == this.output.length ? this.output : this.output.subarray(0, input.length);
    gainProcess(this.state, input.dataStart, out.dataStart, <u32>input.length / this.channels);
    return Result.ok<Float32Array, PluginError>(out);
  }

  reset(): void {}

  latencyFrames(): u32 {
    return 0;
  }
}

function checkFormat(typeId: string, format: AudioFormat): PluginError | null {
  if (typeId != TYPE_ID) return error(ErrorCode.Unsupported, "unknown ability " + typeId);
  if (format.channels == 0 || <u32>format.channels > GAIN_MAX_CHANNELS) return error(ErrorCode.Unsupported, "the gain handles 1 to 32 channels");
  return null;
}

export function create(typeId: string, format: AudioFormat, maxFrames: u32): Result<Processor, PluginError> {
  const problem = checkFormat(typeId, format);
  if (problem !== null) return Result.err<Processor, PluginError>(problem);
  return Result.ok<Processor, PluginError>(new Processor(format.channels, maxFrames));
}

export function describeHotPath(typeId: string, format: AudioFormat, maxFrames: u32): HotPathSpec | null {
  if (checkFormat(typeId, format) !== null) return null;
  const spec = new HotPathSpec();
  spec.abiVersion = 1;
  spec.module = gainKernel();
  // The kernel aligns its 16-byte context up to 16 bytes, then the prepared factors.
  spec.heapBytes = 15 + 16 + gainPreparedBytes(format.channels);
  spec.initData = initData(format.channels);
  return spec;
}
