// Fault corpus: on-enable never returns. The host must stop it at the lifecycle deadline
// and leave the plugin's abilities unregistered.
import { LyricsBody, LyricsQuery, LyricsResult, PluginError } from "./generated/main/lyrics";
import { DisableReason } from "./generated/main/lifecycle";
import { ApplyOutcome, Setting } from "./generated/main/settings";
import { Result } from "./generated/main/rt";

let spins: i64 = 0;

export function onEnable(): PluginError | null {
  while (true) spins += 1;
}

export function onDisable(reason: DisableReason): PluginError | null {
  return null;
}

export function apply(typeId: string, values: Array<Setting>): Result<ApplyOutcome, PluginError> {
  return Result.ok<ApplyOutcome, PluginError>(ApplyOutcome.Applied);
}

export function find(query: LyricsQuery): Result<LyricsResult | null, PluginError> {
  const result: LyricsResult = { body: LyricsBody.plain("ok: " + query.title), provider: "fault-enable-loop", language: null };
  return Result.ok<LyricsResult | null, PluginError>(result);
}
