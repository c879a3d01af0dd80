/**
 * Turns zod's issues into messages a plugin author can act on: the field's path, what
 * was found, and what to write instead (from `field-help.ts`). Unknown keys get a
 * "did you mean" when a known key is close.
 */
import type { z } from 'zod';
import { helpFor, pathPattern } from './field-help.ts';
import { describeValue, manifestIssue, type ManifestIssue, type PathSegment } from './issues.ts';
import {
  abilitySchema,
  componentSchema,
  enginesSchema,
  limitsSchema,
  manifestSchema,
  networkPermissionSchema,
  permissionsSchema,
  sidecarPermissionSchema,
  storagePermissionSchema,
  threadingSchema,
} from './schema.ts';

type ZodIssue = z.core.$ZodIssue;

/** The keys each strict object of plugin.json accepts, by path pattern. */
const KNOWN_KEYS: Readonly<Record<string, readonly string[]>> = {
  '': Object.keys(manifestSchema.shape),
  engines: Object.keys(enginesSchema.shape),
  'components[]': Object.keys(componentSchema.shape),
  'components[].abilities[]': Object.keys(abilitySchema.shape),
  'components[].threading': Object.keys(threadingSchema.shape),
  'components[].limits': Object.keys(limitsSchema.shape),
  permissions: Object.keys(permissionsSchema.shape),
  'permissions.network[]': Object.keys(networkPermissionSchema.shape),
  'permissions.sidecar[]': Object.keys(sidecarPermissionSchema.shape),
  'permissions.storage': Object.keys(storagePermissionSchema.shape),
};

/** Converts every zod issue into one or more {@link ManifestIssue}s. */
export function fromZodIssues(issues: readonly ZodIssue[]): ManifestIssue[] {
  return issues.flatMap(fromZodIssue);
}

function fromZodIssue(issue: ZodIssue): ManifestIssue[] {
  const path = issue.path.map(toSegment);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => manifestIssue([...path, key], unknownKeyMessage(path, key)));
  }
  if (issue.code === 'invalid_key') {
    return [manifestIssue(path, wrongValueMessage(path, path.at(-1), '#key', issue.message))];
  }
  return [manifestIssue(path, valueMessage(issue, path))];
}

function valueMessage(issue: ZodIssue, path: PathSegment[]): string {
  const input = issue.input;
  const help = helpFor(path);
  if (issue.code === 'invalid_type' && input === undefined) {
    return help === undefined ? 'required' : `required; set it to ${help.expect}`;
  }
  if ((issue.code === 'too_small' || issue.code === 'too_big') && help !== undefined) {
    if (Array.isArray(input)) {
      return `${input.length === 0 ? 'is empty' : `has ${input.length} entries`}; use ${help.expect}`;
    }
    if (typeof input === 'string') {
      return `${input.trim() === '' ? 'is empty' : `is ${input.length} characters long`}; use ${help.expect}`;
    }
  }
  return wrongValueMessage(path, input, '', issue.message);
}

function wrongValueMessage(path: PathSegment[], value: unknown, suffix: string, fallback: string): string {
  const help = helpFor(path, suffix);
  if (help === undefined) return `${describeValue(value)}: ${fallback}`;
  return `${describeValue(value)} is not ${help.noun}; use ${help.expect}`;
}

function unknownKeyMessage(path: PathSegment[], key: string): string {
  const known = KNOWN_KEYS[pathPattern(path)] ?? [];
  const guess = closestKey(key, known);
  if (guess !== undefined) return `unknown field; did you mean "${guess}"?`;
  return known.length === 0 ? 'unknown field; remove it' : `unknown field; remove it (fields here: ${known.join(', ')})`;
}

/** A known key that `key` is probably a typo of: same letters ignoring case and `_`/`-`, or ≤ 2 edits away. */
function closestKey(key: string, known: readonly string[]): string | undefined {
  const squash = (value: string) => value.toLowerCase().replace(/[_-]/g, '');
  const same = known.find((candidate) => squash(candidate) === squash(key));
  if (same !== undefined) return same;
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate);
    if (distance <= 2 && (best === undefined || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function toSegment(key: PropertyKey): PathSegment {
  return typeof key === 'symbol' ? String(key) : key;
}
