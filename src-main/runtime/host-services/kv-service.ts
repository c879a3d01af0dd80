/**
 * The main thread's side of the `kv` host import: each request runs against the
 * plugin's store (SQLite, synchronous), gated by its storage grant. No grant, or a
 * revoked one, answers `denied` for every operation, reads included; a write past the
 * quota answers `denied` saying how much is used, and changes nothing.
 */
import { FugueError } from '../../../src-shared/errors.ts';
import type { HostRequest } from '../protocol.ts';
import { pluginError, type KvAccess, type PluginErrorValue } from './grants.ts';

export type KvRequest = Extract<HostRequest, { op: 'kv-get' | 'kv-set' | 'kv-delete' | 'kv-list' }>;

export function isKvRequest(request: HostRequest): request is KvRequest {
  return request.op.startsWith('kv-');
}

/** Runs one kv request; returns the import's value or throws its `plugin-error`. */
export function runKvRequest(kv: KvAccess | undefined, request: KvRequest): unknown {
  if (kv === undefined || kv.usage().quotaBytes === 0) throw notGranted(kv?.pluginId, request);
  try {
    switch (request.op) {
      case 'kv-get':
        return kv.get(request.key);
      case 'kv-set':
        kv.set(request.key, request.value);
        return undefined;
      case 'kv-delete':
        return kv.delete(request.key);
      case 'kv-list':
        return kv.listKeys(request.prefix);
    }
  } catch (error) {
    throw asPluginError(error);
  }
}

function notGranted(pluginId: string | undefined, request: KvRequest): PluginErrorValue {
  const what = request.op === 'kv-list' ? `list keys "${request.prefix}"` : `${request.op.slice(3)} "${request.key}"`;
  const how = pluginId === undefined ? 'grant its "storage" permission' : `"fugue plugin grant ${pluginId} storage" grants it`;
  return pluginError('denied', `kv storage is not granted to this plugin, so it cannot ${what}; ${how}`);
}

function asPluginError(error: unknown): PluginErrorValue {
  if (error instanceof FugueError) {
    // The WIT contract reports a write past the quota as `denied`; the message says why.
    const code = error.code === 'invalid-argument' ? 'invalid-argument' : error.code === 'denied' || error.code === 'quota-exceeded' ? 'denied' : 'io';
    return pluginError(code, error.message);
  }
  return pluginError('io', `kv storage failed: ${(error as Error).message ?? String(error)}`);
}
