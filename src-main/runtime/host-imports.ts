/**
 * The host side of the contract's imports (`log`, `host-stream`, `http-client`, `sidecar`,
 * `kv`), as seen by one component instance inside its worker. `log` is posted to the
 * main thread (rate-limited, never blocking); `host-stream`, `http-client` and `kv` are
 * synchronous calls into the main thread's host services (sync-bridge.ts), which check
 * the plugin's grants; `sidecar` processes are native code the host starts outside the
 * sandbox, through the sidecar registry.
 */
import type { StreamInfo } from './protocol.ts';
import { HostServiceError, type SyncBridge } from './sync-bridge.ts';

/** A log line leaving the worker for the host's per-plugin log. */
export type LogSink = (level: string, message: string) => void;

/** Longest log message kept; longer ones are cut with a marker. */
const MAX_LOG_MESSAGE = 4096;

/** A WIT `plugin-error` thrown from an import: jco turns it into the `err` of the result. */
function denied(capability: string, what: string): { code: 'denied'; message: string } {
  return { code: 'denied', message: `${capability} is not available to plugins in this version of Fugue (${what})` };
}

/** Runs a bridged request, rethrowing a service error as the WIT error value the import returns. */
function bridged<T>(run: () => unknown): T {
  try {
    return run() as T;
  } catch (error) {
    if (error instanceof HostServiceError) throw error.value;
    throw error;
  }
}

/** Builds the `input-stream` resource class of one instance, bound to its bridge. */
export function inputStreamClass(bridge: SyncBridge | undefined): {
  InputStream: new (info: StreamInfo) => unknown;
  open(uri: string): unknown;
} {
  class InputStream {
    private offset = 0n;
    private closed = false;

    constructor(private readonly info: StreamInfo) {}

    read(maxBytes: number): Uint8Array {
      const chunk = bridged<Uint8Array>(() => bridge!.request({ op: 'read', stream: this.info.stream, maxBytes }));
      this.offset += BigInt(chunk.length);
      return chunk;
    }

    seek(offset: bigint): void {
      bridged(() => bridge!.request({ op: 'seek', stream: this.info.stream, offset }));
      this.offset = offset;
    }

    position(): bigint {
      return this.offset;
    }

    length(): bigint | undefined {
      return this.info.length;
    }

    capabilities(): { seekable: boolean; knownLength: boolean; live: boolean } {
      return { seekable: this.info.seekable, knownLength: this.info.length !== undefined, live: this.info.live };
    }

    [Symbol.dispose](): void {
      if (this.closed) return;
      this.closed = true;
      bridge?.notify({ op: 'close', stream: this.info.stream });
    }
  }
  return {
    InputStream,
    open(uri: string): unknown {
      if (!bridge) throw denied('host-stream', `open ${uri}`);
      return new InputStream(bridged<StreamInfo>(() => bridge.request({ op: 'open', uri })));
    },
  };
}

/** The `sidecar` interface of one instance: a `process` resource backed by host-side ids. */
export function sidecarImports(bridge: SyncBridge | undefined): { Process: new (id: number) => unknown; spawn(options: { executable: string; args: string[] }): unknown } {
  class Process {
    private dropped = false;

    constructor(private readonly id: number) {}

    writeStdin(data: Uint8Array): number {
      return bridged<number>(() => bridge!.request({ op: 'sidecar-write', process: this.id, data }));
    }

    closeStdin(): void {
      bridged(() => bridge!.request({ op: 'sidecar-close-stdin', process: this.id }));
    }

    readStdout(maxBytes: number): Uint8Array {
      return bridged<Uint8Array>(() => bridge!.request({ op: 'sidecar-read', process: this.id, maxBytes }));
    }

    exitCode(): number | undefined {
      return bridged<number | undefined>(() => bridge!.request({ op: 'sidecar-exit-code', process: this.id }));
    }

    transport(): string {
      return bridged<string>(() => bridge!.request({ op: 'sidecar-transport', process: this.id }));
    }

    kill(): void {
      bridged(() => bridge!.request({ op: 'sidecar-kill', process: this.id }));
    }

    [Symbol.dispose](): void {
      if (this.dropped) return;
      this.dropped = true;
      bridge?.notify({ op: 'sidecar-kill', process: this.id });
    }
  }
  return {
    Process,
    spawn(options: { executable: string; args: string[] }): unknown {
      if (!bridge) throw denied('sidecar', `spawn ${options.executable}`);
      return new Process(bridged<number>(() => bridge.request({ op: 'sidecar-spawn', executable: options.executable, args: options.args })));
    },
  };
}

/** Import objects for the contract interfaces, keyed as jco's bindings look them up. */
export function createHostImports(log: LogSink, bridge?: SyncBridge): Record<string, unknown> {
  const streams = inputStreamClass(bridge);
  const imports: Record<string, Record<string, unknown>> = {
    'fugue:plugin/log': {
      write(level: string, message: string): void {
        log(level, message.length > MAX_LOG_MESSAGE ? `${message.slice(0, MAX_LOG_MESSAGE)}… [truncated]` : message);
      },
    },
    'fugue:plugin/host-stream': {
      InputStream: streams.InputStream,
      open: streams.open,
      listDirectory(uri: string): unknown {
        if (!bridge) throw denied('host-stream', `list ${uri}`);
        return bridged(() => bridge.request({ op: 'list', uri }));
      },
    },
    'fugue:plugin/http-client': {
      fetch(request: { method: string; url: string; headers: { name: string; value: string }[]; body?: Uint8Array; timeoutMs?: number }): unknown {
        if (!bridge) {
          let host = request.url;
          try {
            host = new URL(request.url).host;
          } catch {
            throw { tag: 'invalid-url', val: request.url };
          }
          throw { tag: 'denied', val: host };
        }
        return bridged(() => bridge.request({ op: 'fetch', request }));
      },
    },
    'fugue:plugin/sidecar': sidecarImports(bridge),
    'fugue:plugin/kv': {
      get(key: string): unknown {
        if (!bridge) throw denied('kv storage', `get ${key}`);
        return bridged(() => bridge.request({ op: 'kv-get', key }));
      },
      set(key: string, value: Uint8Array): void {
        if (!bridge) throw denied('kv storage', `set ${key}`);
        bridged(() => bridge.request({ op: 'kv-set', key, value }));
      },
      delete(key: string): unknown {
        if (!bridge) throw denied('kv storage', `delete ${key}`);
        return bridged(() => bridge.request({ op: 'kv-delete', key }));
      },
      listKeys(prefix: string): unknown {
        if (!bridge) throw denied('kv storage', `list ${prefix}`);
        return bridged(() => bridge.request({ op: 'kv-list', prefix }));
      },
    },
    'fugue:plugin/types': {},
    'fugue:plugin/hot-path': {},
  };
  return imports;
}
