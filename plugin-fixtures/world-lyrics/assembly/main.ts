// A lyrics provider (world lyrics-plugin): synced lyrics with one line per word of the title,
// `line_ms` apart; "Instrumental" has none to sing, "Unknown" finds nothing.
import { LyricLine, LyricsBody, LyricsQuery, LyricsResult, PluginError } from "./generated/main/lyrics";
import { DisableReason } from "./generated/main/lifecycle";
import { ApplyOutcome, Setting } from "./generated/main/settings";
import { ErrorCode, SettingValueTag } from "./generated/main/types";
import * as log from "./generated/main/log";
import { Result } from "./generated/main/rt";

let lineMs: u64 = 1000;

function error(code: ErrorCode, message: string): PluginError {
  const result: PluginError = { code, message };
  return result;
}

export function onEnable(): PluginError | null {
  log.write(log.Level.Info, "word lyrics enabled");
  return null;
}

export function onDisable(reason: DisableReason): PluginError | null {
  return null;
}

export function apply(typeId: string, values: Array<Setting>): Result<ApplyOutcome, PluginError> {
  for (let i = 0; i < values.length; i++) {
    const setting = values[i];
    if (setting.key != "line_ms") continue;
    if (setting.value.tag != SettingValueTag.Integer || setting.value.integer < 100) {
      return Result.err<ApplyOutcome, PluginError>(error(ErrorCode.InvalidArgument, "line_ms must be an integer of at least 100"));
    }
    lineMs = <u64>setting.value.integer;
  }
  return Result.ok<ApplyOutcome, PluginError>(ApplyOutcome.Applied);
}

export function find(query: LyricsQuery): Result<LyricsResult | null, PluginError> {
  const title = query.title.trim();
  if (title.length == 0) return Result.err<LyricsResult | null, PluginError>(error(ErrorCode.InvalidArgument, "a title is needed to look up lyrics"));
  if (title == "Unknown") return Result.ok<LyricsResult | null, PluginError>(null);
  let body: LyricsBody;
  if (title == "Instrumental") {
    body = LyricsBody.instrumental();
  } else {
    const words = title.split(" ");
    const lines = new Array<LyricLine>();
    let start: u64 = 0;
    for (let i = 0; i < words.length; i++) {
      if (words[i].length == 0) continue;
      const line: LyricLine = { startMs: start, text: words[i] };
      lines.push(line);
      start += lineMs;
    }
    body = LyricsBody.synced(lines);
  }
  const artist = query.artist;
  log.write(log.Level.Debug, "lyrics for " + title + (artist === null ? "" : " by " + artist));
  const result: LyricsResult = { body, provider: "Fixture words", language: "en" };
  return Result.ok<LyricsResult | null, PluginError>(result);
}
