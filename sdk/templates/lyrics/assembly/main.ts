// {{displayName}}: a lyrics provider (world lyrics-plugin) answering every query with the
// same three synced lines, `offset_ms` later. A real provider would read a file through
// host-stream or ask a web service through http-client (declare the host in
// plugin.json's permissions).
import { LyricLine, LyricsBody, LyricsQuery, LyricsResult, PluginError } from "./generated/main/lyrics";
import { DisableReason } from "./generated/main/lifecycle";
import { ApplyOutcome, Setting } from "./generated/main/settings";
import { ErrorCode, SettingValueTag } from "./generated/main/types";
import * as log from "./generated/main/log";
import { Result } from "./generated/main/rt";

let offsetMs: u64 = 0;

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
    if (setting.key != "offset_ms") continue;
    if (setting.value.tag != SettingValueTag.Integer || setting.value.integer < 0) {
      return Result.err<ApplyOutcome, PluginError>(error(ErrorCode.InvalidArgument, "offset_ms must be a whole number of milliseconds"));
    }
    offsetMs = <u64>setting.value.integer;
  }
  return Result.ok<ApplyOutcome, PluginError>(ApplyOutcome.Applied);
}

function line(startMs: u64, text: string): LyricLine {
  const result: LyricLine = { startMs: offsetMs + startMs, text };
  return result;
}

export function find(query: LyricsQuery): Result<LyricsResult | null, PluginError> {
  const title = query.title.trim();
  if (title.length == 0) return Result.err<LyricsResult | null, PluginError>(error(ErrorCode.InvalidArgument, "a title is needed to look up lyrics"));
  const lines: Array<LyricLine> = [line(0, "This is " + title), line(2000, "sung by a plugin"), line(4000, "written in AssemblyScript")];
  const result: LyricsResult = { body: LyricsBody.synced(lines), provider: "{{displayName}}", language: "en" };
  return Result.ok<LyricsResult | null, PluginError>(result);
}
