/**
 * The main thread's side of the `sidecar` host import for one component instance. Spawns
 * go through the SidecarRegistry (inside the plugin root, declared, granted); the
 * instance may only touch the processes it started, and disposing the instance stops
 * them (the WIT says dropping a process kills it). Sidecars are native code outside the
 * sandbox.
 */
import { FugueError } from '../../../src-shared/errors.ts';
import type { Sidecar } from '../../sidecars/sidecar-registry.ts';
import type { HostRequest } from '../protocol.ts';
import { pluginError, type PluginErrorValue, type SidecarAccess } from './grants.ts';

export type SidecarRequest = Extract<HostRequest, { op: `sidecar-${string}` }>;

/** Bytes queued on a sidecar's stdin before `write-stdin` accepts fewer (or none). */
export const MAX_STDIN_BACKLOG = 1024 * 1024;
/** Longest one `read-stdout` answers. */
export const MAX_SIDECAR_READ = 1024 * 1024;

export function isSidecarRequest(request: HostRequest): request is SidecarRequest {
  return request.op.startsWith('sidecar-');
}

export class SidecarService {
  private readonly owned = new Map<number, Sidecar>();

  constructor(private readonly access: SidecarAccess | undefined) {}

  async run(request: SidecarRequest, cancel: AbortSignal): Promise<unknown> {
    if (request.op === 'sidecar-spawn') return this.spawn(request.executable, request.args);
    const process = this.owned.get(request.process);
    if (!process) throw pluginError('invalid-argument', `sidecar process #${request.process} is not one this plugin instance started`);
    switch (request.op) {
      case 'sidecar-write': {
        const room = Math.max(0, MAX_STDIN_BACKLOG - process.stdinBacklog());
        const accepted = request.data.subarray(0, room);
        if (accepted.length > 0) process.writeStdin(accepted);
        return accepted.length;
      }
      case 'sidecar-close-stdin':
        process.closeStdin();
        return undefined;
      case 'sidecar-read':
        return await readStdout(process, Math.min(request.maxBytes, MAX_SIDECAR_READ), cancel);
      case 'sidecar-exit-code':
        return process.exit()?.exitCode;
      case 'sidecar-kill':
        this.owned.delete(request.process);
        await this.access?.registry.stop(process.id);
        return undefined;
    }
  }

  async dispose(): Promise<void> {
    const ids = [...this.owned.keys()];
    this.owned.clear();
    await Promise.all(ids.map((id) => this.access?.registry.stop(id)));
  }

  private async spawn(executable: string, args: string[]): Promise<number> {
    const access = this.access;
    if (!access) throw pluginError('denied', `sidecar "${executable}" refused: sidecars are not available to this plugin instance`);
    try {
      const process = await access.registry.spawn({
        pluginId: access.pluginId,
        pluginRoot: access.pluginRoot,
        declared: access.declared,
        granted: access.granted(),
        executable,
        args,
      });
      this.owned.set(process.id, process);
      return process.id;
    } catch (error) {
      throw asPluginError(error);
    }
  }
}

/** Waits for output or the end of the process: an empty answer means end of output, never "nothing yet". */
async function readStdout(process: Sidecar, maxBytes: number, cancel: AbortSignal): Promise<Uint8Array> {
  const aborted = new Promise<void>((resolve) => cancel.addEventListener('abort', () => resolve(), { once: true }));
  while (process.stdout.bufferedBytes === 0 && process.exit() === undefined && !cancel.aborted) {
    await Promise.race([process.stdout.nextChunk(), process.exited, aborted]);
  }
  return process.stdout.read(maxBytes);
}

function asPluginError(error: unknown): PluginErrorValue {
  if (error instanceof FugueError) return pluginError(error.code === 'denied' ? 'denied' : error.code === 'disposed' ? 'busy' : 'io', error.message);
  return pluginError('io', `sidecar failed: ${(error as Error).message ?? String(error)}`);
}
