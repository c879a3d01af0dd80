/**
 * What a running plugin may reach, read from the catalog: the network hosts the user
 * granted (not revoked), the plugin's key-value store with its granted quota and, given
 * a sidecar registry, the sidecar executables it declared and the user
 * granted, started from the folder the version runs from. The
 * returned grants read the catalog at every host-service request, so `fugue plugin
 * revoke|grant` (or the UI) changes what a running plugin can do at its next request,
 * without a reload.
 */
import type { Grants, SidecarAccess } from '../runtime/host-services/grants.ts';
import type { Catalog } from '../state/catalog.ts';
import type { SidecarRegistry } from '../sidecars/sidecar-registry.ts';
import { isAbsolute } from 'node:path';
import type { PluginManifest } from '../../src-shared/manifest/index.ts';
import { settingFields, type SettingGrantKind } from '../../src-shared/settings/settings.ts';

/** Where sidecars are started: the registry that owns every sidecar process. */
export interface SidecarSource {
  registry: SidecarRegistry;
}

export function catalogGrants(catalog: Catalog, pluginId: string, version?: { manifest: PluginManifest; root: string | undefined }, sidecars?: SidecarSource): Grants {
  const kv = catalog.kv(pluginId);
  const sidecar = sidecars === undefined || version?.root === undefined ? undefined : sidecarAccess(catalog, version.manifest, version.root, sidecars);
  const chosen = (kind: SettingGrantKind): string[] => (version === undefined ? [] : settingGrants(catalog, version.manifest, kind));
  return {
    ...(sidecar === undefined ? {} : { sidecar }),
    get network(): readonly string[] {
      const granted = catalog.permissions
        .list(pluginId)
        .filter((grant) => grant.kind === 'network' && grant.granted)
        .map((grant) => grant.target);
      return [...granted, ...chosen('network-hosts').flatMap(hostOf)];
    },
    get fileRoots(): readonly string[] {
      return chosen('file-roots').filter((path) => isAbsolute(path));
    },
    kv,
  };
}

/** The saved values of the text-list settings whose schema property carries `"x-fugue-grant": kind`. */
export function settingGrants(catalog: Catalog, manifest: PluginManifest, kind: SettingGrantKind): string[] {
  const values: string[] = [];
  for (const component of manifest.components) {
    for (const ability of component.abilities) {
      const saved = catalog.config.get(manifest.id, ability.type_id);
      for (const field of settingFields(ability.config_schema)) {
        const value = saved[field.key];
        if (field.grant === kind && Array.isArray(value)) values.push(...value.filter((item): item is string => typeof item === 'string'));
      }
    }
  }
  return values;
}

/** The folders a plugin's settings grant it (for the player: where a source's files may be). */
export function grantedFolders(catalog: Catalog, pluginId: string): string[] {
  const manifest = catalog.currentVersion(pluginId)?.manifest;
  return manifest === undefined ? [] : settingGrants(catalog, manifest, 'file-roots').filter((path) => isAbsolute(path));
}

function hostOf(url: string): string[] {
  try {
    return [new URL(url).hostname];
  } catch {
    return [];
  }
}

/** The sidecars of a version as declared in its manifest, started from the folder it runs from. */
function sidecarAccess(catalog: Catalog, manifest: PluginManifest, root: string, source: SidecarSource): SidecarAccess {
  const pluginId = manifest.id;
  return {
    pluginId,
    pluginRoot: root,
    declared: manifest.permissions.sidecar.map((permission) => permission.executable),
    permissions: manifest.permissions.sidecar,
    registry: source.registry,
    granted: () =>
      catalog.permissions
        .list(pluginId)
        .filter((grant) => grant.kind === 'sidecar' && grant.granted)
        .map((grant) => grant.target),
  };
}
