/**
 * What each plugin.json field must hold, in words for a plugin author. Keys are path
 * patterns: array indices become `[]` and free-form map keys `*`
 * (`components[].abilities[].extension_scores.*`).
 */
import { ABILITY_KINDS, BOUNDS, POOLS, SUPPORTED_API_VERSIONS, THREADING_MODELS, WORLDS } from './constants.ts';

/** A field's name in a sentence (`a world`) and the value to write instead (`one of …`). */
export interface FieldHelp {
  noun: string;
  expect: string;
}

const range = (bounds: { min: number; max: number }, unit = '') =>
  `an integer from ${bounds.min} to ${bounds.max}${unit === '' ? '' : ` (${unit})`}`;
const localId = (example: string) =>
  `a lowercase name such as "${example}": a letter, then a-z, 0-9 or "-", at most 64 characters`;
const reason = {
  noun: 'a reason',
  expect: 'a sentence of 1 to 300 characters telling the user why the plugin needs this',
};
const ability = 'components[].abilities[]';

/** Help for every field of plugin.json v1, keyed by path pattern. */
export const FIELD_HELP: Readonly<Record<string, FieldHelp>> = {
  '': { noun: 'a plugin manifest', expect: 'a JSON object with schema_version, id, name, version, api_version, engines and components' },
  schema_version: { noun: 'a supported schema version', expect: '1' },
  id: {
    noun: 'a valid plugin id',
    expect: 'lowercase reverse-DNS such as "org.example.gain": labels of a-z, 0-9 and "-" joined by dots, at most 100 characters',
  },
  name: { noun: 'a display name', expect: 'a name of 1 to 80 characters' },
  version: { noun: 'a semantic version', expect: 'a version such as "1.2.0" (semver, no leading "v")' },
  api_version: {
    noun: 'an API version',
    expect: `the fugue:plugin version the components target: ${SUPPORTED_API_VERSIONS.join(', ')}`,
  },
  engines: { noun: 'an engines object', expect: '{ "fugue": ">=0.1.0" }' },
  'engines.fugue': { noun: 'a version range', expect: 'a semver range of Fugue versions such as ">=0.1.0" or "^0.1.0"' },
  description: { noun: 'a description', expect: 'text of at most 1000 characters' },
  publisher: { noun: 'a publisher name', expect: 'a name of 1 to 100 characters' },
  components: {
    noun: 'a list of components',
    expect: 'a list of 1 to 64 objects with "id", "path", "world" and "abilities"',
  },
  'components[]': { noun: 'a component', expect: 'an object with "id", "path", "world" and "abilities"' },
  'components[].id': { noun: 'a valid component id', expect: localId('main') },
  'components[].path': {
    noun: 'a package path',
    expect: 'the component file relative to the package root, such as "main.wasm"',
  },
  'components[].world': { noun: 'a world', expect: `one of ${WORLDS.join(', ')}` },
  'components[].abilities': {
    noun: 'a list of abilities',
    expect: 'a list of 1 to 64 objects with "kind", "type_id" and "display_name"',
  },
  [ability]: { noun: 'an ability', expect: 'an object with "kind", "type_id" and "display_name"' },
  [`${ability}.kind`]: { noun: 'an ability kind', expect: `one of ${ABILITY_KINDS.join(', ')}` },
  [`${ability}.type_id`]: { noun: 'a valid type id', expect: localId('gain') },
  [`${ability}.display_name`]: { noun: 'a display name', expect: 'a name of 1 to 80 characters' },
  [`${ability}.config_schema`]: {
    noun: 'a settings schema',
    expect: 'a JSON Schema object such as { "type": "object", "properties": { … } }',
  },
  [`${ability}.extension_scores`]: {
    noun: 'an extension score map',
    expect: 'an object mapping lowercase extensions (no dot) to scores from 0 to 100, such as { "flac": 90 }',
  },
  [`${ability}.extension_scores.*`]: { noun: 'a score', expect: range(BOUNDS.extensionScore) },
  [`${ability}.extension_scores.*#key`]: {
    noun: 'a file extension',
    expect: 'lowercase letters and digits without the leading dot, such as "flac"',
  },
  'components[].threading': {
    noun: 'a threading object',
    expect: '{ "model": "shared_pool", "pool": "cpu", "max_instances": 1 }',
  },
  'components[].threading.model': { noun: 'a threading model', expect: `one of ${THREADING_MODELS.join(', ')}` },
  'components[].threading.pool': { noun: 'a pool', expect: `one of ${POOLS.join(', ')}` },
  'components[].threading.max_instances': { noun: 'a valid max_instances', expect: range(BOUNDS.maxInstances) },
  'components[].limits': { noun: 'a limits object', expect: '{ "memory_mb": 64, "call_timeout_ms": 5000 }' },
  'components[].limits.memory_mb': { noun: 'a valid memory_mb', expect: range(BOUNDS.memoryMb, 'megabytes') },
  'components[].limits.call_timeout_ms': {
    noun: 'a valid call_timeout_ms',
    expect: range(BOUNDS.callTimeoutMs, 'milliseconds'),
  },
  permissions: {
    noun: 'a permissions object',
    expect: 'an object with any of "network", "sidecar" and "storage"',
  },
  'permissions.network': {
    noun: 'a list of network permissions',
    expect: 'a list such as [{ "host": "lrclib.net", "reason": "Look up lyrics" }]',
  },
  'permissions.network[]': { noun: 'a network permission', expect: '{ "host": "lrclib.net", "reason": "…" }' },
  'permissions.network[].host': {
    noun: 'a host name',
    expect: 'a lowercase host such as "lrclib.net", or "*.example.com" for its subdomains; no scheme, port or path',
  },
  'permissions.network[].reason': reason,
  'permissions.sidecar': {
    noun: 'a list of sidecar permissions',
    expect: 'a list such as [{ "executable": "ffmpeg", "reason": "…" }]',
  },
  'permissions.sidecar[]': { noun: 'a sidecar permission', expect: '{ "executable": "ffmpeg", "reason": "…" }' },
  'permissions.sidecar[].executable': {
    noun: 'an executable name',
    expect: 'a path relative to the plugin root such as "bin/ffmpeg", or a file name such as "ffmpeg" (1 to 200 characters)',
  },
  'permissions.sidecar[].scope': { noun: 'a sidecar scope', expect: '"instance" (one process per component instance) or "package-shared" (one process for the plugin)' },
  'permissions.sidecar[].restart': { noun: 'a restart policy', expect: '"never" or "on-failure" (restart after a crash, with backoff)' },
  'permissions.sidecar[].channels': { noun: 'a channels flag', expect: 'true (control and data sockets) or false (plain stdin/stdout)' },
  'permissions.sidecar[].reason': reason,
  'permissions.storage': { noun: 'a storage permission', expect: '{ "quota_kb": 1024, "reason": "…" }' },
  'permissions.storage.quota_kb': { noun: 'a valid quota_kb', expect: range(BOUNDS.storageQuotaKb, 'kilobytes') },
  'permissions.storage.reason': reason,
};

/** Turns a path into its pattern: indices become `[]`, keys of free-form maps `*`. */
export function pathPattern(segments: readonly (string | number)[]): string {
  let pattern = '';
  for (const segment of segments) {
    if (typeof segment === 'number') pattern += '[]';
    else if (pattern.endsWith('.extension_scores')) pattern += '.*';
    else pattern += pattern === '' ? segment : `.${segment}`;
  }
  return pattern;
}

/** The help for the field at `segments`, if the field is one of plugin.json's own. */
export function helpFor(segments: readonly (string | number)[], suffix = ''): FieldHelp | undefined {
  return FIELD_HELP[pathPattern(segments) + suffix];
}
