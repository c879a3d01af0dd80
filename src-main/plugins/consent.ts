/**
 * Consent to what a plugin declares: network hosts, sidecar executables and a storage
 * quota. A first install asks about everything declared; an update asks only about
 * what is new (or a larger quota) and keeps earlier decisions, revocations included.
 */
import { FugueError } from '../../src-shared/errors.ts';
import type { PluginManifest } from '../../src-shared/manifest/index.ts';
import { permissionKey, type PermissionGrant, type PermissionKind } from '../state/catalog-types.ts';

/** One capability the manifest declares. */
export interface DeclaredPermission {
  kind: PermissionKind;
  target: string;
  quotaKb: number | undefined;
  reason: string;
  /** `network:<host>`, `sidecar:<executable>` or `storage`. */
  key: string;
}

/** What the user is asked before a package is committed. */
export interface ConsentRequest {
  pluginId: string;
  name: string;
  version: string;
  /** The installed version this one replaces, if any. */
  previousVersion: string | undefined;
  /** Everything this version declares. */
  declared: DeclaredPermission[];
  /** What needs an answer now: everything on a first install; new or enlarged permissions on an update. */
  toAsk: DeclaredPermission[];
}

/** The answer: refuse the install, or approve it granting `grant` (keys of `toAsk`; default: all of them). */
export type ConsentDecision = { approve: false } | { approve: true; grant?: readonly string[] };

/** Asks the user (a dialog, a terminal prompt, or `--yes`). */
export type ConsentHandler = (request: ConsentRequest) => ConsentDecision | Promise<ConsentDecision>;

/** Grants everything declared: `--yes`. */
export const grantAllDeclared: ConsentHandler = () => ({ approve: true });

/**
 * Built-in plugins: their storage and sidecars are granted, but not the network. A
 * built-in that talks to a web service (a lyrics site) sends what is playing there, so
 * the user turns that on (`fugue plugin grant <id> network:<host>`, or the UI).
 */
export const grantBuiltin: ConsentHandler = (request) => ({ approve: true, grant: request.toAsk.filter((permission) => permission.kind !== 'network').map((permission) => permission.key) });

export function declaredPermissions(manifest: PluginManifest): DeclaredPermission[] {
  const { network, sidecar, storage } = manifest.permissions;
  const declared: Omit<DeclaredPermission, 'key'>[] = [
    ...network.map((entry) => ({ kind: 'network' as const, target: entry.host, quotaKb: undefined, reason: entry.reason })),
    ...sidecar.map((entry) => ({ kind: 'sidecar' as const, target: entry.executable, quotaKb: undefined, reason: entry.reason })),
    ...(storage === undefined ? [] : [{ kind: 'storage' as const, target: 'storage', quotaKb: storage.quota_kb, reason: storage.reason }]),
  ];
  return declared.map((permission) => ({ ...permission, key: permissionKey(permission) }));
}

/** The request for `manifest`, given the grants of the version it replaces. */
export function consentRequest(manifest: PluginManifest, previousVersion: string | undefined, previous: readonly PermissionGrant[]): ConsentRequest {
  const declared = declaredPermissions(manifest);
  const toAsk = declared.filter((permission) => {
    const earlier = previous.find((grant) => permissionKey(grant) === permission.key);
    return earlier === undefined || (permission.quotaKb ?? 0) > (earlier.quotaKb ?? 0);
  });
  return { pluginId: manifest.id, name: manifest.name, version: manifest.version, previousVersion, declared, toAsk };
}

/**
 * Asks when there is something to ask and returns the grants to commit; throws `denied`
 * when consent is needed and there is no one to ask, or the user refused.
 */
export async function obtainConsent(
  request: ConsentRequest,
  previous: readonly PermissionGrant[],
  handler: ConsentHandler | undefined,
): Promise<Omit<PermissionGrant, 'decidedAt'>[]> {
  let granted = new Set<string>();
  if (request.toAsk.length > 0) {
    const listed = request.toAsk.map(describePermission).join('; ');
    if (handler === undefined) {
      throw denied(request, `${request.pluginId} ${request.version} asks for permissions that need your consent (${listed}); nothing was installed. Install it again and grant them (--yes on the command line)`);
    }
    const decision = await handler(request);
    if (!decision.approve) throw denied(request, `you declined the permissions ${request.pluginId} ${request.version} asks for (${listed}); nothing was installed`);
    granted = new Set(decision.grant ?? request.toAsk.map((permission) => permission.key));
  }
  return request.declared.map((permission) => {
    const asked = request.toAsk.some((entry) => entry.key === permission.key);
    const earlier = previous.find((grant) => permissionKey(grant) === permission.key);
    const isGranted = asked ? granted.has(permission.key) : earlier?.granted ?? false;
    return { kind: permission.kind, target: permission.target, quotaKb: permission.quotaKb, reason: permission.reason, granted: isGranted };
  });
}

/** `network access to api.example.com (to fetch lyrics)`. */
export function describePermission(permission: Pick<DeclaredPermission, 'kind' | 'target' | 'quotaKb' | 'reason'>): string {
  const what =
    permission.kind === 'network'
      ? `network access to ${permission.target}`
      : permission.kind === 'sidecar'
        ? `running the program ${permission.target}`
        : `${permission.quotaKb ?? 0} KB of storage`;
  return `${what} (${permission.reason})`;
}

function denied(request: ConsentRequest, message: string): FugueError {
  return new FugueError({ code: 'denied', message, plugin: { pluginId: request.pluginId, version: request.version } });
}
