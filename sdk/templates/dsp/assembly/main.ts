// {{displayName}}: a gain effect (world dsp-plugin). The host runs the hot-path kernel
// (kernels/gain.ts) on the audio thread when it can and calls `process` otherwise; both
// use applyGain (gain.ts), so they give the same samples.
import { AudioFormat, HotPathSpec, PluginError } from "./generated/main/dsp";
import { DisableReason } from "./generated/main/lifecycle";
import { ApplyOutcome, Setting } from "./generated/main/settings";
import { ErrorCode, SettingValueTag } from "./generated/main/types";
import * as log from "./generated/main/log";
import { Result } from "./generated/main/rt";
import { gainKernel } from "./generated/kernels";
import { applyGain } from "./gain";

const TYPE_ID = "{{typeId}}";
/** What the kernel needs above the heap base: alignment slack plus its context. */
const KERNEL_HEAP_BYTES: u32 = 15 + 20;

let factor: f32 = 1.0;

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
  if (typeId != TYPE_ID) return Result.err<ApplyOutcome, PluginError>(error(ErrorCode.Unsupported, "unknown ability " + typeId));
  for (let i = 0; i < values.length; i++) {
    const setting = values[i];
    if (setting.key != "gain_db") continue;
    let db: f64 = 0;
    if (setting.value.tag == SettingValueTag.Number) db = setting.value.number;
    else if (setting.value.tag == SettingValueTag.Integer) db = <f64>setting.value.integer;
    else return Result.err<ApplyOutcome, PluginError>(error(ErrorCode.InvalidArgument, "gain_db must be a number"));
    factor = <f32>Math.pow(10, db / 20);
  }
  // Running kernels hold the old factor in their init data: ask the host to recreate them.
  return Result.ok<ApplyOutcome, PluginError>(ApplyOutcome.NeedsRecreate);
}

export class Processor {
  private output: Float32Array;

  constructor(readonly channels: u16, maxFrames: u32) {
    this.output = new Float32Array(<i32>(maxFrames * channels));
  }

  process(input: Float32Array): Result<Float32Array, PluginError> {
    if (input.length % <i32>this.channels != 0) {
      return Result.err<Float32Array, PluginError>(error(ErrorCode.InvalidArgument, "a block must hold whole frames"));
    }
    // One output buffer per processor: blocks of the usual size allocate nothing.
    if (input.length > this.output.length) this.output = new Float32Array(input.length);
    const out = input.length == this.output.length ? this.output : this.output.subarray(0, input.length);
    applyGain(input.dataStart, out.dataStart, <usize>input.length, factor);
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
  if (typeId != TYPE_ID || format.channels == 0) return null;
  const spec = new HotPathSpec();
  spec.abiVersion = 1;
  spec.module = gainKernel();
  spec.heapBytes = KERNEL_HEAP_BYTES;
  const initData = new Uint8Array(4);
  store<f32>(initData.dataStart, factor);
  spec.initData = initData;
  return spec;
}
