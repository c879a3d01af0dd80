// Pipe sink (world output-sink-plugin): plays through the system's pacat (PulseAudio or
// PipeWire) or aplay (ALSA), started as a sidecar by bin/pipe-play, which reads raw f32
// little-endian PCM on stdin. `write` forwards the block to the sidecar's stdin and
// accepts what the host's stdin backlog takes (the player reads in real time, so the
// backlog is what paces the host); `drain` ends the input and waits for the player to
// finish playing and exit.
import { AudioFormat, HotPathSpec, OutputTarget, PluginError } from "./generated/main/output-sink";
import { DisableReason } from "./generated/main/lifecycle";
import { ApplyOutcome, Setting } from "./generated/main/settings";
import { ErrorCode, SettingValueTag } from "./generated/main/types";
import * as sidecar from "./generated/main/sidecar";
import { Result } from "./generated/main/rt";

const EXECUTABLE = "bin/pipe-play";
const TYPE_ID = "pipe";
/** The host keeps at most this many bytes queued on a sidecar's stdin (MAX_STDIN_BACKLOG). */
const HOST_BACKLOG_BYTES: u32 = 1024 * 1024;
const EXIT_NOT_INSTALLED: i32 = 69;

/** `pulse_server` from the settings: passed to pacat as --server; empty for the session's server. */
let pulseServer = "";

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

export function apply(typeId: string, values: Array<Setting>): Result<ApplyOutcome, PluginError> {
  for (let i = 0; i < values.length; i++) {
    const setting = values[i];
    if (setting.key != "pulse_server" || setting.value.tag != SettingValueTag.Text) {
      return Result.err<ApplyOutcome, PluginError>(error(ErrorCode.InvalidArgument, "unknown setting " + setting.key + " (pulse_server is a text)"));
    }
    pulseServer = setting.value.text;
  }
  // Read at each open: the next sink uses it.
  return Result.ok<ApplyOutcome, PluginError>(ApplyOutcome.Applied);
}

function spawn(args: Array<string>): Result<sidecar.Process, PluginError> {
  const options = new sidecar.SpawnOptions();
  options.executable = EXECUTABLE;
  options.args = args;
  return sidecar.spawn(options);
}

/** Everything a sidecar writes until it exits. */
function readToEnd(process: sidecar.Process): Result<string, PluginError> {
  let text = "";
  let chunk = process.readStdout(4096);
  while (chunk.isOk && chunk.value.length > 0) {
    text += String.UTF8.decodeUnsafe(chunk.value.dataStart, <usize>chunk.value.length);
    chunk = process.readStdout(4096);
  }
  if (!chunk.isOk) return Result.err<string, PluginError>(chunk.error);
  return Result.ok<string, PluginError>(text);
}

/** The players the sidecar finds on PATH (`pipe-play --probe`), best first. */
function installedPlayers(): Result<Array<string>, PluginError> {
  const spawned = spawn(["--probe"]);
  if (!spawned.isOk) return Result.err<Array<string>, PluginError>(spawned.error);
  const process = spawned.value;
  const output = readToEnd(process);
  process.drop();
  if (!output.isOk) return Result.err<Array<string>, PluginError>(output.error);
  const players = new Array<string>();
  const lines = output.value.split("\n");
  for (let i = 0; i < lines.length; i++) if (lines[i] == "pacat" || lines[i] == "aplay") players.push(lines[i]);
  return Result.ok<Array<string>, PluginError>(players);
}

function describe(player: string): string {
  return player == "pacat" ? "PulseAudio / PipeWire, through pacat" : "ALSA's default device, through aplay";
}

export function listTargets(): Result<Array<OutputTarget>, PluginError> {
  const players = installedPlayers();
  if (!players.isOk) return Result.err<Array<OutputTarget>, PluginError>(players.error);
  const targets = new Array<OutputTarget>();
  for (let i = 0; i < players.value.length; i++) {
    const player = players.value[i];
    const target: OutputTarget = { id: player, name: player, description: describe(player), isDefault: i == 0, maxChannels: 8, sampleRates: new Uint32Array(0) };
    targets.push(target);
  }
  return Result.ok<Array<OutputTarget>, PluginError>(targets);
}

export class Sink {
  /** The last write found the host's stdin backlog full. */
  private backlogFull: bool = false;
  /** Bytes of a frame accepted in part, sent before anything else. */
  private tail: Uint8Array = new Uint8Array(0);

  /** `drain` ended the player: the next write starts it again. */
  private drained: bool = false;

  constructor(private process: sidecar.Process, readonly args: Array<string>, readonly format: AudioFormat) {}

  get player(): string {
    return this.args[0];
  }

  private restartAfterDrain(): PluginError | null {
    if (!this.drained) return null;
    const spawned = spawn(this.args);
    if (!spawned.isOk) return spawned.error;
    this.process.drop();
    this.process = spawned.value;
    this.drained = false;
    return null;
  }

  private frameBytes(): u32 {
    return <u32>this.format.channels * 4;
  }

  /** A player that has exited cannot take audio: say why. */
  private exited(): PluginError | null {
    const code = this.process.exitCode();
    if (code === null) return null;
    if (code.value == EXIT_NOT_INSTALLED) return error(ErrorCode.Unsupported, this.player + " is not installed");
    return error(ErrorCode.Io, this.player + " exited with code " + code.value.toString() + " (is the sound server running? its messages are in the plugin log)");
  }

  write(samples: Float32Array): Result<u32, PluginError> {
    const restarted = this.restartAfterDrain();
    if (restarted !== null) return Result.err<u32, PluginError>(restarted);
    const gone = this.exited();
    if (gone !== null) return Result.err<u32, PluginError>(gone);
    // The rest of a frame the backlog cut in two goes first, so the stream stays aligned.
    if (this.tail.length > 0) {
      const sent = this.process.writeStdin(this.tail);
      if (!sent.isOk) return Result.err<u32, PluginError>(sent.error);
      this.tail = this.tail.subarray(<i32>sent.value);
      if (this.tail.length > 0) return this.full();
    }
    const frameBytes = this.frameBytes();
    const bytes = Uint8Array.wrap(samples.buffer, samples.byteOffset, <i32>(<u32>samples.byteLength / frameBytes * frameBytes));
    const accepted = this.process.writeStdin(bytes);
    if (!accepted.isOk) return Result.err<u32, PluginError>(accepted.error);
    let frames = accepted.value / frameBytes;
    const cut = accepted.value % frameBytes;
    if (cut != 0) {
      // Keep the frame's rest (the block is the host's and changes after this call).
      this.tail = bytes.slice(<i32>accepted.value, <i32>(accepted.value - cut + frameBytes));
      frames += 1;
    }
    this.backlogFull = frames * frameBytes < <u32>bytes.length;
    return Result.ok<u32, PluginError>(frames);
  }

  private full(): Result<u32, PluginError> {
    this.backlogFull = true;
    return Result.ok<u32, PluginError>(0);
  }

  /** Ends the player's input and waits until it has played everything and exited. */
  drain(): PluginError | null {
    while (this.tail.length > 0) {
      const sent = this.process.writeStdin(this.tail);
      if (!sent.isOk) return sent.error;
      this.tail = this.tail.subarray(<i32>sent.value);
      const gone = this.exited();
      if (gone !== null) return gone;
    }
    this.process.closeStdin();
    this.drained = true;
    const rest = readToEnd(this.process);
    if (!rest.isOk) return rest.error;
    const code = this.process.exitCode();
    if (code !== null && code.value != 0) return this.exited();
    return null;
  }

  /** Best effort: the host's backlog when the last write found it full; the player's own buffer is not visible. */
  queuedFrames(): u32 {
    return this.backlogFull ? HOST_BACKLOG_BYTES / this.frameBytes() : 0;
  }

  dispose(): void {
    this.process.drop();
  }
}

function noPlayer(): PluginError {
  return error(ErrorCode.Unsupported, "neither pacat (`apt install pulseaudio-utils`) nor aplay (`apt install alsa-utils`) is installed");
}

export function open(typeId: string, targetId: string | null, format: AudioFormat): Result<Sink, PluginError> {
  if (typeId != TYPE_ID) return Result.err<Sink, PluginError>(error(ErrorCode.Unsupported, "unknown output " + typeId));
  let player = targetId === null ? "" : <string>targetId;
  if (player.length == 0) {
    const players = installedPlayers();
    if (!players.isOk) return Result.err<Sink, PluginError>(players.error);
    if (players.value.length == 0) return Result.err<Sink, PluginError>(noPlayer());
    player = players.value[0];
  } else if (player != "pacat" && player != "aplay") {
    return Result.err<Sink, PluginError>(error(ErrorCode.NotFound, "unknown target " + player + " (use pacat or aplay)"));
  }
  const args = [player, format.sampleRate.toString(), format.channels.toString()];
  if (player == "pacat" && pulseServer.length > 0) args.push(pulseServer);
  const spawned = spawn(args);
  if (!spawned.isOk) return Result.err<Sink, PluginError>(spawned.error);
  return Result.ok<Sink, PluginError>(new Sink(spawned.value, args, format));
}

export function describeHotPath(typeId: string, format: AudioFormat, maxFrames: u32): HotPathSpec | null {
  return null;
}
