// {{displayName}}: a catalog source (world source-plugin) of two test tones. A real source
// would list a folder through host-stream or a web catalog through http-client (declare
// the host in plugin.json's permissions).
import { BrowseTarget, BrowseTargetTag, CatalogItem, ItemKind, Location, Page, Picture, PluginError, ResolvedTrack, TrackMetadata } from "./generated/main/source";
import { DisableReason } from "./generated/main/lifecycle";
import { ApplyOutcome, Setting } from "./generated/main/settings";
import { ErrorCode, SettingValueTag } from "./generated/main/types";
import * as log from "./generated/main/log";
import { Result, Some } from "./generated/main/rt";

const IDS: Array<string> = ["tone-440", "tone-880"];
const TITLES: Array<string> = ["A4 (440 Hz)", "A5 (880 Hz)"];
const DURATION_MS: u64 = 10000;

let baseUrl = "https://tones.example.org/";

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
    if (setting.key != "base_url") continue;
    if (setting.value.tag != SettingValueTag.Text) return Result.err<ApplyOutcome, PluginError>(error(ErrorCode.InvalidArgument, "base_url must be text"));
    baseUrl = setting.value.text;
  }
  return Result.ok<ApplyOutcome, PluginError>(ApplyOutcome.Applied);
}

function item(index: i32): CatalogItem {
  const result: CatalogItem = { id: IDS[index], kind: ItemKind.Track, title: TITLES[index], subtitle: "Test tones", durationMs: new Some<u64>(DURATION_MS), playable: true, hasChildren: false };
  return result;
}

function indexOf(id: string): i32 {
  for (let i = 0; i < IDS.length; i++) if (IDS[i] == id) return i;
  return -1;
}

function page(items: Array<CatalogItem>): Result<Page, PluginError> {
  const result: Page = { items, nextCursor: null };
  return Result.ok<Page, PluginError>(result);
}

export function browse(target: BrowseTarget, cursor: string | null): Result<Page, PluginError> {
  if (target.tag != BrowseTargetTag.Root) return Result.err<Page, PluginError>(error(ErrorCode.NotFound, "no folder " + target.item));
  return page([item(0), item(1)]);
}

export function search(query: string, cursor: string | null): Result<Page, PluginError> {
  const needle = query.toLowerCase();
  const items = new Array<CatalogItem>();
  for (let i = 0; i < IDS.length; i++) if (TITLES[i].toLowerCase().includes(needle)) items.push(item(i));
  return page(items);
}

export function resolve(itemId: string): Result<ResolvedTrack, PluginError> {
  const index = indexOf(itemId);
  if (index < 0) return Result.err<ResolvedTrack, PluginError>(error(ErrorCode.NotFound, "no track " + itemId));
  const metadata = new TrackMetadata();
  metadata.title = TITLES[index];
  metadata.durationMs = new Some<u64>(DURATION_MS);
  const result: ResolvedTrack = { location: Location.url(baseUrl + itemId + ".wav"), metadata, extensionHint: "wav" };
  return Result.ok<ResolvedTrack, PluginError>(result);
}

export function artwork(itemId: string): Result<Picture | null, PluginError> {
  return Result.ok<Picture | null, PluginError>(null);
}
