/**
 * The host side of the contract's imports (`log`, `host-stream`, `http-client`, `sidecar`,
 * `kv`), as seen by one component inside its worker. Each service is available only when
 * granted; until the scheduler/host-services work grants them, every service but `log`
 * answers `denied`, naming the capability, so a plugin can handle it.
 */

/** A log line leaving the worker for the host's per-plugin log. */
export type LogSink = (level: string, message: string) => void;

/** Longest log message kept; longer ones are cut with a marker. */
const MAX_LOG_MESSAGE = 4096;

/** A WIT `plugin-error` thrown from an import: jco turns it into the `err` of the result. */
function denied(capability: string, what: string): { code: 'denied'; message: string } {
  return { code: 'denied', message: `${capability} is not granted to this plugin (${what}); ask the user to grant it in the plugin's permissions` };
}

function deniedClass(capability: string): new () => unknown {
  return class DeniedResource {
    constructor() {
      throw denied(capability, 'resources cannot be created directly');
    }
  };
}

/** Import objects for the contract interfaces, keyed as jco's bindings look them up. */
export function createHostImports(log: LogSink): Record<string, unknown> {
  const imports: Record<string, Record<string, unknown>> = {
    'fugue:plugin/log': {
      write(level: string, message: string): void {
        log(level, message.length > MAX_LOG_MESSAGE ? `${message.slice(0, MAX_LOG_MESSAGE)}… [truncated]` : message);
      },
    },
    'fugue:plugin/host-stream': {
      InputStream: deniedClass('host-stream'),
      open(uri: string): never {
        throw denied('host-stream', `open ${uri}`);
      },
      listDirectory(uri: string): never {
        throw denied('host-stream', `list ${uri}`);
      },
    },
    'fugue:plugin/http-client': {
      fetch(request: { url: string }): never {
        let host = request.url;
        try {
          host = new URL(request.url).host;
        } catch {
          throw { tag: 'invalid-url', val: request.url };
        }
        throw { tag: 'denied', val: host };
      },
    },
    'fugue:plugin/sidecar': {
      Process: deniedClass('sidecar'),
      spawn(options: { executable: string }): never {
        throw denied('sidecar', `spawn ${options.executable}`);
      },
    },
    'fugue:plugin/kv': {
      get(key: string): never {
        throw denied('kv storage', `get ${key}`);
      },
      set(key: string): never {
        throw denied('kv storage', `set ${key}`);
      },
      delete(key: string): never {
        throw denied('kv storage', `delete ${key}`);
      },
      listKeys(prefix: string): never {
        throw denied('kv storage', `list ${prefix}`);
      },
    },
    'fugue:plugin/types': {},
    'fugue:plugin/hot-path': {},
  };
  return imports;
}
