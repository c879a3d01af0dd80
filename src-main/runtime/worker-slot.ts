/**
 * One component instance inside a component worker (a worker may host several): the
 * instantiated bindings, the guest resources it handed out, its host imports and the
 * linear memories it created (reported to the main thread after each request).
 * Runs inside a component worker.
 */
import { pathToFileURL } from 'node:url';
import type { FugueErrorData, PluginIdentity } from '../../src-shared/errors.ts';
import { PcmRing, type PcmRingShared } from '../audio/pcm-ring.ts';
import { classifyGuestError } from './guest-errors.ts';
import { createHostImports } from './host-imports.ts';
import { LogLimiter } from './log-limiter.ts';
import type { CallTarget, InstantiateRequest } from './protocol.ts';
import { SyncBridge } from './sync-bridge.ts';

type GuestFunction = (...args: unknown[]) => unknown;
type InstantiateCore = (module: WebAssembly.Module, imports?: WebAssembly.Imports) => Promise<WebAssembly.Instance>;
type Instantiate = (
  getCoreModule: (path: string) => WebAssembly.Module,
  imports: Record<string, unknown>,
  instantiateCore?: InstantiateCore,
) => Promise<Record<string, unknown>>;

export type Outcome = { ok: true; value: unknown } | { ok: false; error: FugueErrorData };

const camel = (name: string): string => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const kebab = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

export class WorkerSlot {
  private root: Record<string, unknown> | undefined;
  private poisoned = false;
  private nextResource = 1;
  private readonly resources = new Map<number, { value: Record<string, unknown>; type: string }>();
  private memories: WebAssembly.Memory[] = [];
  private imports: Record<string, unknown> = {};
  private readonly bridge: SyncBridge;
  private readonly logs: LogLimiter;
  bindingsImportMs = 0;

  constructor(
    private readonly request: InstantiateRequest,
    send: (level: string, message: string, notice: boolean) => void,
  ) {
    this.bridge = new SyncBridge(request.host);
    this.logs = new LogLimiter(
      request.logRate,
      (level, message) => send(level, message, false),
      (message) => send('warn', message, true),
    );
  }

  /** Bytes of linear memory the instance holds now. */
  get memoryBytes(): number {
    return this.memories.reduce((sum, memory) => sum + memory.buffer.byteLength, 0);
  }

  async instantiate(): Promise<void> {
    const started = performance.now();
    // The module is imported once per worker; every instantiation gets its own state.
    const bindings = (await import(pathToFileURL(this.request.entry).href)) as { instantiate: Instantiate };
    this.bindingsImportMs = performance.now() - started;
    this.imports = { ...createHostImports((level, message) => this.logs.log(level, message), this.bridge) };
    // Loading preview2-shim starts an I/O thread, so only components that import WASI pay for it.
    if (this.request.usesWasi) {
      const { createSandboxedWasi } = await import('./sandbox.ts');
      Object.assign(this.imports, createSandboxedWasi({ dataDir: this.request.dataDir, programName: this.request.identity.pluginId }));
    }
    const memories: WebAssembly.Memory[] = [];
    const instantiateCore: InstantiateCore = async (module, imports) => {
      const instance = await WebAssembly.instantiate(module, imports);
      for (const value of Object.values(instance.exports)) if (value instanceof WebAssembly.Memory && !memories.includes(value)) memories.push(value);
      return instance;
    };
    this.root = await bindings.instantiate(
      (path) => {
        const module = this.request.modules[path];
        if (!module) throw new Error(`the bindings asked for an unknown core module ${path}`);
        return module;
      },
      this.imports,
      instantiateCore,
    );
    this.memories = memories;
    this.poisoned = false;
    this.resources.clear();
  }

  async call(target: CallTarget, args: unknown[], into?: PcmRingShared, from?: PcmRingShared): Promise<Outcome> {
    const identity: PluginIdentity = { ...this.request.identity, exportName: this.exportName(target) };
    try {
      if (this.poisoned) {
        this.bridge.notify({ op: 'close-all' });
        await this.instantiate();
      }
      const source = from === undefined ? undefined : takePcmArg(args, from);
      const value = await this.resolve(target)(...(source?.args ?? args).map((arg) => this.importArg(arg)));
      // From one ring into another (an effect's `process`): every frame given was used.
      if (into !== undefined && source !== undefined) source.ring.skip(source.frames);
      if (into !== undefined) return { ok: true, value: writePcm(value, into) };
      if (source !== undefined) return { ok: true, value: consumePcm(value, source) };
      return { ok: true, value: this.exportValue(value) };
    } catch (thrown) {
      const { error, poisoned } = classifyGuestError(thrown, identity);
      if (poisoned) this.poisoned = true;
      return { ok: false, error };
    } finally {
      this.logs.flush();
    }
  }

  drop(resource: number): Outcome {
    const entry = this.resources.get(resource);
    this.resources.delete(resource);
    try {
      const disposable = entry?.value as { [Symbol.dispose]?: () => void } | undefined;
      disposable?.[Symbol.dispose]?.();
      return { ok: true, value: undefined };
    } catch (thrown) {
      const { error, poisoned } = classifyGuestError(thrown, { ...this.request.identity, exportName: `[dtor]${entry?.type ?? 'resource'}` });
      if (poisoned) this.poisoned = true;
      return { ok: false, error };
    } finally {
      this.logs.flush();
    }
  }

  release(): void {
    this.root = undefined;
    this.resources.clear();
    this.memories = [];
    this.bridge.close();
  }

  private exportName(target: CallTarget): string {
    if (target.kind === 'function') return `${target.iface}#${target.fn}`;
    const type = this.resources.get(target.resource)?.type ?? 'resource';
    return `[method]${type}.${target.method}`;
  }

  private resolve(target: CallTarget): GuestFunction {
    if (!this.root) throw new Error('the component is not instantiated');
    if (target.kind === 'function') {
      const iface = this.root[target.iface] as Record<string, unknown> | undefined;
      const fn = iface?.[camel(target.fn)];
      if (typeof fn !== 'function') throw new TypeError(`the component exports no function ${target.fn} in ${target.iface}`);
      return fn as GuestFunction;
    }
    const entry = this.resources.get(target.resource);
    if (!entry) throw new TypeError(`resource #${target.resource} does not exist (it was dropped, or the instance restarted)`);
    const method = entry.value[camel(target.method)];
    if (typeof method !== 'function') throw new TypeError(`${entry.type} has no method ${target.method}`);
    return (method as GuestFunction).bind(entry.value);
  }

  /** `{ $hostStream: uri }` becomes a host input-stream, opened with the plugin's grants. */
  private importArg(arg: unknown): unknown {
    if (typeof arg !== 'object' || arg === null || !('$hostStream' in arg)) return arg;
    const hostStream = this.imports['fugue:plugin/host-stream'] as { open(uri: string): unknown };
    try {
      return hostStream.open(String((arg as { $hostStream: unknown }).$hostStream));
    } catch (error) {
      throw { payload: error };
    }
  }

  /** Guest resources come back as class instances; keep them here and hand out a reference. */
  private exportValue(value: unknown): unknown {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || ArrayBuffer.isView(value)) return value;
    const prototype = Object.getPrototypeOf(value) as object | null;
    if (prototype === Object.prototype || prototype === null) return value;
    const id = this.nextResource++;
    const type = kebab((value as { constructor: { name: string } }).constructor.name);
    this.resources.set(id, { value: value as Record<string, unknown>, type });
    return { $resource: id, type };
  }
}

/**
 * Writes a call's interleaved f32 result into a PCM ring; answers the frames decoded. The
 * caller asked for no more than the ring had free, so every frame fits unless the
 * consumer abandoned the ring meanwhile (then the frames are not wanted).
 */
function writePcm(value: unknown, into: PcmRingShared): number {
  if (!(value instanceof Float32Array)) throw new TypeError(`the call returned ${typeof value}, not interleaved f32 samples for a PCM ring`);
  const ring = PcmRing.attach(into);
  const frames = Math.floor(value.length / ring.channels);
  ring.write(value, frames);
  return frames;
}

interface PcmSource {
  args: unknown[];
  ring: PcmRing;
  frames: number;
}

/**
 * Replaces the first `{ $pcmFrom: maxFrames }` argument with up to that many frames peeked
 * (not yet consumed) from the ring: the guest may accept only part of them.
 */
function takePcmArg(args: unknown[], from: PcmRingShared): PcmSource {
  const index = args.findIndex((arg) => typeof arg === 'object' && arg !== null && '$pcmFrom' in arg);
  if (index < 0) throw new TypeError('a call with a `from` ring needs a { $pcmFrom: maxFrames } argument');
  const ring = PcmRing.attach(from);
  const wanted = Math.max(0, Math.floor(Number((args[index] as { $pcmFrom: unknown }).$pcmFrom)) || 0);
  const samples = new Float32Array(Math.min(wanted, ring.availableFrames()) * ring.channels);
  const frames = ring.peek(samples, samples.length / ring.channels);
  return { args: args.map((arg, at) => (at === index ? samples : arg)), ring, frames };
}

/** Consumes the frames the guest accepted (its u32 result), never more than it was given. */
function consumePcm(value: unknown, source: PcmSource): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new TypeError(`the call returned ${String(value)}, not the number of frames it accepted`);
  }
  return source.ring.skip(Math.min(value, source.frames));
}
