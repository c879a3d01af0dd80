/**
 * The main thread's side of the synchronous host imports of one component instance:
 * `http-client.fetch`, `host-stream.open/list-directory` and the streams it opened, and
 * `kv` and `sidecar`, each checked against the component's grants (and the folders granted for the
 * current call). Grants are read at every request, so a revoked permission applies at once.
 * Disposing closes every stream and aborts every request still running.
 */
import { lstat, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HostRequest } from '../protocol.ts';
import { FileStream } from './file-stream.ts';
import { pluginError, resolveGrantedFile, type Grants, type PluginErrorValue } from './grants.ts';
import { DEFAULT_STREAM_LIMITS, type HostStream, type StreamLimits } from './host-stream.ts';
import { DEFAULT_HTTP_LIMITS, fetchForPlugin, type HttpLimits } from './http-request.ts';
import { HttpStream } from './http-stream.ts';
import { isKvRequest, runKvRequest } from './kv-service.ts';
import { isSidecarRequest, SidecarService } from './sidecar-service.ts';

export interface HostServiceLimits {
  http: HttpLimits;
  streams: StreamLimits;
}

export const DEFAULT_HOST_SERVICE_LIMITS: HostServiceLimits = { http: DEFAULT_HTTP_LIMITS, streams: DEFAULT_STREAM_LIMITS };

export type ServiceResult = { ok: true; value: unknown } | { ok: false; error: unknown };

/** A directory entry as WIT `host-stream.dir-entry`. */
interface DirEntry {
  name: string;
  isDirectory: boolean;
  size: bigint;
  modifiedMs: bigint;
}

/** What the host opened to a plugin for one call only (a track's folder, a stream's host). */
export interface CallGrants {
  roots: readonly string[];
  hosts: readonly string[];
}

export const NO_CALL_GRANTS: CallGrants = { roots: [], hosts: [] };

export class HostServices {
  private readonly streams = new Map<number, HostStream>();
  private nextStream = 1;
  private readonly cancel = new AbortController();
  private disposed = false;
  private readonly sidecars: SidecarService;

  constructor(
    private readonly grants: Grants,
    private readonly limits: HostServiceLimits = DEFAULT_HOST_SERVICE_LIMITS,
    /** Folders and hosts granted for the call running now, besides the plugin's own grants. */
    private readonly callGrants: () => CallGrants = () => NO_CALL_GRANTS,
  ) {
    this.sidecars = new SidecarService(grants.sidecar);
  }

  get openStreams(): number {
    return this.streams.size;
  }

  async handle(request: HostRequest): Promise<ServiceResult> {
    if (this.disposed) return { ok: false, error: pluginError('busy', 'the plugin instance is shutting down') };
    try {
      if (isKvRequest(request)) return { ok: true, value: runKvRequest(this.grants.kv, request) };
      if (isSidecarRequest(request)) return { ok: true, value: await this.sidecars.run(request, this.cancel.signal) };
      switch (request.op) {
        case 'fetch': {
          const result = await fetchForPlugin(request.request, this.grants, this.limits.http, this.cancel.signal);
          return result.ok ? result : { ok: false, error: result.error };
        }
        case 'open':
          return await this.open(request.uri);
        case 'list':
          return await this.list(request.uri);
        case 'read':
          return { ok: true, value: await this.stream(request.stream).read(Math.min(request.maxBytes, this.limits.streams.maxReadBytes)) };
        case 'seek':
          await this.stream(request.stream).seek(request.offset);
          return { ok: true, value: undefined };
        case 'close':
          await this.closeStream(request.stream);
          return { ok: true, value: undefined };
        case 'close-all':
          await Promise.all([...this.streams.keys()].map((id) => this.closeStream(id)));
          await this.sidecars.dispose();
          return { ok: true, value: undefined };
      }
    } catch (error) {
      if (isPluginError(error)) return { ok: false, error };
      return { ok: false, error: pluginError('io', (error as Error).message ?? String(error)) };
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.cancel.abort();
    await Promise.all([...this.streams.keys()].map((id) => this.closeStream(id)));
    await this.sidecars.dispose();
  }

  private roots(): readonly string[] {
    return [...(this.grants.fileRoots ?? []), ...this.callGrants().roots];
  }

  private async open(uri: string): Promise<ServiceResult> {
    if (this.streams.size >= this.limits.streams.maxOpenStreams) {
      return { ok: false, error: pluginError('busy', `the plugin already holds ${this.streams.size} open streams; drop some before opening more`) };
    }
    let opened: HostStream | PluginErrorValue;
    if (uri.startsWith('file:')) {
      const resolved = await resolveGrantedFile(uri, this.roots());
      if (!resolved.ok) return { ok: false, error: resolved.error };
      opened = await FileStream.open(resolved.path, uri);
    } else if (/^https?:/i.test(uri)) {
      // A host granted for this call stays granted to the stream it opened (its later range requests).
      const hosts = this.callGrants().hosts;
      const grants = hosts.length === 0 ? this.grants : { ...this.grants, network: [...(this.grants.network ?? []), ...hosts] };
      opened = await HttpStream.open(uri, grants, { ...this.limits.streams, http: this.limits.http });
    } else {
      return { ok: false, error: pluginError('invalid-argument', `${uri} is neither a file:// nor an http(s):// URI`) };
    }
    if (isPluginError(opened)) return { ok: false, error: opened };
    if (this.disposed) {
      await opened.close();
      return { ok: false, error: pluginError('busy', 'the plugin instance is shutting down') };
    }
    const id = this.nextStream++;
    this.streams.set(id, opened);
    return { ok: true, value: { stream: id, ...opened.info } };
  }

  private async list(uri: string): Promise<ServiceResult> {
    const roots = this.roots();
    const resolved = await resolveGrantedFile(uri, roots);
    if (!resolved.ok) return { ok: false, error: resolved.error };
    if (!(await stat(resolved.path)).isDirectory()) return { ok: false, error: pluginError('invalid-argument', `${uri} is not a directory`) };
    const entries: DirEntry[] = [];
    for (const entry of await readdir(resolved.path, { withFileTypes: true })) {
      let path = join(resolved.path, entry.name);
      if ((await lstat(path)).isSymbolicLink()) {
        // A link is listed only when it leads somewhere inside the granted folders.
        const target = await resolveGrantedFile(pathToFileURL(path).href, roots);
        if (!target.ok) continue;
        path = target.path;
      }
      const info = await stat(path);
      entries.push({ name: entry.name, isDirectory: info.isDirectory(), size: BigInt(info.size), modifiedMs: BigInt(Math.floor(info.mtimeMs)) });
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { ok: true, value: entries };
  }

  private stream(id: number): HostStream {
    const stream = this.streams.get(id);
    if (!stream) throw pluginError('invalid-argument', `stream #${id} is closed`);
    return stream;
  }

  private async closeStream(id: number): Promise<void> {
    const stream = this.streams.get(id);
    this.streams.delete(id);
    await stream?.close();
  }
}

function isPluginError(value: unknown): value is PluginErrorValue {
  return typeof value === 'object' && value !== null && 'code' in value && 'message' in value && typeof (value as { code: unknown }).code === 'string';
}
