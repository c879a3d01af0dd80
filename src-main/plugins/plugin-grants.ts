/**
 * What a running plugin may reach, read from the catalog: the network hosts the user
 * granted (not revoked) and the plugin's key-value store with its granted quota. The
 * returned grants read the catalog at every host-service request, so `fugue plugin
 * revoke|grant` (or the UI) changes what a running plugin can do at its next request,
 * without a reload.
 */
import type { Grants } from '../runtime/host-services/grants.ts';
import type { Catalog } from '../state/catalog.ts';

export function catalogGrants(catalog: Catalog, pluginId: string): Grants {
  const kv = catalog.kv(pluginId);
  return {
    get network(): readonly string[] {
      return catalog.permissions
        .list(pluginId)
        .filter((grant) => grant.kind === 'network' && grant.granted)
        .map((grant) => grant.target);
    },
    kv,
  };
}
