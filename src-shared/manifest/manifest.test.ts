import { describe, expect, it } from 'vitest';
import { EXAMPLE_MANIFESTS } from './examples.ts';
import { formatIssue, issuesToErrorData, parseManifest, parseManifestText, type ManifestIssue } from './index.ts';

type Json = Record<string, unknown>;

/** Follows `components[0].abilities[1].kind`-style paths. */
function splitPath(path: string): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] === undefined ? (m[1] ?? '') : Number(m[2])));
}

function follow(value: unknown, segments: (string | number)[]): unknown {
  return segments.reduce<unknown>((node, key) => (node as Json | undefined)?.[key as string], value);
}

function at(value: unknown, path: string): unknown {
  return follow(value, splitPath(path));
}

/** A copy of `base` with each path set (or deleted when the value is undefined). */
function edit(base: unknown, changes: Record<string, unknown>): unknown {
  const copy = structuredClone(base);
  for (const [path, value] of Object.entries(changes)) {
    const segments = splitPath(path);
    const parent = follow(copy, segments.slice(0, -1)) as Json;
    const key = segments.at(-1) as string;
    if (value === undefined) delete parent[key];
    else parent[key] = value;
  }
  return copy;
}

const { decoder, source, lyrics, dsp } = EXAMPLE_MANIFESTS;
const sink = EXAMPLE_MANIFESTS['output-sink'];

interface ValidCase {
  name: string;
  manifest: unknown;
  /** Paths into the parsed manifest and the value each must hold (defaults filled in). */
  expected: Record<string, unknown>;
}

const validCases: ValidCase[] = [
  { name: 'decoder example', manifest: decoder, expected: { 'components[0].threading': { model: 'shared_pool', pool: 'cpu', max_instances: 1 }, 'components[0].limits': { memory_mb: 64, call_timeout_ms: 5000 } } },
  { name: 'source example keeps its dedicated threading', manifest: source, expected: { 'components[0].threading': { model: 'dedicated', max_instances: 2 }, 'components[0].limits.call_timeout_ms': 10000 } },
  { name: 'lyrics example runs in the io pool', manifest: lyrics, expected: { 'components[0].threading.pool': 'io', 'components[0].limits': { memory_mb: 64, call_timeout_ms: 15000 } } },
  { name: 'output-sink example gets the sink timeout', manifest: sink, expected: { 'components[0].limits.call_timeout_ms': 2000, 'permissions.network': [] } },
  { name: 'dsp example keeps its memory cap', manifest: dsp, expected: { 'components[0].limits': { memory_mb: 16, call_timeout_ms: 1000 }, 'permissions.sidecar': [] } },
  { name: 'shared_pool without a pool gets the kind default', manifest: edit(source, { 'components[0].threading': { model: 'shared_pool' } }), expected: { 'components[0].threading': { model: 'shared_pool', pool: 'io', max_instances: 1 } } },
  { name: 'an explicit pool wins over the default', manifest: edit(lyrics, { 'components[0].threading': { model: 'shared_pool', pool: 'cpu', max_instances: 4 } }), expected: { 'components[0].threading.pool': 'cpu', 'components[0].threading.max_instances': 4 } },
  { name: 'paths are normalised', manifest: edit(dsp, { 'components[0].path': './build//gain.wasm' }), expected: { 'components[0].path': 'build/gain.wasm' } },
  { name: 'same type_id under different kinds is allowed', manifest: edit(dsp, { components: [...(dsp.components as Json[]), { id: 'sink', path: 's.wasm', world: 'output-sink-plugin', abilities: [{ kind: 'output-sink', type_id: 'gain', display_name: 'Gain sink' }] }] }), expected: { 'components[1].abilities[0].type_id': 'gain' } },
  { name: 'display names are trimmed', manifest: edit(dsp, { name: '  Gain  ' }), expected: { name: 'Gain' } },
  {
    name: 'sidecar scope, restart and channels are kept as written',
    manifest: edit(sink, { 'permissions.sidecar[0]': { executable: 'bin/bridge', reason: 'Talk to the device', scope: 'package-shared', restart: 'on-failure', channels: true } }),
    expected: { 'permissions.sidecar[0]': { executable: 'bin/bridge', reason: 'Talk to the device', scope: 'package-shared', restart: 'on-failure', channels: true } },
  },
];

interface InvalidCase {
  name: string;
  manifest: unknown;
  path: string;
  message: string;
  code?: ManifestIssue['code'];
}

const invalidCases: InvalidCase[] = [
  { name: 'not an object', manifest: [1, 2], path: 'plugin.json', message: 'a list is not a plugin manifest' },
  { name: 'missing id', manifest: edit(dsp, { id: undefined }), path: 'id', message: 'required; set it to lowercase reverse-DNS' },
  { name: 'id not reverse-DNS', manifest: edit(dsp, { id: 'Gain' }), path: 'id', message: '"Gain" is not a valid plugin id' },
  { name: 'id too long', manifest: edit(dsp, { id: `org.${'a'.repeat(100)}` }), path: 'id', message: 'at most 100 characters' },
  { name: 'empty name', manifest: edit(dsp, { name: ' ' }), path: 'name', message: 'is empty; use a name of 1 to 80 characters' },
  { name: 'version with a leading v', manifest: edit(dsp, { version: 'v1.0.0' }), path: 'version', message: '"v1.0.0" is not a semantic version' },
  { name: 'unsupported api_version names the supported ones', manifest: edit(dsp, { api_version: '0.2.0' }), path: 'api_version', message: 'supported: 0.1.0 (WIT package fugue:plugin@0.1.0', code: 'unsupported-api-version' },
  { name: 'api_version that is not semver', manifest: edit(dsp, { api_version: 'latest' }), path: 'api_version', message: 'is not an API version; use the fugue:plugin version the components target: 0.1.0' },
  { name: 'newer schema_version', manifest: edit(dsp, { schema_version: 2, future_field: true }), path: 'schema_version', message: 'this version of Fugue reads schema_version 1', code: 'unsupported' },
  { name: 'engines range is not a range', manifest: edit(dsp, { 'engines.fugue': 'soon' }), path: 'engines.fugue', message: '"soon" is not a version range' },
  { name: 'unknown top-level key suggests the right one', manifest: edit(dsp, { apiVersion: '0.1.0' }), path: 'apiVersion', message: 'unknown field; did you mean "api_version"?' },
  { name: 'unknown top-level key lists the fields', manifest: edit(dsp, { homepage: 'x' }), path: 'homepage', message: 'remove it (fields here: schema_version, id' },
  { name: 'typo inside a component', manifest: edit(dsp, { 'components[0].abilites': [] }), path: 'components[0].abilites', message: 'did you mean "abilities"?' },
  { name: 'no components', manifest: edit(dsp, { components: [] }), path: 'components', message: 'is empty; use a list of 1 to 64 objects' },
  { name: 'world that does not exist', manifest: edit(dsp, { 'components[0].world': 'dsp' }), path: 'components[0].world', message: '"dsp" is not a world; use one of decoder-plugin, source-plugin, lyrics-plugin, output-sink-plugin, dsp-plugin' },
  { name: 'component id with capitals', manifest: edit(dsp, { 'components[0].id': 'Main' }), path: 'components[0].id', message: '"Main" is not a valid component id' },
  { name: 'duplicate component ids', manifest: edit(dsp, { components: [(dsp.components as Json[])[0], { ...(dsp.components as Json[])[0], abilities: [{ kind: 'dsp', type_id: 'echo', display_name: 'Echo' }] }] }), path: 'components[1].id', message: '"main" is already the id of components[0]' },
  { name: 'duplicate (kind, type_id) across components', manifest: edit(dsp, { components: [(dsp.components as Json[])[0], { id: 'other', path: 'o.wasm', world: 'dsp-plugin', abilities: [{ kind: 'dsp', type_id: 'gain', display_name: 'Gain 2' }] }] }), path: 'components[1].abilities[0].type_id', message: 'dsp "gain" is already declared at components[0].abilities[0]' },
  { name: 'kind does not match world', manifest: edit(dsp, { 'components[0].abilities[0].kind': 'source' }), path: 'components[0].abilities[0].kind', message: 'does not match the component\'s world "dsp-plugin"' },
  { name: 'unknown ability kind', manifest: edit(dsp, { 'components[0].abilities[0].kind': 'effect' }), path: 'components[0].abilities[0].kind', message: '"effect" is not an ability kind; use one of decoder, source' },
  { name: 'no abilities', manifest: edit(dsp, { 'components[0].abilities': [] }), path: 'components[0].abilities', message: 'is empty' },
  { name: 'decoder without extension scores', manifest: edit(decoder, { 'components[0].abilities[0].extension_scores': undefined }), path: 'components[0].abilities[0].extension_scores', message: 'required for decoders' },
  { name: 'decoder with empty extension scores', manifest: edit(decoder, { 'components[0].abilities[0].extension_scores': {} }), path: 'components[0].abilities[0].extension_scores', message: 'is empty; add at least one file extension' },
  { name: 'extension scores on a dsp', manifest: edit(dsp, { 'components[0].abilities[0].extension_scores': { wav: 1 } }), path: 'components[0].abilities[0].extension_scores', message: 'only decoders have extension scores' },
  { name: 'extension with a dot', manifest: edit(decoder, { 'components[0].abilities[0].extension_scores': { '.wav': 90 } }), path: 'components[0].abilities[0].extension_scores[".wav"]', message: 'is not a file extension; use lowercase letters and digits without the leading dot' },
  { name: 'score above 100', manifest: edit(decoder, { 'components[0].abilities[0].extension_scores': { wav: 101 } }), path: 'components[0].abilities[0].extension_scores.wav', message: '101 is not a score; use an integer from 0 to 100' },
  { name: 'pool with dedicated threading', manifest: edit(dsp, { 'components[0].threading': { model: 'dedicated', pool: 'cpu' } }), path: 'components[0].threading.pool', message: 'only a shared_pool component runs in a pool' },
  { name: 'unknown pool', manifest: edit(dsp, { 'components[0].threading': { model: 'shared_pool', pool: 'gpu' } }), path: 'components[0].threading.pool', message: '"gpu" is not a pool; use one of io, cpu' },
  { name: 'too many instances', manifest: edit(dsp, { 'components[0].threading': { model: 'dedicated', max_instances: 17 } }), path: 'components[0].threading.max_instances', message: 'an integer from 1 to 16' },
  { name: 'fractional memory_mb', manifest: edit(dsp, { 'components[0].limits.memory_mb': 1.5 }), path: 'components[0].limits.memory_mb', message: '1.5 is not a valid memory_mb; use an integer from 1 to 1024 (megabytes)' },
  { name: 'call timeout too short', manifest: edit(dsp, { 'components[0].limits.call_timeout_ms': 5 }), path: 'components[0].limits.call_timeout_ms', message: 'from 10 to 600000 (milliseconds)' },
  { name: 'absolute path', manifest: edit(dsp, { 'components[0].path': '/usr/lib/gain.wasm' }), path: 'components[0].path', message: 'is absolute; write it relative to the package root' },
  { name: 'path climbing out', manifest: edit(dsp, { 'components[0].path': 'lib/../../gain.wasm' }), path: 'components[0].path', message: 'contains a ".." segment' },
  { name: 'path with backslashes', manifest: edit(dsp, { 'components[0].path': 'lib\\gain.wasm' }), path: 'components[0].path', message: 'uses a backslash; separate folders with "/"' },
  { name: 'path with a drive letter', manifest: edit(dsp, { 'components[0].path': 'C:gain.wasm' }), path: 'components[0].path', message: 'starts with a drive letter' },
  { name: 'path naming the root', manifest: edit(dsp, { 'components[0].path': './' }), path: 'components[0].path', message: 'names no file' },
  { name: 'config schema that is not an object schema', manifest: edit(dsp, { 'components[0].abilities[0].config_schema': { type: 'array' } }), path: 'components[0].abilities[0].config_schema.type', message: 'use "type": "object"' },
  { name: 'setting of an unsupported type', manifest: edit(dsp, { 'components[0].abilities[0].config_schema.properties': { curve: { type: 'object' } } }), path: 'components[0].abilities[0].config_schema.properties.curve.type', message: '"object" is not a supported setting type; use one of boolean, integer, number, string, or array' },
  { name: 'list setting of numbers', manifest: edit(source, { 'components[0].abilities[0].config_schema.properties': { bands: { type: 'array', items: { type: 'number' } } } }), path: 'components[0].abilities[0].config_schema.properties.bands.items', message: 'only lists of strings are supported' },
  { name: 'setting default of the wrong type', manifest: edit(dsp, { 'components[0].abilities[0].config_schema.properties': { 'gain-db': { type: 'number', default: 'loud' } } }), path: 'components[0].abilities[0].config_schema.properties["gain-db"].default', message: '"loud" does not match "type": "number"' },
  { name: 'required names a missing setting', manifest: edit(dsp, { 'components[0].abilities[0].config_schema.required': ['volume'] }), path: 'components[0].abilities[0].config_schema.required[0]', message: '"volume" is not one of the properties (gain_db, soft_clip)' },
  { name: 'network host with a scheme', manifest: edit(lyrics, { 'permissions.network[0].host': 'https://lrclib.net' }), path: 'permissions.network[0].host', message: 'is not a host name; use a lowercase host such as "lrclib.net"' },
  { name: 'permission without a reason', manifest: edit(sink, { 'permissions.sidecar[0].reason': undefined }), path: 'permissions.sidecar[0].reason', message: 'required; set it to a sentence' },
  { name: 'sidecar scope that does not exist', manifest: edit(sink, { 'permissions.sidecar[0].scope': 'global' }), path: 'permissions.sidecar[0].scope', message: '"instance" (one process per component instance) or "package-shared"' },
  { name: 'sidecar restart that does not exist', manifest: edit(sink, { 'permissions.sidecar[0].restart': 'always' }), path: 'permissions.sidecar[0].restart', message: '"never" or "on-failure"' },
  { name: 'sidecar channels that is not a boolean', manifest: edit(sink, { 'permissions.sidecar[0].channels': 'unix' }), path: 'permissions.sidecar[0].channels', message: 'true (control and data sockets) or false' },
  { name: 'unknown sidecar field', manifest: edit(sink, { 'permissions.sidecar[0].transport': 'tcp' }), path: 'permissions.sidecar[0].transport', message: 'unknown field; remove it (fields here: executable, reason, scope, restart, channels, stdin_buffer_kb)' },
  { name: 'sidecar stdin buffer over 1 MiB', manifest: edit(sink, { 'permissions.sidecar[0].stdin_buffer_kb': 4096 }), path: 'permissions.sidecar[0].stdin_buffer_kb', message: 'expected number to be <=1024' },
  { name: 'unknown permission', manifest: edit(dsp, { permissions: { filesystem: [] } }), path: 'permissions.filesystem', message: 'unknown field; remove it (fields here: network, sidecar, storage)' },
  { name: 'storage quota of zero', manifest: edit(source, { 'permissions.storage.quota_kb': 0 }), path: 'permissions.storage.quota_kb', message: 'from 1 to 1048576 (kilobytes)' },
];

describe('parseManifest: valid manifests', () => {
  it.each(validCases)('$name', ({ manifest, expected }) => {
    const result = parseManifest(manifest);
    if (!result.ok) expect.fail(result.issues.map(formatIssue).join('\n'));
    for (const [path, value] of Object.entries(expected)) expect(at(result.manifest, path), path).toEqual(value);
  });
});

describe('parseManifest: each problem names the field and what to do', () => {
  it.each(invalidCases)('$name', ({ manifest, path, message, code }) => {
    const result = parseManifest(manifest);
    expect(result.ok).toBe(false);
    const issues = result.ok ? [] : result.issues;
    const issue = issues.find((candidate) => candidate.path === path);
    expect(issue, `no issue at ${path}; got:\n${issues.map(formatIssue).join('\n')}`).toBeDefined();
    expect(issue?.message).toContain(message);
    expect(issue?.code).toBe(code ?? 'invalid-manifest');
  });
});

describe('parseManifest: reporting', () => {
  it('reports every shape problem at once, not just the first', () => {
    const result = parseManifest(edit(dsp, { id: 'X', 'components[0].world': 'nope', extra: 1 }));
    expect(result.ok ? [] : result.issues.map((issue) => issue.path).sort()).toEqual(['components[0].world', 'extra', 'id']);
  });

  it('refuses a plugin that needs a newer host when the host version is given', () => {
    const result = parseManifest(edit(dsp, { 'engines.fugue': '>=0.2.0' }), { hostVersion: '0.1.0' });
    expect(result.ok ? '' : formatIssue(result.issues[0] as ManifestIssue)).toBe(
      'engines.fugue: this plugin needs Fugue >=0.2.0, and this is Fugue 0.1.0; update Fugue or widen the range if the plugin works here',
    );
  });
});

describe('issuesToErrorData', () => {
  it('folds the problems into one error for the installer, one line each', () => {
    const result = parseManifest(edit(dsp, { id: 'X', 'components[0].world': 'nope' }));
    const error = issuesToErrorData(result.ok ? [] : result.issues, 'X');
    expect(error).toMatchObject({ code: 'invalid-manifest', plugin: { pluginId: 'X' } });
    expect(error.message.split('\n')).toEqual(['2 problems:', expect.stringMatching(/^id: /), expect.stringMatching(/^components\[0\]\.world: /)]);
  });
});

describe('parseManifestText', () => {
  it.each([
    { text: '{\n  "id": "org.example.gain",\n}\n', where: 'line 2, column 27', reason: 'trailing comma before "}"; remove it' },
    { text: '{ "id": }', where: 'line 1, column 9', reason: 'expected a value, found "}"' },
    { text: "{\n  'id': 'x'\n}", where: 'line 2, column 3', reason: 'expected a property name in double quotes' },
    { text: '{ "name": "Gain\n" }', where: 'line 1, column 16', reason: 'line break inside a string' },
    { text: '{ "id": "a" "name": "b" }', where: 'line 1, column 13', reason: 'expected "," or "}"' },
  ])('points at the line and column of invalid JSON: $reason', ({ text, where, reason }) => {
    const result = parseManifestText(text);
    const issue = result.ok ? undefined : result.issues[0];
    expect(issue?.path).toBe('plugin.json');
    expect(issue?.message.startsWith(`is not valid JSON at ${where}: ${reason}`), issue?.message).toBe(true);
  });

  it('says an empty file is empty', () => {
    const result = parseManifestText('  \n');
    expect(result.ok ? '' : result.issues[0]?.message).toMatch(/^is empty; write a JSON object/);
  });

  it('accepts a byte-order mark before the JSON', () => {
    expect(parseManifestText(`\uFEFF${JSON.stringify(dsp)}`).ok).toBe(true);
  });
});
