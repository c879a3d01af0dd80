// The FLAC decoder component (world decoder-plugin): probe, open, and the session resource
// (session.ts). The format work lives in the other files of this folder.
import { InputStream } from "./generated/main/host-stream";
import { OpenHint, PluginError } from "./generated/main/decoder";
import { DisableReason } from "./generated/main/lifecycle";
import { ApplyOutcome, Setting } from "./generated/main/settings";
import { ErrorCode } from "./generated/main/types";
import * as log from "./generated/main/log";
import { Result } from "./generated/main/rt";
import { FLAC_MAGIC, id3v2Length, StreamHeader } from "./metadata";
import { Session } from "./session";
import { pluginError, Source } from "./source";

export { Session } from "./session";

export function onEnable(): PluginError | null {
  return null;
}

export function onDisable(reason: DisableReason): PluginError | null {
  return null;
}

export function apply(typeId: string, values: Array<Setting>): Result<ApplyOutcome, PluginError> {
  return Result.ok<ApplyOutcome, PluginError>(ApplyOutcome.Applied);
}

function hasMagic(head: Uint8Array, at: u32): bool {
  return <u32>head.length >= at + 4 && bswap<u32>(load<u32>(head.dataStart + at)) == FLAC_MAGIC;
}

export function probe(head: Uint8Array, hint: OpenHint): u8 {
  if (hasMagic(head, 0)) return 100;
  const id3 = id3v2Length(head.dataStart, <u32>head.length);
  if (id3 > 0 && hasMagic(head, id3)) return 100;
  const extension = hint.extension;
  const named = extension !== null && (extension == "flac" || extension == "fla");
  // An ID3v2 tag longer than the probe window hides the signature: trust the name more.
  if (named) return id3 > 0 ? 60 : 10;
  return 0;
}

export function open(input: InputStream, hint: OpenHint): Result<Session, PluginError> {
  const source = new Source(input);
  const stream = new StreamHeader();
  if (!stream.read(source)) {
    input.drop();
    const failure = source.failure;
    if (failure !== null) return Result.err<Session, PluginError>(failure);
    const code = stream.error.startsWith("not a FLAC") ? ErrorCode.Unsupported : ErrorCode.CorruptData;
    return Result.err<Session, PluginError>(pluginError(code, stream.error));
  }
  const params = stream.params;
  log.write(
    log.Level.Debug,
    "opened FLAC: " + params.sampleRate.toString() + " Hz, " + params.channels.toString() + " ch, " + params.bitsPerSample.toString() + " bit, " + params.totalSamples.toString() + " samples",
  );
  return Result.ok<Session, PluginError>(new Session(source, stream));
}
