/**
 * What a running plugin may reach, read from the catalog: the network hosts the user
 * granted (not revoked), the plugin's key-value store with its granted quota and, given
 * a sidecar registry, the sidecar executables it declared and the user
 * granted, started from its install folder. The
 * returned grants read the catalog at every host-service request, so `fugue plugin
 * revoke|grant` (or the UI) changes what a running plugin can do at its next request,
 * without a reload.
 */
import type { Grants, SidecarAccess } from '../runtime/host-services/grants.ts';
import type { Catalog } from '../state/catalog.ts';
import type { SidecarRegistry } from '../sidecars/sidecar-registry.ts';
import type { PluginDataLayout } from './data-layout.ts';

/** Where sidecars come from: the registry, and the layout that locates install folders. */
export interface SidecarSource {
  registry: SidecarRegistry;
  layout: PluginDataLayout;
}

export function catalogGrants(catalog: Catalog, pluginId: string, version?: string, sidecars?: SidecarSource): Grants {
  const kv = catalog.kv(pluginId);
  const sidecar = sidecars === undefined || version === undefined ? undefined : sidecarAccess(catalog, pluginId, version, sidecars);
  return {
    ...(sidecar === undefined ? {} : { sidecar }),
    get network(): readonly string[] {
      return catalog.permissions
        .list(pluginId)
        .filter((grant) => grant.kind === 'network' && grant.granted)
        .map((grant) => grant.target);
    },
    kv,
  };
}

function sidecarAccess(catalog: Catalog, pluginId: string, version: string, source: SidecarSource): SidecarAccess | undefined {
  const record = catalog.allVersions().find((entry) => entry.pluginId === pluginId && entry.version === version);
  if (record === undefined) return undefined;
  const declared = record.manifest.permissions.sidecar.map((permission) => permission.executable);
  return {
    pluginId,
    pluginRoot: source.layout.absolute(record.installDir),
    declared,
    registry: source.registry,
    granted: () =>
      catalog.permissions
        .list(pluginId)
        .filter((grant) => grant.kind === 'sidecar' && grant.granted)
        .map((grant) => grant.target),
  };
}
