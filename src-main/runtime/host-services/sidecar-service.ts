/**
 * The main thread's side of the `sidecar` host import for one component instance. Spawns
 * go through the SidecarRegistry (inside the plugin root, declared, granted) with the
 * manifest's settings for that executable: scope (`instance`, the default, or
 * `package-shared`), restart (`never` or `on-failure`) and channels. The instance may only
 * touch the processes it started (or attached to); disposing the instance stops its
 * `instance` sidecars and releases its leases on shared ones (the WIT says dropping a
 * process kills it). Sidecars are native code outside the sandbox.
 *
 * `write-stdin` / `read-stdout` / `close-stdin` move bytes on the sidecar's data channel:
 * the negotiated socket when the permission asks for channels, else stdin and stdout.
 */
import { basename } from 'node:path';
import { FugueError } from '../../../src-shared/errors.ts';
import type { SidecarPermission } from '../../../src-shared/manifest/index.ts';
import type { SidecarLease } from '../../sidecars/sidecar-registry.ts';
import type { HostRequest } from '../protocol.ts';
import { pluginError, type PluginErrorValue, type SidecarAccess } from './grants.ts';

export type SidecarRequest = Extract<HostRequest, { op: `sidecar-${string}` }>;

/**
 * Bytes queued on a sidecar's data channel before `write-stdin` accepts fewer (or none);
 * a permission's `stdin_buffer_kb` may ask for less.
 */
export const MAX_STDIN_BACKLOG = 1024 * 1024;
/** Longest one `read-stdout` answers. */
export const MAX_SIDECAR_READ = 1024 * 1024;

/**
 * The manifest's `permissions.sidecar` entries, when the grants carry them. Without them
 * every executable gets the defaults (instance scope, no restart, stdio).
 */
export interface SidecarPermissionSource {
  readonly permissions?: readonly SidecarPermission[];
}

export function isSidecarRequest(request: HostRequest): request is SidecarRequest {
  return request.op.startsWith('sidecar-');
}

interface OwnedProcess {
  lease: SidecarLease;
  /** Crashes already reported to the guest (restartable sidecars report each once). */
  seenCrashes: number;
  restarts: boolean;
  /** Most bytes queued towards the sidecar (the permission's `stdin_buffer_kb`, else MAX_STDIN_BACKLOG). */
  stdinLimit: number;
}

export class SidecarService {
  private readonly owned = new Map<number, OwnedProcess>();
  private nextHandle = 1;

  constructor(private readonly access: (SidecarAccess & SidecarPermissionSource) | undefined) {}

  async run(request: SidecarRequest, cancel: AbortSignal): Promise<unknown> {
    if (request.op === 'sidecar-spawn') return this.spawn(request.executable, request.args);
    const owned = this.owned.get(request.process);
    if (!owned) throw pluginError('invalid-argument', `sidecar process #${request.process} is not one this plugin instance started`);
    const process = owned.lease.sidecar;
    switch (request.op) {
      case 'sidecar-write': {
        reportCrash(owned);
        const room = Math.max(0, owned.stdinLimit - process.dataBacklog());
        const accepted = request.data.subarray(0, room);
        if (accepted.length > 0) process.writeData(accepted);
        return accepted.length;
      }
      case 'sidecar-close-stdin':
        process.closeData();
        return undefined;
      case 'sidecar-read':
        return await readData(owned, Math.min(request.maxBytes, MAX_SIDECAR_READ), cancel);
      case 'sidecar-exit-code':
        return process.exit()?.exitCode;
      case 'sidecar-transport':
        return process.transport === 'stdio' ? 'stdio' : process.transport === 'tcp' ? 'tcp' : 'local-socket';
      case 'sidecar-kill':
        this.owned.delete(request.process);
        await owned.lease.dispose();
        return undefined;
    }
  }

  async dispose(): Promise<void> {
    const leases = [...this.owned.values()].map((owned) => owned.lease);
    this.owned.clear();
    await Promise.all(leases.map((lease) => lease.dispose()));
  }

  private async spawn(executable: string, args: string[]): Promise<number> {
    const access = this.access;
    if (!access) throw pluginError('denied', `sidecar "${executable}" refused: sidecars are not available to this plugin instance`);
    const permission = access.permissions?.find((p) => p.executable === executable || p.executable === basename(executable));
    const request = {
      pluginId: access.pluginId,
      pluginRoot: access.pluginRoot,
      declared: access.declared,
      granted: access.granted(),
      executable,
      args,
      restart: permission?.restart ?? 'never',
      channels: permission?.channels ?? false,
    };
    try {
      const lease = permission?.scope === 'package-shared' ? await access.registry.spawnShared(request) : await instanceLease(access, request);
      const handle = this.nextHandle++;
      const stdinLimit = permission?.stdin_buffer_kb !== undefined ? permission.stdin_buffer_kb * 1024 : MAX_STDIN_BACKLOG;
      this.owned.set(handle, { lease, seenCrashes: lease.sidecar.crashes(), restarts: request.restart === 'on-failure', stdinLimit });
      return handle;
    } catch (error) {
      throw asPluginError(error);
    }
  }
}

async function instanceLease(access: SidecarAccess, request: Parameters<SidecarAccess['registry']['spawn']>[0]): Promise<SidecarLease> {
  const sidecar = await access.registry.spawn(request);
  return { sidecar, dispose: async () => void (await access.registry.stop(sidecar.id)) };
}

/** A restartable sidecar's crash reaches the guest once, as an `io` error from its next read or write. */
function reportCrash(owned: OwnedProcess): void {
  const sidecar = owned.lease.sidecar;
  if (!owned.restarts || sidecar.crashes() <= owned.seenCrashes) return;
  owned.seenCrashes = sidecar.crashes();
  throw pluginError('io', sidecar.lastCrash() ?? `sidecar ${sidecar.executable} crashed`);
}

/** Waits for data or the end of it: an empty answer means end of output, never "nothing yet". */
async function readData(owned: OwnedProcess, maxBytes: number, cancel: AbortSignal): Promise<Uint8Array> {
  const process = owned.lease.sidecar;
  const aborted = new Promise<void>((resolve) => cancel.addEventListener('abort', () => resolve(), { once: true }));
  for (;;) {
    reportCrash(owned);
    if (process.dataBuffered() > 0 || process.dataEnded() || cancel.aborted) return process.readData(maxBytes);
    await Promise.race([process.activity(), aborted]);
  }
}

function asPluginError(error: unknown): PluginErrorValue {
  if (error instanceof FugueError) return pluginError(error.code === 'denied' ? 'denied' : error.code === 'disposed' ? 'busy' : 'io', error.message);
  return pluginError('io', `sidecar failed: ${(error as Error).message ?? String(error)}`);
}
