/**
 * A problem found in a plugin package, as shown to a plugin author: where it is
 * (a JSON path into plugin.json, or the package itself) and what to do about it.
 */
import type { FugueErrorCode, FugueErrorData } from '../errors.ts';

/** The error codes a manifest or package check reports. */
export type ManifestIssueCode = Extract<
  FugueErrorCode,
  | 'invalid-manifest'
  | 'invalid-package'
  | 'unsupported-api-version'
  | 'unsupported'
  | 'world-mismatch'
  | 'not-found'
  | 'io'
  | 'internal'
>;

/**
 * One problem. `path` is a JSON path into plugin.json such as
 * `components[0].abilities[1].type_id`; {@link MANIFEST_ROOT} for the document as a
 * whole; {@link PACKAGE_ROOT} for the folder or archive around it.
 */
export interface ManifestIssue {
  path: string;
  /** What is wrong and what to do, e.g. `"dsp" is not a world; use one of …`. */
  message: string;
  code: ManifestIssueCode;
}

/** The `path` of an issue about plugin.json as a whole (not JSON, not an object, missing). */
export const MANIFEST_ROOT = 'plugin.json';

/** The `path` of an issue about the package folder or archive rather than the manifest. */
export const PACKAGE_ROOT = 'package';

/** A segment of a JSON path: an object key or an array index. */
export type PathSegment = string | number;

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Formats segments as a JSON path: `["components", 0, "world"]` → `components[0].world`;
 * keys that are not plain identifiers are quoted (`extension_scores["tar.gz"]`).
 * No segments yields {@link MANIFEST_ROOT}.
 */
export function formatJsonPath(segments: readonly PathSegment[]): string {
  let path = '';
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) path += path === '' ? segment : `.${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path === '' ? MANIFEST_ROOT : path;
}

/** Builds an issue about the manifest field at `segments`. */
export function manifestIssue(
  segments: readonly PathSegment[],
  message: string,
  code: ManifestIssueCode = 'invalid-manifest',
): ManifestIssue {
  return { path: formatJsonPath(segments), message, code };
}

/** One line for a terminal or log: `<path>: <message>`. */
export function formatIssue(issue: ManifestIssue): string {
  return `${issue.path}: ${issue.message}`;
}

/**
 * Folds issues into one {@link FugueErrorData} for boundaries that carry a single error
 * (the installer's result). The code is the first issue's; the message lists every line.
 */
export function issuesToErrorData(issues: readonly ManifestIssue[], pluginId?: string): FugueErrorData {
  const [first] = issues;
  const lines = issues.map(formatIssue);
  return {
    code: first?.code ?? 'invalid-manifest',
    message: lines.length === 1 ? (lines[0] ?? '') : `${lines.length} problems:\n${lines.join('\n')}`,
    ...(pluginId === undefined ? {} : { plugin: { pluginId } }),
  };
}

/** Quotes a value for a message: strings in JSON quotes (shortened), lists and objects by name. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object' && value !== null) return 'an object';
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  }
  return String(value);
}
