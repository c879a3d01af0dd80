/**
 * The fixed vocabulary of plugin.json v1: ability kinds, the WIT worlds they map to,
 * the API versions this host supports, and the defaults filled into a parsed manifest.
 */

/** What an ability does. Each kind has exactly one WIT world, `<kind>-plugin`. */
export const ABILITY_KINDS = ['decoder', 'source', 'lyrics', 'output-sink', 'dsp'] as const;

/** An ability kind. */
export type AbilityKind = (typeof ABILITY_KINDS)[number];

/** The worlds of `fugue:plugin`, one per ability kind, in the order of {@link ABILITY_KINDS}. */
export const WORLDS = ['decoder-plugin', 'source-plugin', 'lyrics-plugin', 'output-sink-plugin', 'dsp-plugin'] as const;

/** A world of the WIT package `fugue:plugin`. */
export type World = (typeof WORLDS)[number];

/** The world a component must implement to provide abilities of `kind`. */
export function worldOfKind(kind: AbilityKind): World {
  return `${kind}-plugin`;
}

/** The only ability kind a component of `world` may declare. */
export function kindOfWorld(world: World): AbilityKind {
  return world.slice(0, -'-plugin'.length) as AbilityKind;
}

/** Versions of the WIT package `fugue:plugin` this host has an adapter for. */
export const SUPPORTED_API_VERSIONS = ['0.1.0'] as const;

/** The folder holding the WIT files of an API version, e.g. `wit/fugue-plugin@0.1.0/`. */
export function witFolderOf(apiVersion: string): string {
  return `wit/fugue-plugin@${apiVersion}/`;
}

/** The plugin.json layout this host reads. */
export const SCHEMA_VERSION = 1;

/** Threading models: a worker per instance group, or a named shared pool. */
export const THREADING_MODELS = ['dedicated', 'shared_pool'] as const;

/** The named shared worker pools. */
export const POOLS = ['io', 'cpu'] as const;

/** A shared worker pool. */
export type Pool = (typeof POOLS)[number];

/** The pool a component runs in when its manifest names none: I/O-bound kinds share `io`. */
export const DEFAULT_POOL: Readonly<Record<AbilityKind, Pool>> = {
  decoder: 'cpu',
  source: 'io',
  lyrics: 'io',
  'output-sink': 'cpu',
  dsp: 'cpu',
};

/** Deadline of one call into a component, by kind, when the manifest sets none. */
export const DEFAULT_CALL_TIMEOUT_MS: Readonly<Record<AbilityKind, number>> = {
  decoder: 5000,
  source: 10000,
  lyrics: 10000,
  dsp: 1000,
  'output-sink': 2000,
};

/** Wasm memory cap of one component instance when the manifest sets none. */
export const DEFAULT_MEMORY_MB = 64;

/** Concurrent instances of one component when the manifest sets none. */
export const DEFAULT_MAX_INSTANCES = 1;

/** Bounds of the numeric fields, shared by the schema, its messages and the docs. */
export const BOUNDS = {
  maxInstances: { min: 1, max: 16 },
  memoryMb: { min: 1, max: 1024 },
  callTimeoutMs: { min: 10, max: 600_000 },
  extensionScore: { min: 0, max: 100 },
  storageQuotaKb: { min: 1, max: 1_048_576 },
} as const;

/** Setting types the host can render as a form field and pass as a WIT `setting-value`. */
export const SETTING_TYPES = ['boolean', 'integer', 'number', 'string', 'array'] as const;
