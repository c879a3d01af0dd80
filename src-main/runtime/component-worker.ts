/**
 * A component worker: instantiates one transpiled component with sandboxed WASI and the
 * host's contract imports, then serves calls from the main thread one at a time.
 * Guest-owned resources (sessions, processors, sinks) stay here; the main thread holds
 * numbered references to them.
 */
import { parentPort } from 'node:worker_threads';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PluginIdentity } from '../../src-shared/errors.ts';
import { toFugueErrorData } from '../../src-shared/errors.ts';
import { classifyGuestError } from './guest-errors.ts';
import { createHostImports } from './host-imports.ts';
import type { CallRequest, CallTarget, FromWorker, LoadRequest, ToWorker } from './protocol.ts';

type GuestFunction = (...args: unknown[]) => unknown;
type Instantiate = (
  getCoreModule: (path: string) => WebAssembly.Module,
  imports: Record<string, unknown>,
) => Promise<Record<string, unknown>>;

const port = parentPort;
if (!port) throw new Error('component-worker must run in a worker thread');

let load: LoadRequest | undefined;
let modules = new Map<string, WebAssembly.Module>();
let root: Record<string, unknown> | undefined;
let poisoned = false;
let nextResource = 1;
const resources = new Map<number, { value: Record<string, unknown>; type: string }>();

function send(message: FromWorker): void {
  port!.postMessage(message);
}

async function compileModules(request: LoadRequest): Promise<void> {
  modules = new Map();
  for (const name of request.coreModules) {
    modules.set(name, await WebAssembly.compile(await readFile(join(request.entry, '..', name))));
  }
}

let bindingsImportMs = 0;

async function instantiate(request: LoadRequest): Promise<void> {
  const importStarted = performance.now();
  const bindings = (await import(pathToFileURL(request.entry).href)) as { instantiate: Instantiate };
  bindingsImportMs = performance.now() - importStarted;
  const imports: Record<string, unknown> = {
    ...createHostImports((level, message) => send({ type: 'log', level, message })),
  };
  // Loading preview2-shim starts an I/O thread, so only components that import WASI pay for it.
  if (request.usesWasi) {
    const { createSandboxedWasi } = await import('./sandbox.ts');
    Object.assign(imports, createSandboxedWasi({ dataDir: request.dataDir, programName: request.identity.pluginId }));
  }
  root = await bindings.instantiate((path) => {
    const module = modules.get(path);
    if (!module) throw new Error(`the bindings asked for an unknown core module ${path}`);
    return module;
  }, imports);
  poisoned = false;
  resources.clear();
}

async function handleLoad(request: LoadRequest): Promise<void> {
  load = request;
  try {
    const compileStarted = performance.now();
    await compileModules(request);
    const instantiateStarted = performance.now();
    await instantiate(request);
    send({
      type: 'loaded',
      compileMs: instantiateStarted - compileStarted,
      bindingsImportMs,
      instantiateMs: performance.now() - instantiateStarted - bindingsImportMs,
    });
  } catch (error) {
    send({ type: 'load-failed', error: { ...toFugueErrorData(error, 'instantiate-failed'), plugin: request.identity } });
  }
}

const camel = (name: string): string => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const kebab = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

function exportName(target: CallTarget): string {
  if (target.kind === 'function') return `${target.iface}#${target.fn}`;
  const type = resources.get(target.resource)?.type ?? 'resource';
  return `[method]${type}.${target.method}`;
}

function resolve(target: CallTarget): GuestFunction {
  if (!root) throw new Error('the component is not instantiated');
  if (target.kind === 'function') {
    const iface = root[target.iface] as Record<string, unknown> | undefined;
    const fn = iface?.[camel(target.fn)];
    if (typeof fn !== 'function') throw new TypeError(`the component exports no function ${target.fn} in ${target.iface}`);
    return fn as GuestFunction;
  }
  const entry = resources.get(target.resource);
  if (!entry) throw new TypeError(`resource #${target.resource} does not exist (it was dropped, or the instance restarted)`);
  const method = entry.value[camel(target.method)];
  if (typeof method !== 'function') throw new TypeError(`${entry.type} has no method ${target.method}`);
  return (method as GuestFunction).bind(entry.value);
}

/** Guest resources come back as class instances; keep them here and hand out a reference. */
function exportValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || ArrayBuffer.isView(value)) return value;
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (prototype === Object.prototype || prototype === null) return value;
  const id = nextResource++;
  const type = kebab((value as { constructor: { name: string } }).constructor.name);
  resources.set(id, { value: value as Record<string, unknown>, type });
  return { $resource: id, type };
}

async function handleCall(request: CallRequest): Promise<void> {
  const identity: PluginIdentity = { ...load!.identity, exportName: exportName(request.target) };
  try {
    if (poisoned) await instantiate(load!);
    const value = await resolve(request.target)(...request.args);
    send({ type: 'result', id: request.id, value: exportValue(value) });
  } catch (thrown) {
    const { error, poisoned: mustRestart } = classifyGuestError(thrown, identity);
    if (mustRestart) poisoned = true;
    send({ type: 'error', id: request.id, error });
  }
}

function handleDrop(id: number, resource: number): void {
  const entry = resources.get(resource);
  resources.delete(resource);
  try {
    const disposable = entry?.value as { [Symbol.dispose]?: () => void } | undefined;
    disposable?.[Symbol.dispose]?.();
    send({ type: 'result', id, value: undefined });
  } catch (thrown) {
    const { error, poisoned: mustRestart } = classifyGuestError(thrown, { ...load!.identity, exportName: `[dtor]${entry?.type ?? 'resource'}` });
    if (mustRestart) poisoned = true;
    send({ type: 'error', id, error });
  }
}

// Calls are served strictly one after another: a component instance is not re-entrant.
let queue: Promise<void> = Promise.resolve();
port.on('message', (message: ToWorker) => {
  queue = queue.then(() => {
    switch (message.type) {
      case 'load':
        return handleLoad(message);
      case 'call':
        return handleCall(message);
      case 'drop':
        return handleDrop(message.id, message.resource);
    }
  });
});
