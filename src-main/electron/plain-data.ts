/**
 * Whether a value that came over IPC is plain data — what JSON could carry. Structured
 * clone can deliver Dates, Maps, typed arrays, Blobs and cycles too; none of those is a
 * contract param, so they are refused here, naming where they sit, before any schema runs.
 */

const MAX_DEPTH = 32;

/** Why `value` (found at `path`) is not plain data, or undefined when it is. */
export function plainDataProblem(value: unknown, path: string, depth = 0, seen = new Set<object>()): string | undefined {
  if (value === undefined || value === null) return undefined;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `${path}: must be a finite number`;
    case 'object':
      return objectProblem(value, path, depth, seen);
    default:
      return `${path}: a ${typeof value} is not plain data`;
  }
}

function objectProblem(value: object, path: string, depth: number, seen: Set<object>): string | undefined {
  if (depth >= MAX_DEPTH) return `${path}: nested deeper than ${MAX_DEPTH} levels`;
  if (seen.has(value)) return `${path}: refers back to itself`;
  const prototype: unknown = Object.getPrototypeOf(value);
  const isArray = Array.isArray(value) && prototype === Array.prototype;
  if (!isArray && prototype !== Object.prototype && prototype !== null) return `${path}: a ${value.constructor?.name ?? 'special object'} is not plain data`;
  seen.add(value);
  try {
    for (const [key, item] of Object.entries(value)) {
      const problem = plainDataProblem(item, isArray ? `${path}[${key}]` : `${path}.${key}`, depth + 1, seen);
      if (problem !== undefined) return problem;
    }
    return undefined;
  } finally {
    seen.delete(value);
  }
}
