/**
 * What the catalog stores about installed plugins, as the rest of the host sees it.
 */
import type { FugueErrorData } from '../../src-shared/errors.ts';
import type { PluginManifest } from '../../src-shared/manifest/index.ts';

/** What the user asked for. */
export type DesiredState = 'enabled' | 'disabled';

/**
 * What last happened to the plugin: being installed, running (`active`), turned off,
 * `failed` (with its last error), or half-way out (`pending-uninstall`, finished at the
 * next start when removing its files failed or the host stopped).
 */
export type LifecycleState = 'installing' | 'active' | 'disabled' | 'failed' | 'pending-uninstall';

/** One installed plugin. */
export interface PluginRecord {
  id: string;
  /** The installed version, or undefined while a first install is in progress. */
  version: string | undefined;
  desired: DesiredState;
  lifecycle: LifecycleState;
  lastError: FugueErrorData | undefined;
  /** Shipped with the app: can be disabled, never uninstalled. */
  builtin: boolean;
  /** Set with `pending-uninstall`: keep config and KV when the removal completes. */
  keepData: boolean;
  installedAt: number;
  updatedAt: number;
}

/** An installed version: its manifest and where its files are. */
export interface VersionRecord {
  pluginId: string;
  version: string;
  manifest: PluginManifest;
  /** Folder of the files, relative to the data folder (`plugins/<id>/<version>`). */
  installDir: string;
  /** Where it was installed from, for the user (a path, `upload`, `builtin:<file>`). */
  source: string;
  installedAt: number;
  /** How it was signed when installed (`unverified` when not signed, or installed before signatures). */
  signature: SignatureState;
}

/** One file of an installed version as it was written. */
export interface ReceiptEntry {
  path: string;
  size: number;
  sha256: string;
}

/** A publisher key the user trusts. */
export interface TrustedKey {
  keyId: string;
  publisher: string;
  publicKeyPem: string;
  addedAt: number;
}

/** How an installed version is signed: `verified` only when a trusted key's signature matched. */
export interface SignatureState {
  state: 'verified' | 'unverified';
  /** Why it is unverified, or whose key verified it. */
  reason: string;
  publisher?: string;
  keyId?: string;
}

/** The kinds of capability a manifest can declare. */
export type PermissionKind = 'network' | 'sidecar' | 'storage';

/** A declared capability and whether the user granted it. */
export interface PermissionGrant {
  kind: PermissionKind;
  /** The host name, the executable, or `storage`. */
  target: string;
  /** The storage quota (kind `storage` only). */
  quotaKb: number | undefined;
  /** The manifest's reason, shown to the user. */
  reason: string;
  granted: boolean;
  decidedAt: number;
}

/** A lifecycle event or error in a plugin's log. */
export interface PluginEvent {
  seq: number;
  pluginId: string;
  at: number;
  kind: PluginEventKind;
  version: string | undefined;
  message: string;
  error: FugueErrorData | undefined;
}

/** What an event records. */
export type PluginEventKind =
  | 'installed'
  | 'updated'
  | 'enabled'
  | 'disabled'
  | 'activated'
  | 'activation-failed'
  | 'load-failed'
  | 'modified-on-disk'
  | 'permission-granted'
  | 'permission-revoked'
  | 'uninstall-started'
  | 'uninstalled'
  | 'dev-linked'
  | 'dev-reloaded'
  | 'dev-reload-failed'
  | 'dev-unlinked'
  | 'uninstall-retry-failed'
  | 'sidecar-restarting'
  | 'sidecar-failed'
  | 'error';

/** The permission key used by the CLI and the catalog API: `network:<host>`, `sidecar:<exe>`, `storage`. */
export function permissionKey(grant: Pick<PermissionGrant, 'kind' | 'target'>): string {
  return grant.kind === 'storage' ? 'storage' : `${grant.kind}:${grant.target}`;
}
