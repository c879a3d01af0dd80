// Fugue's 10-band parametric EQ (world dsp-plugin). Settings become biquad coefficients
// (design.ts); the component path and the hot-path kernel (kernels/eq.ts) run the same
// filter code (eq-filter.ts) on them, so both paths produce the same samples.
import { AudioFormat, HotPathSpec, PluginError } from "./generated/main/dsp";
import { DisableReason } from "./generated/main/lifecycle";
import { ApplyOutcome, Setting } from "./generated/main/settings";
import { ErrorCode, SettingValue, SettingValueTag } from "./generated/main/types";
import { Result } from "./generated/main/rt";
import { eqKernel } from "./generated/kernels";
import { Band, bandTypeFromText, designInitData } from "./design";
import { eqPrepare, eqPreparedBytes, eqProcess, eqReset, EQ_MAX_CHANNELS } from "./eq-filter";

const TYPE_ID = "eq10";
const CENTRES: f64[] = [31.25, 62.5, 125, 250, 500, 1000, 2000, 4000, 8000, 16000];
const DEFAULT_Q: f64 = 1.41;

const bands = new Array<Band>();
for (let i = 0; i < CENTRES.length; i++) bands.push(new Band(0, CENTRES[i], 0, DEFAULT_Q));
let preampDb: f64 = 0;

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

/** Applies one `band<N>_<field>` setting; an error message, or null. */
function applyBandSetting(key: string, value: SettingValue): string | null {
  const separator = key.indexOf("_");
  const index = I32.parseInt(key.substring(4, separator)) - 1;
  if (separator < 5 || index < 0 || index >= bands.length) return "unknown setting " + key;
  const band = bands[index];
  const field = key.substring(separator + 1);
  if (field == "type") {
    const type = value.tag == SettingValueTag.Text ? bandTypeFromText(value.text) : -1;
    if (type < 0) return key + " must be peaking, lowshelf, highshelf, lowpass or highpass";
    band.type = type;
    return null;
  }
  const number = numberOf(value);
  if (!isFinite(number)) return key + " must be a number";
  if (field == "frequency") {
    if (number <= 0) return key + " must be above 0 Hz";
    band.frequency = number;
  } else if (field == "gain_db") band.gainDb = number;
  else if (field == "q") {
    if (number <= 0) return key + " must be above 0";
    band.q = number;
  } else return "unknown setting " + key;
  return null;
}

export function apply(typeId: string, values: Array<Setting>): Result<ApplyOutcome, PluginError> {
  if (typeId != TYPE_ID) return Result.err<ApplyOutcome, PluginError>(error(ErrorCode.Unsupported, "unknown ability " + typeId));
  for (let i = 0; i < values.length; i++) {
    const setting = values[i];
    let problem: string | null = null;
    if (setting.key == "preamp_db") {
      const number = numberOf(setting.value);
      if (isFinite(number)) preampDb = number;
      else problem = "preamp_db must be a number";
    } else if (setting.key.startsWith("band")) problem = applyBandSetting(setting.key, setting.value);
    else problem = "unknown setting " + setting.key;
    if (problem !== null) return Result.err<ApplyOutcome, PluginError>(error(ErrorCode.InvalidArgument, problem));
  }
  // Coefficients are fixed per processor and per kernel: the host recreates them.
  return Result.ok<ApplyOutcome, PluginError>(ApplyOutcome.NeedsRecreate);
}

export class Processor {
  private output: Float32Array;
  private readonly stateBuffer: Uint8Array;
  private readonly state: usize;

  constructor(readonly channels: u32, maxFrames: u32, initData: Uint8Array) {
    this.output = new Float32Array(<i32>(maxFrames * channels));
    const activeBands = load<u32>(initData.dataStart);
    this.stateBuffer = new Uint8Array(<i32>eqPreparedBytes(activeBands, channels) + 16);
    this.state = (this.stateBuffer.dataStart + 15) & ~(<usize>15);
    eqPrepare(this.state, initData.dataStart, <u32>initData.length, channels);
  }

  dispose(): void {}

  process(input: Float32Array): Result<Float32Array, PluginError> {
    if (input.length % <i32>this.channels != 0) {
      return Result.err<Float32Array, PluginError>(error(ErrorCode.InvalidArgument, "block is not a whole number of frames"));
    }
    // One output buffer per processor: no allocation per block of the usual size.
    if (input.length > this.output.length) this.output = new Float32Array(input.length);
    const out = input.length == this.output.length ? this.output : this.output.subarray(0, input.length);
    // A NaN or infinity in the input would poison every later block: start afresh.
    if (!eqProcess(this.state, input.dataStart, out.dataStart, <u32>input.length / this.channels)) eqReset(this.state);
    return Result.ok<Float32Array, PluginError>(out);
  }

  reset(): void {
    eqReset(this.state);
  }

  latencyFrames(): u32 {
    return 0;
  }
}

function checkFormat(typeId: string, format: AudioFormat): PluginError | null {
  if (typeId != TYPE_ID) return error(ErrorCode.Unsupported, "unknown ability " + typeId);
  if (format.channels == 0 || <u32>format.channels > EQ_MAX_CHANNELS) return error(ErrorCode.Unsupported, "the EQ handles 1 to 32 channels");
  if (format.sampleRate == 0) return error(ErrorCode.InvalidArgument, "the sample rate must be above 0");
  return null;
}

export function create(typeId: string, format: AudioFormat, maxFrames: u32): Result<Processor, PluginError> {
  const problem = checkFormat(typeId, format);
  if (problem !== null) return Result.err<Processor, PluginError>(problem);
  return Result.ok<Processor, PluginError>(new Processor(format.channels, maxFrames, designInitData(bands, preampDb, format.sampleRate)));
}

export function describeHotPath(typeId: string, format: AudioFormat, maxFrames: u32): HotPathSpec | null {
  if (checkFormat(typeId, format) !== null) return null;
  const initData = designInitData(bands, preampDb, format.sampleRate);
  const spec = new HotPathSpec();
  spec.abiVersion = 1;
  spec.module = eqKernel();
  // The kernel aligns its 16-byte context up to 16 bytes, then the prepared filter.
  spec.heapBytes = 15 + 16 + eqPreparedBytes(load<u32>(initData.dataStart), format.channels);
  spec.initData = initData;
  return spec;
}
