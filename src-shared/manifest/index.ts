/**
 * plugin.json v1: read it with {@link parseManifestText} or {@link parseManifest}; get a
 * {@link PluginManifest} with defaults filled in, or {@link ManifestIssue}s that each
 * name a field and say what to do.
 */
export * from './constants.ts';
export * from './issues.ts';
export * from './paths.ts';
export { parseManifest, parseManifestText, type ManifestParseResult, type ParseManifestOptions } from './parse.ts';
export type { ComponentManifest, Limits, PluginManifest, ResolvedPermissions, Threading } from './resolve.ts';
export {
  EXTENSION_PATTERN,
  HOST_PATTERN,
  LOCAL_ID_PATTERN,
  PLUGIN_ID_PATTERN,
  manifestSchema,
  type Ability,
  type ComponentShape,
  type ManifestInput,
  type ManifestShape,
  type NetworkPermission,
  type Permissions,
  type SidecarPermission,
  type StoragePermission,
} from './schema.ts';
export { EXAMPLE_MANIFESTS } from './examples.ts';
