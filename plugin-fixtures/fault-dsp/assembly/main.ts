// Faulty effects (world dsp-plugin) for the audio engine's fault tests: the component path
// is a plain copy; the hot-path kernels copy for 40 blocks and then trap or never return.
import { AudioFormat, HotPathSpec, PluginError } from "./generated/main/dsp";
import { DisableReason } from "./generated/main/lifecycle";
import { ApplyOutcome, Setting } from "./generated/main/settings";
import { ErrorCode } from "./generated/main/types";
import { Result } from "./generated/main/rt";
import { hangKernel, trapKernel } from "./generated/kernels";

function error(code: ErrorCode, message: string): PluginError {
  const result: PluginError = { code, message };
  return result;
}

function known(typeId: string): bool {
  return typeId == "trap-after" || typeId == "hang-after";
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

export class Processor {
  process(input: Float32Array): Result<Float32Array, PluginError> {
    return Result.ok<Float32Array, PluginError>(input);
  }

  reset(): void {}

  latencyFrames(): u32 {
    return 0;
  }

  dispose(): void {}
}

export function create(typeId: string, format: AudioFormat, maxFrames: u32): Result<Processor, PluginError> {
  if (!known(typeId)) return Result.err<Processor, PluginError>(error(ErrorCode.Unsupported, "unknown ability " + typeId));
  return Result.ok<Processor, PluginError>(new Processor());
}

export function describeHotPath(typeId: string, format: AudioFormat, maxFrames: u32): HotPathSpec | null {
  if (!known(typeId)) return null;
  const spec = new HotPathSpec();
  spec.abiVersion = 1;
  spec.module = typeId == "trap-after" ? trapKernel() : hangKernel();
  spec.heapBytes = 15 + 16;
  spec.initData = new Uint8Array(0);
  return spec;
}
