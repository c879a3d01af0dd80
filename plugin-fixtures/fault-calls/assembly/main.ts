// Fault corpus: each lyrics query title names a fault to commit inside a call; the host
// must contain it. "spin N" is a finite busy call (N iterations), for neighbours and
// backpressure. Any other title is answered, so tests can see the plugin recover.
import { LyricsBody, LyricsQuery, LyricsResult, PluginError } from "./generated/main/lyrics";
import { DisableReason } from "./generated/main/lifecycle";
import { ApplyOutcome, Setting } from "./generated/main/settings";
import { Result } from "./generated/main/rt";

/** Written in the endless loop so the optimiser cannot drop it. */
let spins: i64 = 0;
/** Keeps every allocation of the memory bomb alive. */
const hoard = new Array<Uint8Array>();

export function onEnable(): PluginError | null {
  return null;
}

export function onDisable(reason: DisableReason): PluginError | null {
  return null;
}

export function apply(typeId: string, values: Array<Setting>): Result<ApplyOutcome, PluginError> {
  return Result.ok<ApplyOutcome, PluginError>(ApplyOutcome.Applied);
}

function recurse(depth: i32): i32 {
  if (depth < 0) return 0;
  return recurse(depth + 1) + 1;
}

/** Grows linear memory a page (64 KiB) at a time until `memory.grow` refuses; reports where. */
function growUntilRefused(): string {
  const before = memory.size();
  while (memory.grow(1) >= 0) {
    // keep growing
  }
  return "memory.grow refused at " + memory.size().toString() + " pages (started at " + before.toString() + ")";
}

function answer(text: string): Result<LyricsResult | null, PluginError> {
  const result: LyricsResult = { body: LyricsBody.plain(text), provider: "fault-calls", language: null };
  return Result.ok<LyricsResult | null, PluginError>(result);
}

export function find(query: LyricsQuery): Result<LyricsResult | null, PluginError> {
  const title = query.title;
  if (title == "trap") unreachable();
  if (title == "loop") {
    while (true) spins += 1;
  }
  if (title.startsWith("spin ")) {
    const rounds = I64.parseInt(title.substring(5));
    for (let round: i64 = 0; round < rounds; round++) spins = spins * 31 + round;
    return answer("spun " + rounds.toString());
  }
  if (title == "recursion") return answer("depth " + recurse(0).toString());
  if (title == "memory-grow") return answer(growUntilRefused());
  if (title == "memory-bomb") {
    while (true) hoard.push(new Uint8Array(1 << 20));
  }
  return answer("ok: " + title);
}
