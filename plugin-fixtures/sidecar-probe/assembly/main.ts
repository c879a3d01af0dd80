// An output sink (world output-sink-plugin) that plays nothing: every block written to it
// goes through its sidecar, which echoes it back over the data channel, and the sink checks
// that the same bytes came back. The plugin never learns which transport carried them.
// The target id names the script in bin/ to start (the fault corpus uses the others).
import { AudioFormat, HotPathSpec, OutputTarget, PluginError } from "./generated/main/output-sink";
import { DisableReason } from "./generated/main/lifecycle";
import { ApplyOutcome, Setting } from "./generated/main/settings";
import { ErrorCode } from "./generated/main/types";
import * as log from "./generated/main/log";
import * as sidecar from "./generated/main/sidecar";
import { Result } from "./generated/main/rt";

function error(code: ErrorCode, message: string): PluginError {
  const result: PluginError = { code, message };
  return result;
}

function target(id: string, name: string): OutputTarget {
  const result: OutputTarget = { id, name, description: "Echoes through a sidecar", isDefault: true, maxChannels: 8, sampleRates: new Uint32Array(0) };
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
  return Result.ok<Array<OutputTarget>, PluginError>([target("echo-sidecar.py", "Echo sidecar")]);
}

/** Writes all of `bytes` to the sidecar's data channel. */
function writeAll(process: sidecar.Process, bytes: Uint8Array): PluginError | null {
  let sent = 0;
  while (sent < bytes.length) {
    const accepted = process.writeStdin(bytes.subarray(sent));
    if (!accepted.isOk) return accepted.error;
    sent += <i32>accepted.value;
  }
  return null;
}

/** Reads exactly `count` bytes back (or fewer if the sidecar's output ends). */
function readBack(process: sidecar.Process, count: i32): Result<Uint8Array, PluginError> {
  const out = new Uint8Array(count);
  let filled = 0;
  while (filled < count) {
    const chunk = process.readStdout(<u32>(count - filled));
    if (!chunk.isOk) return chunk;
    const bytes = chunk.value;
    if (bytes.length == 0) break;
    out.set(bytes, filled);
    filled += bytes.length;
  }
  return Result.ok<Uint8Array, PluginError>(out.subarray(0, filled));
}

function transportName(kind: sidecar.TransportKind): string {
  if (kind == sidecar.TransportKind.LocalSocket) return "a local socket";
  return kind == sidecar.TransportKind.Tcp ? "tcp" : "stdio";
}

export class Sink {
  private echoed: u64 = 0;

  constructor(readonly process: sidecar.Process, readonly format: AudioFormat) {}

  write(samples: Float32Array): Result<u32, PluginError> {
    const bytes = Uint8Array.wrap(samples.buffer, samples.byteOffset, samples.byteLength);
    const failed = writeAll(this.process, bytes);
    if (failed !== null) return Result.err<u32, PluginError>(failed);
    const back = readBack(this.process, bytes.length);
    if (!back.isOk) return Result.err<u32, PluginError>(back.error);
    const echo = back.value;
    if (echo.length != bytes.length) return Result.err<u32, PluginError>(error(ErrorCode.Io, "the sidecar's output ended after " + echo.length.toString() + " of " + bytes.length.toString() + " bytes"));
    for (let i = 0; i < bytes.length; i++) {
      if (echo[i] != bytes[i]) return Result.err<u32, PluginError>(error(ErrorCode.CorruptData, "the sidecar echoed a different byte at " + i.toString()));
    }
    this.echoed += <u64>echo.length;
    return Result.ok<u32, PluginError>(<u32>(samples.length / <i32>this.format.channels));
  }

  /** Ends the sidecar's input and waits for it to finish; logs its exit code. */
  drain(): PluginError | null {
    this.process.closeStdin();
    const rest = readBack(this.process, 1);
    if (!rest.isOk) return rest.error;
    const code = this.process.exitCode();
    log.write(log.Level.Info, "sidecar echoed " + this.echoed.toString() + " bytes over " + transportName(this.process.transport()) + "; exit code " + (code === null ? "none yet" : code.value.toString()));
    return null;
  }

  queuedFrames(): u32 {
    return 0;
  }

  dispose(): void {
    this.process.drop();
  }
}

export function open(typeId: string, targetId: string | null, format: AudioFormat): Result<Sink, PluginError> {
  const options = new sidecar.SpawnOptions();
  options.executable = "bin/" + (targetId === null ? "echo-sidecar.py" : targetId!);
  const spawned = sidecar.spawn(options);
  if (!spawned.isOk) return Result.err<Sink, PluginError>(spawned.error);
  return Result.ok<Sink, PluginError>(new Sink(spawned.value, format));
}

export function describeHotPath(typeId: string, format: AudioFormat, maxFrames: u32): HotPathSpec | null {
  return null;
}
