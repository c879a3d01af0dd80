/**
 * The one entry point for reading plugin.json: shape (zod), then rules, then defaults.
 * Problems come back as data, each naming the field and what to do about it.
 */
import semver from 'semver';
import { SCHEMA_VERSION, SUPPORTED_API_VERSIONS, witFolderOf } from './constants.ts';
import { manifestIssue, type ManifestIssue } from './issues.ts';
import { findJsonSyntaxError, lineAndColumn } from './json-error.ts';
import { resolveManifest, type PluginManifest } from './resolve.ts';
import { checkRules, type RuleOptions } from './rules.ts';
import { manifestSchema } from './schema.ts';
import { fromZodIssues } from './zod-issues.ts';

/** A parsed manifest, or every problem found. */
export type ManifestParseResult = { ok: true; manifest: PluginManifest } | { ok: false; issues: ManifestIssue[] };

/** Options of {@link parseManifest}. */
export type ParseManifestOptions = RuleOptions;

/**
 * Checks a value (already `JSON.parse`d) against plugin.json v1 and fills in defaults.
 * A manifest for another schema or API version is refused with that single issue,
 * since its other fields may be ones this host does not know.
 */
export function parseManifest(json: unknown, options: ParseManifestOptions = {}): ManifestParseResult {
  const versionIssue = checkVersions(json);
  if (versionIssue !== undefined) return { ok: false, issues: [versionIssue] };
  const shape = manifestSchema.safeParse(json, { reportInput: true });
  if (!shape.success) return { ok: false, issues: fromZodIssues(shape.error.issues) };
  const issues = checkRules(shape.data, options);
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, manifest: resolveManifest(shape.data) };
}

/** Parses plugin.json text (a leading byte-order mark is allowed), then {@link parseManifest}. */
export function parseManifestText(text: string, options: ParseManifestOptions = {}): ManifestParseResult {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (source.trim() === '') {
    return { ok: false, issues: [manifestIssue([], 'is empty; write a JSON object with schema_version, id, name, version, api_version, engines and components')] };
  }
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch (error) {
    return { ok: false, issues: [manifestIssue([], describeJsonError(source, error))] };
  }
  return parseManifest(json, options);
}

function checkVersions(json: unknown): ManifestIssue | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const { schema_version: schemaVersion, api_version: apiVersion } = json as Record<string, unknown>;
  if (typeof schemaVersion === 'number' && schemaVersion !== SCHEMA_VERSION) {
    return manifestIssue(
      ['schema_version'],
      `${schemaVersion} is not supported; this version of Fugue reads schema_version ${SCHEMA_VERSION}. Update Fugue, or write a schema_version ${SCHEMA_VERSION} manifest`,
      'unsupported',
    );
  }
  const supported: readonly string[] = SUPPORTED_API_VERSIONS;
  if (typeof apiVersion === 'string' && semver.valid(apiVersion) === apiVersion && !supported.includes(apiVersion)) {
    const list = SUPPORTED_API_VERSIONS.map((v) => `${v} (WIT package fugue:plugin@${v}, ${witFolderOf(v)})`).join(', ');
    return manifestIssue(
      ['api_version'],
      `"${apiVersion}" is not supported by this version of Fugue; supported: ${list}. Build the components against a supported version, or update Fugue`,
      'unsupported-api-version',
    );
  }
  return undefined;
}

function describeJsonError(text: string, error: unknown): string {
  const found = findJsonSyntaxError(text);
  if (found === undefined) return `is not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
  const { line, column } = lineAndColumn(text, found.offset);
  return `is not valid JSON at line ${line}, column ${column}: ${found.reason}`;
}
