/**
 * What a component may reach through host services: the permissions the user granted
 * (network hosts) and the folders the host opened to it (for every call, or for one
 * call). Nothing is granted by default. Checks resolve symlinks before comparing, so a
 * link or a `..` inside a granted folder cannot lead outside it.
 */
import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Capabilities granted to one component (by the installer, from declared ∩ approved permissions). */
export interface Grants {
  /** Host names reachable by `http-client` and `host-stream` (case-insensitive; `*.example.com` covers its subdomains). */
  network?: readonly string[];
  /** Folders `host-stream` may read during every call (per-call roots come with each call). */
  fileRoots?: readonly string[];
  /** The plugin's key-value store; without it every `kv` call answers `denied`. */
  kv?: KvAccess;
  /** The plugin's sidecars; without it every `sidecar.spawn` answers `denied`. */
  sidecar?: SidecarAccess;
}

/**
 * What the `sidecar` host service needs to start a plugin's sidecars (see
 * src-main/sidecars). `granted()` is read at every spawn, so a revoke applies at once.
 */
export interface SidecarAccess {
  readonly pluginId: string;
  readonly pluginRoot: string;
  readonly declared: readonly string[];
  /** The manifest's `permissions.sidecar` entries (scope, restart, channels per executable). */
  readonly permissions?: readonly import('../../../src-shared/manifest/index.ts').SidecarPermission[];
  granted(): readonly string[];
  readonly registry: import('../../sidecars/sidecar-registry.ts').SidecarRegistry;
}

/**
 * A plugin's key-value store as the `kv` host service uses it (the catalog's
 * `PluginKvStore` satisfies it). `quotaBytes()` is read at every call, so a revoked
 * storage grant (0) applies at once; `set` throws when a write would pass the quota.
 */
export interface KvAccess {
  readonly pluginId: string;
  get(key: string): Uint8Array | undefined;
  set(key: string, value: Uint8Array): void;
  delete(key: string): boolean;
  listKeys(prefix: string): string[];
  usage(): { usedBytes: number; quotaBytes: number };
}

/** A refusal or failure as the WIT `plugin-error` a host import returns. */
export interface PluginErrorValue {
  code: 'invalid-argument' | 'unsupported' | 'not-found' | 'io' | 'network' | 'denied' | 'busy';
  message: string;
}

export function pluginError(code: PluginErrorValue['code'], message: string): PluginErrorValue {
  return { code, message };
}

/** Whether `hostname` (from a parsed URL) is in the granted network hosts. */
export function hostGranted(grants: Grants, hostname: string): boolean {
  const wanted = stripBrackets(hostname.toLowerCase());
  return (grants.network ?? []).some((granted) => hostMatches(stripBrackets(granted.toLowerCase()), wanted));
}

/** `*.example.com` (the manifest's wildcard form) grants every subdomain of example.com, not example.com itself. */
function hostMatches(granted: string, wanted: string): boolean {
  if (!granted.startsWith('*.')) return granted === wanted;
  const suffix = granted.slice(1);
  return wanted.endsWith(suffix) && wanted.length > suffix.length;
}

const stripBrackets = (host: string): string => (host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host);

/**
 * Resolves a `file://` URI to a real path inside one of `roots`, or explains why not.
 * Both the target and the roots are resolved through symlinks first.
 */
export async function resolveGrantedFile(uri: string, roots: readonly string[]): Promise<{ ok: true; path: string } | { ok: false; error: PluginErrorValue }> {
  let requested: string;
  try {
    const url = new URL(uri);
    if (url.protocol !== 'file:') return { ok: false, error: pluginError('invalid-argument', `${uri} is not a file:// URI`) };
    requested = fileURLToPath(url);
  } catch {
    return { ok: false, error: pluginError('invalid-argument', `${uri} is not a valid file:// URI`) };
  }
  if (roots.length === 0) return { ok: false, error: pluginError('denied', `no folder is granted to this plugin for this call, so ${uri} cannot be opened`) };
  let real: string;
  try {
    real = await realpath(requested);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Say "not found" only inside a granted root; elsewhere a probe must not learn what exists.
    const inside = await insideAny(requested, roots);
    if (!inside) return { ok: false, error: deniedPath(uri) };
    return { ok: false, error: pluginError(code === 'ENOENT' ? 'not-found' : 'io', `${uri} cannot be opened (${code ?? 'error'})`) };
  }
  if (!(await insideAny(real, roots))) return { ok: false, error: deniedPath(uri) };
  return { ok: true, path: real };
}

function deniedPath(uri: string): PluginErrorValue {
  return pluginError('denied', `${uri} is outside the folders granted to this plugin`);
}

async function insideAny(path: string, roots: readonly string[]): Promise<boolean> {
  for (const root of roots) {
    let realRoot: string;
    try {
      realRoot = await realpath(root);
    } catch {
      continue;
    }
    const rel = relative(realRoot, path);
    if (rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))) return true;
  }
  return false;
}
