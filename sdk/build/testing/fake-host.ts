/**
 * Test support: in-memory JavaScript implementations of the host interfaces of
 * fugue:plugin@0.1.0 (log, host-stream, http-client, sidecar, kv), in the shape jco's
 * instantiation expects, and a loader for built fixture packages.
 */
import { readFile } from 'node:fs/promises';
import { buildPlugin } from '../build-plugin.ts';
import { loadComponent, type LoadedComponent } from '../jco-instance.ts';

export interface LogEntry {
  level: string;
  message: string;
}

/** An error the host returns as a WIT `plugin-error`. */
function pluginError(code: string, message: string): { tag: 'err'; val: { code: string; message: string } } {
  return { tag: 'err', val: { code, message } };
}

/** A host `input-stream` over bytes in memory; records how it was used. */
export class MemoryInputStream {
  static opened = 0;
  static dropped = 0;
  private offset = 0;

  constructor(
    private readonly data: Uint8Array,
    private readonly seekable = true,
  ) {
    MemoryInputStream.opened += 1;
  }

  read(maxBytes: number): Uint8Array {
    const chunk = this.data.subarray(this.offset, this.offset + Math.min(maxBytes, 1024 * 1024));
    this.offset += chunk.length;
    return chunk;
  }

  seek(offset: bigint): { tag: 'ok'; val: undefined } | ReturnType<typeof pluginError> {
    if (!this.seekable) return pluginError('unsupported', 'stream is not seekable');
    this.offset = Math.min(Number(offset), this.data.length);
    return { tag: 'ok', val: undefined };
  }

  position(): bigint {
    return BigInt(this.offset);
  }

  length(): bigint | undefined {
    return BigInt(this.data.length);
  }

  capabilities(): Record<string, boolean> {
    return { seekable: this.seekable, knownLength: true, live: false };
  }

  [Symbol.dispose](): void {
    MemoryInputStream.dropped += 1;
  }
}

export interface FakeHost {
  logs: LogEntry[];
  /** Files `host-stream.open` serves, by URI. */
  files: Map<string, Uint8Array>;
  kv: Map<string, Uint8Array>;
  imports: Record<string, unknown>;
}

/** Host imports for every fugue:plugin@0.1.0 host interface, keyed as jco looks them up. */
export function createFakeHost(): FakeHost {
  const logs: LogEntry[] = [];
  const files = new Map<string, Uint8Array>();
  const kv = new Map<string, Uint8Array>();
  const interfaces: Record<string, unknown> = {
    log: { write: (level: string, message: string) => void logs.push({ level, message }) },
    'host-stream': {
      InputStream: MemoryInputStream,
      open: (uri: string) => {
        const data = files.get(uri);
        return data === undefined ? pluginError('not-found', `no file ${uri}`) : { tag: 'ok', val: new MemoryInputStream(data) };
      },
      listDirectory: () => pluginError('denied', 'no directories in the fake host'),
    },
    'http-client': { fetch: () => ({ tag: 'err', val: { tag: 'denied', val: 'fake host' } }) },
    sidecar: {
      Process: class FakeProcess {},
      spawn: () => pluginError('denied', 'no sidecars in the fake host'),
    },
    kv: {
      get: (key: string) => ({ tag: 'ok', val: kv.get(key) }),
      set: (key: string, value: Uint8Array) => void kv.set(key, value),
      delete: (key: string) => kv.delete(key),
      listKeys: (prefix: string) => [...kv.keys()].filter((key) => key.startsWith(prefix)).sort(),
    },
    types: {},
    'hot-path': {},
  };
  const imports: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(interfaces)) {
    imports[`fugue:plugin/${name}`] = value;
    imports[`fugue:plugin/${name}@0.1.0`] = value;
  }
  return { logs, files, kv, imports };
}

export interface LoadedFixture {
  host: FakeHost;
  component: LoadedComponent;
  /** An exported interface by its short name (e.g. `dsp`, `lifecycle`). */
  exported<T>(name: string): T;
  dispose(): Promise<void>;
}

/** Builds a fixture project (or reuses the cached build) and instantiates its first component. */
export async function loadFixture(projectDir: string, host: FakeHost = createFakeHost()): Promise<LoadedFixture> {
  const built = await buildPlugin(projectDir);
  const [first] = built.components;
  if (first === undefined) throw new Error(`${projectDir} declares no component`);
  const component = await loadComponent(await readFile(first.outPath), host.imports);
  return {
    host,
    component,
    exported<T>(name: string): T {
      const value = component.exports[name];
      if (typeof value !== 'object' || value === null) throw new Error(`the component exports no interface \`${name}\``);
      return value as T;
    },
    dispose: () => component.dispose(),
  };
}
