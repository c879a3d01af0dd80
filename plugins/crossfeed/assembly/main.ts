// Fugue's headphone crossfeed (world dsp-plugin): Bauer's stereophonic-to-binaural filter
// as in bs2b. Settings become first-order filter coefficients (design.ts); the component
// path and the hot-path kernel (kernels/crossfeed.ts) run the same filter code
// (crossfeed-filter.ts) on them, so both paths produce the same samples. Stereo only.
import { AudioFormat, HotPathSpec, PluginError } from "./generated/main/dsp";
import { DisableReason } from "./generated/main/lifecycle";
import { ApplyOutcome, Setting } from "./generated/main/settings";
import { ErrorCode, SettingValue, SettingValueTag } from "./generated/main/types";
import { Result } from "./generated/main/rt";
import { crossfeedKernel } from "./generated/kernels";
import { Crossfeed, designInitData, MAX_CUTOFF_HZ, MAX_FEED_DB, MIN_CUTOFF_HZ, MIN_FEED_DB, PRESET_NAMES } from "./design";
import { CROSSFEED_PREPARED_BYTES, crossfeedPrepare, crossfeedProcess, crossfeedReset } from "./crossfeed-filter";

const TYPE_ID = "crossfeed";
// One-pole filters from exp() are stable at any rate; below this the cutoffs near Nyquist.
const MIN_SAMPLE_RATE: u32 = 8000;

let settings = new Crossfeed("default", 700, 4.5);

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

/** Applies one setting to `next`; an error message, or null. */
function applySetting(next: Crossfeed, setting: Setting): string | null {
  if (setting.key == "preset") {
    const name = setting.value.tag == SettingValueTag.Text ? setting.value.text : "";
    if (name != "custom" && !PRESET_NAMES.includes(name)) return "preset must be default, cmoy, jmeier or custom";
    next.preset = name;
    return null;
  }
  const number = numberOf(setting.value);
  if (setting.key == "cutoff_hz") {
    if (!(number >= MIN_CUTOFF_HZ && number <= MAX_CUTOFF_HZ)) return "cutoff_hz must be between 300 and 2000 Hz";
    next.cutoffHz = number;
  } else if (setting.key == "feed_db") {
    if (!(number >= MIN_FEED_DB && number <= MAX_FEED_DB)) return "feed_db must be between 1 and 15 dB";
    next.feedDb = number;
  } else return "unknown setting " + setting.key;
  return null;
}

export function apply(typeId: string, values: Array<Setting>): Result<ApplyOutcome, PluginError> {
  if (typeId != TYPE_ID) return Result.err<ApplyOutcome, PluginError>(error(ErrorCode.Unsupported, "unknown ability " + typeId));
  // All or nothing: a refused value leaves every setting as it was.
  const next = new Crossfeed(settings.preset, settings.cutoffHz, settings.feedDb);
  for (let i = 0; i < values.length; i++) {
    const problem = applySetting(next, values[i]);
    if (problem !== null) return Result.err<ApplyOutcome, PluginError>(error(ErrorCode.InvalidArgument, problem));
  }
  settings = next;
  // Coefficients are fixed per processor and per kernel: the host recreates them.
  return Result.ok<ApplyOutcome, PluginError>(ApplyOutcome.NeedsRecreate);
}

export class Processor {
  private output: Float32Array;
  private readonly stateBuffer: Uint8Array;
  private readonly state: usize;

  constructor(maxFrames: u32, initData: Uint8Array) {
    this.output = new Float32Array(<i32>(maxFrames * 2));
    this.stateBuffer = new Uint8Array(<i32>CROSSFEED_PREPARED_BYTES + 16);
    this.state = (this.stateBuffer.dataStart + 15) & ~(<usize>15);
    crossfeedPrepare(this.state, initData.dataStart, <u32>initData.length);
  }

  dispose(): void {}

  process(input: Float32Array): Result<Float32Array, PluginError> {
    if (input.length % 2 != 0) {
      return Result.err<Float32Array, PluginError>(error(ErrorCode.InvalidArgument, "block is not a whole number of stereo frames"));
    }
    // One output buffer per processor: no allocation per block of the usual size.
    if (input.length > this.output.length) this.output = new Float32Array(input.length);
    const out = input.length == this.output.length ? this.output : this.output.subarray(0, input.length);
    // A NaN or infinity in the input would poison every later block: start afresh.
    if (!crossfeedProcess(this.state, input.dataStart, out.dataStart, <u32>input.length >> 1)) crossfeedReset(this.state);
    return Result.ok<Float32Array, PluginError>(out);
  }

  reset(): void {
    crossfeedReset(this.state);
  }

  latencyFrames(): u32 {
    return 0;
  }
}

function checkFormat(typeId: string, format: AudioFormat): PluginError | null {
  if (typeId != TYPE_ID) return error(ErrorCode.Unsupported, "unknown ability " + typeId);
  if (format.channels != 2) {
    return error(ErrorCode.Unsupported, "crossfeed needs stereo audio (2 channels), got " + format.channels.toString() + "; leave it out of the chain for other layouts");
  }
  if (format.sampleRate < MIN_SAMPLE_RATE) return error(ErrorCode.Unsupported, "crossfeed needs a sample rate of at least 8000 Hz, got " + format.sampleRate.toString());
  return null;
}

export function create(typeId: string, format: AudioFormat, maxFrames: u32): Result<Processor, PluginError> {
  const problem = checkFormat(typeId, format);
  if (problem !== null) return Result.err<Processor, PluginError>(problem);
  return Result.ok<Processor, PluginError>(new Processor(maxFrames, designInitData(settings, <f64>format.sampleRate)));
}

export function describeHotPath(typeId: string, format: AudioFormat, maxFrames: u32): HotPathSpec | null {
  if (checkFormat(typeId, format) !== null) return null;
  const spec = new HotPathSpec();
  spec.abiVersion = 1;
  spec.module = crossfeedKernel();
  // The kernel aligns its 16-byte context up to 16 bytes, then the prepared filter.
  spec.heapBytes = 15 + 16 + CROSSFEED_PREPARED_BYTES;
  spec.initData = designInitData(settings, <f64>format.sampleRate);
  return spec;
}
