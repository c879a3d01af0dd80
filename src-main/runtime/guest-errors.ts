/**
 * Turns whatever a component call threw into a {@link FugueErrorData} carrying the
 * plugin's identity, and says whether the instance must be discarded.
 */
import type { FugueErrorData, PluginIdentity } from '../../src-shared/errors.ts';
import { GuestExit } from './sandbox.ts';

export interface ClassifiedError {
  error: FugueErrorData;
  /** The guest's state can no longer be trusted: re-instantiate before the next call. */
  poisoned: boolean;
}

interface PluginErrorPayload {
  code: string;
  message: string;
}

function isPluginErrorPayload(value: unknown): value is PluginErrorPayload {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.code === 'string' && typeof candidate.message === 'string';
}

/** The `err` value of a result: wrapped in jco's ComponentError (`.payload`), or thrown as is. */
function payloadOf(error: unknown): unknown {
  if (typeof error !== 'object' || error === null) return undefined;
  if (Object.prototype.hasOwnProperty.call(error, 'payload')) return (error as { payload: unknown }).payload;
  return error instanceof Error ? undefined : error;
}

function describe(identity: PluginIdentity): string {
  return `plugin ${identity.pluginId}${identity.version ? `@${identity.version}` : ''}${identity.component ? ` (${identity.component})` : ''}`;
}

/** Classifies an error thrown by a call to `identity.exportName`. */
export function classifyGuestError(thrown: unknown, identity: PluginIdentity): ClassifiedError {
  const where = `${describe(identity)} in ${identity.exportName ?? 'a call'}`;
  const payload = payloadOf(thrown);
  if (isPluginErrorPayload(payload)) {
    return {
      error: { code: 'plugin-error', pluginCode: payload.code, message: payload.message, plugin: identity },
      poisoned: false,
    };
  }
  if (thrown instanceof GuestExit) {
    return {
      error: { code: 'exit', message: `${where} called exit(${thrown.status}); the host kept running and restarts the plugin's instance`, plugin: identity },
      poisoned: true,
    };
  }
  if (thrown instanceof WebAssembly.RuntimeError || thrown instanceof RangeError) {
    return {
      error: { code: 'trap', message: `${where} trapped (${thrown.message}); its instance is restarted for the next call`, plugin: identity },
      poisoned: true,
    };
  }
  if (thrown instanceof TypeError) {
    return { error: { code: 'invalid-argument', message: `${where}: ${thrown.message}`, plugin: identity }, poisoned: false };
  }
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return { error: { code: 'internal', message: `${where} failed: ${message}`, plugin: identity }, poisoned: true };
}
