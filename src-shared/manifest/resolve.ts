/**
 * The manifest a host works with: plugin.json after every check, with the defaults
 * filled in (threading, limits, permissions) and package paths in normal form, so no
 * consumer repeats a default or a path rule.
 */
import {
  DEFAULT_CALL_TIMEOUT_MS,
  DEFAULT_MAX_INSTANCES,
  DEFAULT_MEMORY_MB,
  DEFAULT_POOL,
  kindOfWorld,
  type Pool,
} from './constants.ts';
import { normalizePackagePath } from './paths.ts';
import type {
  ComponentShape,
  ManifestShape,
  NetworkPermission,
  SidecarPermission,
  StoragePermission,
} from './schema.ts';

/** How a component is scheduled; a shared-pool component always names its pool. */
export type Threading =
  | { model: 'dedicated'; max_instances: number }
  | { model: 'shared_pool'; pool: Pool; max_instances: number };

/** Resource caps of one component instance. */
export interface Limits {
  memory_mb: number;
  call_timeout_ms: number;
}

/** A component with its defaults filled in and its `path` normalised. */
export type ComponentManifest = Omit<ComponentShape, 'threading' | 'limits'> & {
  threading: Threading;
  limits: Limits;
};

/** Permissions with empty lists where the manifest declares none. */
export interface ResolvedPermissions {
  network: NetworkPermission[];
  sidecar: SidecarPermission[];
  storage?: StoragePermission;
}

/** A valid plugin.json v1 with every default filled in. */
export type PluginManifest = Omit<ManifestShape, 'components' | 'permissions'> & {
  components: ComponentManifest[];
  permissions: ResolvedPermissions;
};

/** Fills in the defaults of a manifest that passed its shape and rules. */
export function resolveManifest(manifest: ManifestShape): PluginManifest {
  const { permissions = {} } = manifest;
  return {
    ...manifest,
    components: manifest.components.map(resolveComponent),
    permissions: {
      network: permissions.network ?? [],
      sidecar: permissions.sidecar ?? [],
      ...(permissions.storage === undefined ? {} : { storage: permissions.storage }),
    },
  };
}

function resolveComponent(component: ComponentShape): ComponentManifest {
  const kind = kindOfWorld(component.world);
  const threading = component.threading ?? { model: 'shared_pool' };
  const max_instances = threading.max_instances ?? DEFAULT_MAX_INSTANCES;
  const path = normalizePackagePath(component.path);
  return {
    ...component,
    path: path.ok ? path.path : component.path,
    threading:
      threading.model === 'dedicated'
        ? { model: 'dedicated', max_instances }
        : { model: 'shared_pool', pool: threading.pool ?? DEFAULT_POOL[kind], max_instances },
    limits: {
      memory_mb: component.limits?.memory_mb ?? DEFAULT_MEMORY_MB,
      call_timeout_ms: component.limits?.call_timeout_ms ?? DEFAULT_CALL_TIMEOUT_MS[kind],
    },
  };
}
