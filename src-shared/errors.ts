/**
 * One error shape for every boundary: workers, IPC, WebSocket and the CLI.
 * Errors are data: a stable `code`, a message that says what happened and what to do,
 * and — when a plugin is involved — its identity down to the export that failed.
 */

/** Stable error codes. Add new ones at the end; never reuse or rename. */
export const FUGUE_ERROR_CODES = [
  'invalid-argument',
  'invalid-manifest',
  'invalid-package',
  'world-mismatch',
  'unsupported-api-version',
  'not-found',
  'io',
  'network',
  'denied',
  'busy',
  'timeout',
  'trap',
  'exit',
  'plugin-error',
  'corrupt-data',
  'unsupported',
  'transpile-failed',
  'instantiate-failed',
  'worker-crashed',
  'disposed',
  'internal',
  'quota-exceeded',
  'conflict',
  'modified-on-disk',
  'plugin-failed',
] as const;

/** A stable error code. */
export type FugueErrorCode = (typeof FUGUE_ERROR_CODES)[number];

/** Which plugin, down to the component export, an error came from. */
export interface PluginIdentity {
  pluginId: string;
  version?: string;
  component?: string;
  /** The WIT export, e.g. `fugue:plugin/decoder@0.1.0#open`. */
  exportName?: string;
}

/** The serialisable error shape that crosses every boundary. */
export interface FugueErrorData {
  code: FugueErrorCode;
  message: string;
  plugin?: PluginIdentity;
  /** The plugin's own error code when `code` is `plugin-error` (e.g. `corrupt-data`). */
  pluginCode?: string;
  cause?: FugueErrorData | { message: string };
}

/** An Error carrying {@link FugueErrorData}; use {@link FugueError.toData} to send it anywhere. */
export class FugueError extends Error {
  readonly code: FugueErrorCode;
  readonly plugin: PluginIdentity | undefined;
  readonly pluginCode: string | undefined;
  readonly data: FugueErrorData;

  constructor(data: FugueErrorData) {
    super(data.message);
    this.name = 'FugueError';
    this.code = data.code;
    this.plugin = data.plugin;
    this.pluginCode = data.pluginCode;
    this.data = data;
  }

  /** A plain, structured-clone- and JSON-safe copy. */
  toData(): FugueErrorData {
    return this.data;
  }

  /** Rebuilds an error received from another thread or process. */
  static fromData(data: FugueErrorData): FugueError {
    return new FugueError(data);
  }
}

/** Whether `value` has the shape of {@link FugueErrorData}. */
export function isFugueErrorData(value: unknown): value is FugueErrorData {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { code?: unknown; message?: unknown };
  return (
    typeof candidate.message === 'string' &&
    typeof candidate.code === 'string' &&
    (FUGUE_ERROR_CODES as readonly string[]).includes(candidate.code)
  );
}

/** Converts anything thrown into {@link FugueErrorData}, keeping a FugueError as it is. */
export function toFugueErrorData(error: unknown, fallback: FugueErrorCode = 'internal'): FugueErrorData {
  if (error instanceof FugueError) return error.toData();
  if (isFugueErrorData(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return { code: fallback, message };
}

/** A value or an error, as returned across every boundary instead of throwing. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: FugueErrorData };
