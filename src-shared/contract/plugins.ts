/**
 * The plugin-management half of the contract: what the Plugins screen lists and shows,
 * and the operations that change plugins. Install is a round trip: `plugins.install`
 * answers `consent-required` with what the package asks for when there is anything to
 * ask, and `plugins.answerConsent` finishes (or refuses) that install.
 */
import { z } from 'zod';
import { abilityKindSchema, fugueErrorSchema, pluginIdSchema, timestampSchema } from './common.ts';

/** The badge the list shows: the lifecycle, or `dev` when a dev folder runs in its place. */
export const pluginStatusSchema = z.enum(['installing', 'active', 'disabled', 'failed', 'pending-uninstall', 'dev']);

/** How a version is signed; `verified` only when a trusted publisher key matched. */
export const signatureSchema = z.object({
  state: z.enum(['verified', 'unverified']),
  reason: z.string(),
  publisher: z.string().optional(),
  keyId: z.string().optional(),
});

/** A dev-mode link: the folder a plugin runs from, and why its latest change did not load. */
export const devLinkSchema = z.object({
  folder: z.string(),
  version: z.string().optional(),
  linkedAt: timestampSchema,
  lastError: fugueErrorSchema.optional(),
});

/** One row of the plugin list. */
export const pluginSummarySchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  version: z.string().optional(),
  status: pluginStatusSchema,
  desired: z.enum(['enabled', 'disabled']),
  builtin: z.boolean(),
  kinds: z.array(abilityKindSchema),
  signature: signatureSchema,
  dev: devLinkSchema.optional(),
  lastError: fugueErrorSchema.optional(),
});

/** One ability of a component, and whether it has a settings form. */
export const abilityViewSchema = z.object({
  kind: abilityKindSchema,
  typeId: z.string(),
  displayName: z.string(),
  hasSettings: z.boolean(),
});

/** A declared capability and the user's decision on it. */
export const permissionViewSchema = z.object({
  /** `network:<host>`, `sidecar:<executable>` or `storage`. */
  key: z.string(),
  kind: z.enum(['network', 'sidecar', 'storage']),
  target: z.string(),
  quotaKb: z.number().optional(),
  reason: z.string(),
  granted: z.boolean(),
  /** A sentence for the user, e.g. `network access to api.example.com (to fetch lyrics)`. */
  description: z.string(),
});

/** A line of a plugin's event log. */
export const pluginEventSchema = z.object({
  seq: z.number(),
  at: timestampSchema,
  kind: z.string(),
  version: z.string().optional(),
  message: z.string(),
  error: fugueErrorSchema.optional(),
});

/** Counters of one running component in the host process (for the metrics chart). */
export const componentMetricsSchema = z.object({
  component: z.string(),
  version: z.string(),
  state: z.string(),
  calls: z.number(),
  errors: z.number(),
  timeouts: z.number(),
  restarts: z.number(),
  busyRejections: z.number(),
  latency: z.object({ p50Ms: z.number(), p99Ms: z.number(), samples: z.number() }),
  memoryBytes: z.number(),
  peakMemoryBytes: z.number(),
  instances: z.number(),
  queued: z.number(),
  running: z.number(),
  lastError: fugueErrorSchema.optional(),
});

/** Everything the details pane shows about one plugin. */
export const pluginDetailsSchema = pluginSummarySchema.extend({
  description: z.string().optional(),
  publisher: z.string().optional(),
  installedAt: timestampSchema.optional(),
  updatedAt: timestampSchema.optional(),
  /** Where it was installed from (a path, `upload`, `builtin:<file>`). */
  source: z.string().optional(),
  components: z.array(z.object({ id: z.string(), world: z.string(), abilities: z.array(abilityViewSchema) })),
  permissions: z.array(permissionViewSchema),
  metrics: z.array(componentMetricsSchema),
  events: z.array(pluginEventSchema),
});

/** Where a package comes from: bytes uploaded before (web shell, drag-and-drop) or a path on this machine. */
export const installSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('upload'), uploadId: z.string().min(1) }),
  z.object({ kind: z.literal('path'), path: z.string().min(1) }),
]);

/** A capability a package declares, as the consent dialog shows it. */
export const declaredPermissionSchema = permissionViewSchema.omit({ granted: true });

/** What the user is asked before a package is committed. */
export const consentRequestSchema = z.object({
  /** Names this pending install in `plugins.answerConsent`. */
  consentId: z.string(),
  pluginId: z.string(),
  name: z.string(),
  version: z.string(),
  previousVersion: z.string().optional(),
  declared: z.array(declaredPermissionSchema),
  /** What needs an answer: everything on a first install, what is new on an update. */
  toAsk: z.array(declaredPermissionSchema),
  /** When the host gives up waiting and refuses the install. */
  expiresAt: timestampSchema,
});

/** A committed install. */
export const installOutcomeSchema = z.object({
  pluginId: z.string(),
  version: z.string(),
  previousVersion: z.string().optional(),
  action: z.enum(['installed', 'updated', 'reinstalled', 'downgraded']),
  running: z.boolean(),
  granted: z.array(z.string()),
  signature: signatureSchema,
});

/** The answer to `plugins.install` and `plugins.answerConsent`. */
export const installReplySchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('consent-required'), request: consentRequestSchema }),
  z.object({ status: z.literal('installed'), outcome: installOutcomeSchema }),
]);

/**
 * A step of an install, as progress events report it, in order: `received` → `staged` →
 * `validated` → (`consent-required` → `consented`) → `transpiled` → `moved` → `started` →
 * `committed` → `activated`, and last `installed` or `failed` (with the error).
 */
export const installStepSchema = z.enum(['received', 'staged', 'validated', 'consent-required', 'consented', 'transpiled', 'moved', 'started', 'committed', 'activated', 'installed', 'failed']);

/** One field of a settings form (from the ability's JSON Schema). */
export const settingFieldSchema = z.object({
  key: z.string(),
  type: z.enum(['boolean', 'integer', 'number', 'string', 'array']),
  title: z.string(),
  description: z.string().optional(),
  default: z.union([z.boolean(), z.number(), z.string(), z.array(z.string())]).optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  choices: z.array(z.string()).optional(),
  required: z.boolean(),
  /**
   * What the values of a text-list field grant the plugin (its `"x-fugue-grant"`):
   * `file-roots` (folders it may read) or `network-hosts` (hosts of the URLs entered).
   */
  grant: z.enum(['file-roots', 'network-hosts']).optional(),
});

/** A settings value as the form sends it. */
export const settingValueSchema = z.union([z.boolean(), z.number(), z.string(), z.array(z.string())]);

/** The settings form of one ability, with the saved values. */
export const abilitySettingsSchema = z.object({
  typeId: z.string(),
  kind: abilityKindSchema,
  displayName: z.string(),
  fields: z.array(settingFieldSchema),
  values: z.record(z.string(), settingValueSchema),
});

/** Operations of the Plugins screen: params and result schemas. */
export const pluginOperations = {
  'plugins.list': { params: z.strictObject({ kind: abilityKindSchema.optional() }).optional(), result: z.array(pluginSummarySchema) },
  'plugins.details': { params: z.strictObject({ pluginId: pluginIdSchema }), result: pluginDetailsSchema },
  /** Just the metrics, for polling a chart without the rest of the details. */
  'plugins.metrics': { params: z.strictObject({ pluginId: pluginIdSchema }), result: z.array(componentMetricsSchema) },
  'plugins.events': { params: z.strictObject({ pluginId: pluginIdSchema, limit: z.int().min(1).max(1000).optional() }), result: z.array(pluginEventSchema) },
  'plugins.enable': { params: z.strictObject({ pluginId: pluginIdSchema }), result: pluginSummarySchema },
  'plugins.disable': { params: z.strictObject({ pluginId: pluginIdSchema }), result: pluginSummarySchema },
  'plugins.setPermission': {
    params: z.strictObject({ pluginId: pluginIdSchema, key: z.string().min(1), granted: z.boolean() }),
    result: permissionViewSchema,
  },
  'plugins.install': { params: z.strictObject({ source: installSourceSchema, allowDowngrade: z.boolean().optional() }), result: installReplySchema },
  'plugins.answerConsent': {
    params: z.strictObject({ consentId: z.string().min(1), approve: z.boolean(), grant: z.array(z.string()).optional() }),
    result: installReplySchema,
  },
  'plugins.uninstall': { params: z.strictObject({ pluginId: pluginIdSchema, keepData: z.boolean().optional() }), result: z.object({ pluginId: z.string(), completed: z.boolean() }) },
  'plugins.devLink': { params: z.strictObject({ folder: z.string().min(1) }), result: pluginSummarySchema },
  'plugins.devUnlink': { params: z.strictObject({ pluginId: pluginIdSchema }), result: z.object({ pluginId: z.string() }) },
  'plugins.settings': { params: z.strictObject({ pluginId: pluginIdSchema }), result: z.array(abilitySettingsSchema) },
  'plugins.saveSettings': {
    params: z.strictObject({ pluginId: pluginIdSchema, typeId: z.string().min(1), values: z.record(z.string(), settingValueSchema) }),
    result: z.object({ outcome: z.enum(['applied', 'needs-recreate', 'saved']) }),
  },
} as const;

export type PluginStatus = z.infer<typeof pluginStatusSchema>;
export type PluginSummary = z.infer<typeof pluginSummarySchema>;
export type PluginDetails = z.infer<typeof pluginDetailsSchema>;
export type PermissionView = z.infer<typeof permissionViewSchema>;
export type PluginEventView = z.infer<typeof pluginEventSchema>;
export type ComponentMetricsView = z.infer<typeof componentMetricsSchema>;
export type InstallSourceParam = z.infer<typeof installSourceSchema>;
export type ConsentRequestView = z.infer<typeof consentRequestSchema>;
export type InstallOutcomeView = z.infer<typeof installOutcomeSchema>;
export type InstallReply = z.infer<typeof installReplySchema>;
export type InstallStepView = z.infer<typeof installStepSchema>;
export type AbilitySettings = z.infer<typeof abilitySettingsSchema>;
