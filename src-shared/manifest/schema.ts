/**
 * The zod shape of plugin.json v1. Every object is strict: an unknown key is an error,
 * so a typo such as `"abilites"` never passes silently. Only the shape lives here;
 * rules that span fields (unique ids, kind matches world, …) are in `rules.ts`, and the
 * defaults a parsed manifest carries are filled in by `resolve.ts`.
 */
import semver from 'semver';
import { z } from 'zod';
import { ABILITY_KINDS, BOUNDS, POOLS, THREADING_MODELS, WORLDS } from './constants.ts';

/** A plugin id: lowercase reverse-DNS, e.g. `org.fugue.flac`. */
export const PLUGIN_ID_PATTERN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/;

/** A component id or ability type id, e.g. `main`, `gain`. */
export const LOCAL_ID_PATTERN = /^[a-z][a-z0-9-]*$/;

/** A file extension key of `extension_scores`: lowercase, no dot, e.g. `flac`. */
export const EXTENSION_PATTERN = /^[a-z0-9]+$/;

/** A host name in a network permission, optionally `*.` for its subdomains. */
export const HOST_PATTERN = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

const int = (bounds: { min: number; max: number }) => z.int().min(bounds.min).max(bounds.max);
const text = (max: number) => z.string().trim().min(1).max(max);
const exactSemver = z.string().refine((value) => semver.valid(value) === value);
const semverRange = z.string().refine((value) => value.trim() !== '' && semver.validRange(value) !== null);

/** One ability a component provides: a kind, a type id and what the user sees. */
export const abilitySchema = z.strictObject({
  kind: z.enum(ABILITY_KINDS),
  type_id: z.string().max(64).regex(LOCAL_ID_PATTERN),
  display_name: text(80),
  config_schema: z.record(z.string(), z.unknown()).optional(),
  extension_scores: z.record(z.string().regex(EXTENSION_PATTERN), int(BOUNDS.extensionScore)).optional(),
});

/** How a component's instances are scheduled (ARCHITECTURE §5). */
export const threadingSchema = z.strictObject({
  model: z.enum(THREADING_MODELS),
  pool: z.enum(POOLS).optional(),
  max_instances: int(BOUNDS.maxInstances).optional(),
});

/** Per-component resource caps. */
export const limitsSchema = z.strictObject({
  memory_mb: int(BOUNDS.memoryMb).optional(),
  call_timeout_ms: int(BOUNDS.callTimeoutMs).optional(),
});

/** One WebAssembly component file of the package and the abilities it provides. */
export const componentSchema = z.strictObject({
  id: z.string().max(64).regex(LOCAL_ID_PATTERN),
  path: z.string().min(1).max(260),
  world: z.enum(WORLDS),
  abilities: z.array(abilitySchema).min(1).max(64),
  threading: threadingSchema.optional(),
  limits: limitsSchema.optional(),
});

const reason = text(300);

/** A host the plugin may reach over HTTP(S). */
export const networkPermissionSchema = z.strictObject({ host: z.string().max(253).regex(HOST_PATTERN), reason });

/**
 * A native helper the plugin may start. `executable` is its path relative to the plugin
 * root (e.g. `bin/bridge`) or just its file name; `scope` says whether each component
 * instance gets its own process (`instance`, default) or all instances share one
 * (`package-shared`); `restart: "on-failure"` restarts it after a crash, with backoff;
 * `channels: true` gives it control and data sockets instead of plain stdio;
 * `stdin_buffer_kb` lowers how much written data the host queues for it (default and
 * most 1024 KiB), so a writer feeding a realtime helper keeps its latency short.
 */
export const SIDECAR_STDIN_BUFFER_KB = { min: 1, max: 1024 } as const;

export const sidecarPermissionSchema = z.strictObject({
  executable: text(200),
  reason,
  scope: z.enum(['instance', 'package-shared']).optional(),
  restart: z.enum(['never', 'on-failure']).optional(),
  channels: z.boolean().optional(),
  stdin_buffer_kb: int(SIDECAR_STDIN_BUFFER_KB).optional(),
});

/** The plugin's key-value store quota. */
export const storagePermissionSchema = z.strictObject({ quota_kb: int(BOUNDS.storageQuotaKb), reason });

/** Capabilities the plugin asks for, each with a reason shown to the user. */
export const permissionsSchema = z.strictObject({
  network: z.array(networkPermissionSchema).max(64).optional(),
  sidecar: z.array(sidecarPermissionSchema).max(16).optional(),
  storage: storagePermissionSchema.optional(),
});

/** Which host versions the plugin runs on. */
export const enginesSchema = z.strictObject({ fugue: semverRange });

/** plugin.json v1 as written, before defaults are filled in. */
export const manifestSchema = z.strictObject({
  schema_version: z.literal(1),
  id: z.string().max(100).regex(PLUGIN_ID_PATTERN),
  name: text(80),
  version: exactSemver,
  api_version: exactSemver,
  engines: enginesSchema,
  description: z.string().max(1000).optional(),
  publisher: text(100).optional(),
  components: z.array(componentSchema).min(1).max(64),
  permissions: permissionsSchema.optional(),
});

/** plugin.json as written by an author (what `JSON.parse` must produce to be accepted). */
export type ManifestInput = z.input<typeof manifestSchema>;

/** plugin.json after its shape is checked, before rules and defaults. */
export type ManifestShape = z.output<typeof manifestSchema>;

/** A component as written, after its shape is checked. */
export type ComponentShape = z.output<typeof componentSchema>;

/** One ability of a component. */
export type Ability = z.output<typeof abilitySchema>;

/** The `permissions` block of a manifest. */
export type Permissions = z.output<typeof permissionsSchema>;

/** A network permission: a host and why it is needed. */
export type NetworkPermission = z.output<typeof networkPermissionSchema>;

/** A sidecar permission: an executable and why it is needed. */
export type SidecarPermission = z.output<typeof sidecarPermissionSchema>;

/** A storage permission: a quota and why it is needed. */
export type StoragePermission = z.output<typeof storagePermissionSchema>;
