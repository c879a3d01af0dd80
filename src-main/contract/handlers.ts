/**
 * Binds the contract to the host's services: one function per operation that validates
 * its params, calls the service, checks the answer against the result schema, and
 * returns `{ok, value}` or `{ok: false, error}` — never a throw. Shells (IPC, WebSocket)
 * validate the sender before calling these.
 */
import type { z } from 'zod';
import { DisposableStore, type Disposable } from '../../src-shared/disposable.ts';
import { toFugueErrorData, type Result } from '../../src-shared/errors.ts';
import { operationNames, operations, type ContractHandlers, type OperationName, type ResultOf } from '../../src-shared/contract/registry.ts';
import type { PluginServices } from '../app/plugin-services.ts';
import type { Playback } from '../app/playback.ts';
import type { DevLink } from '../plugins/dev-mode.ts';
import { EventHub } from './event-hub.ts';
import { InstallFlows } from './install-flows.ts';
import { libraryHandlers } from './library-handlers.ts';
import { playbackHandlers } from './playback-handlers.ts';
import { pluginHandlers } from './plugin-handlers.ts';
import { bridgePlayerEvents } from './player-events.ts';
import { summaryOf } from './plugin-views.ts';
import type { OperationImpls } from './types.ts';
import { UploadStore } from './uploads.ts';

export interface ContractServices {
  plugins: PluginServices;
  playback?: Playback;
  /** The output `playback` was opened with; default `default`. */
  output?: string;
  /** How long an install waits for its consent answer. */
  consentTimeoutMs?: number;
}

/** The handlers, the events they and the services emit, and the uploads waiting to be installed. */
export interface ContractHost extends Disposable {
  handlers: ContractHandlers;
  events: EventHub;
  uploads: UploadStore;
}

export function createHandlers(services: ContractServices): ContractHost {
  const store = new DisposableStore();
  const events = new EventHub();
  const uploads = new UploadStore();
  const flows = new InstallFlows({ installer: services.plugins.installer, emit: events.emit, ...(services.consentTimeoutMs === undefined ? {} : { consentTimeoutMs: services.consentTimeoutMs }) });
  // Released in reverse: waiting installs are refused before the hub goes quiet.
  store.add(events);
  store.add(uploads);
  store.add(flows);
  store.add(forwardCatalogChanges(services.plugins, events));
  const onDevLink = (link: DevLink) => store.add(link.onEvent((event) => forwardDevEvent(services.plugins, events, event)));
  const impls: OperationImpls = {
    ...pluginHandlers({ services: services.plugins, uploads, flows, emit: events.emit, onDevLink }),
    ...playbackHandlers({ host: services.plugins.host, playback: services.playback, output: services.output ?? 'default' }),
    ...libraryHandlers(services.plugins, () => services.playback),
  };
  if (services.playback !== undefined) store.add(bridgePlayerEvents(services.plugins, services.playback, events.emit));
  const handlers = Object.fromEntries(operationNames.map((name) => [name, bind(name, impls[name] as (params: unknown) => Promise<unknown>)])) as ContractHandlers;
  return { handlers, events, uploads, dispose: () => store.dispose() };
}

/** Wraps one implementation: params checked first, errors and bad answers turned into data. */
function bind<N extends OperationName>(name: N, impl: (params: unknown) => Promise<unknown>): (params: unknown) => Promise<Result<ResultOf<N>>> {
  const schema = operations[name];
  return async (params) => {
    const checked = (schema.params as z.ZodType).safeParse(params);
    if (!checked.success) return { ok: false, error: { code: 'invalid-argument', message: describeIssues(name, checked.error) } };
    try {
      const value = (schema.result as z.ZodType).safeParse(await impl(checked.data));
      if (!value.success) return { ok: false, error: { code: 'internal', message: `${name} produced an answer the contract does not allow (${describeIssues(name, value.error)}); this is a bug in Fugue` } };
      return { ok: true, value: value.data as ResultOf<N> };
    } catch (error) {
      return { ok: false, error: toFugueErrorData(error) };
    }
  };
}

/** `plugins.enable: pluginId: must be a plugin id …` — the field path first, so the caller knows what to fix. */
function describeIssues(name: string, error: z.ZodError): string {
  const issues = error.issues.map((issue) => `${issue.path.length === 0 ? 'params' : issue.path.join('.')}: ${issue.message}`);
  return `${name}: ${issues.join('; ')}`;
}

/**
 * Changes nobody asked for through the contract (a plugin failing at startup, a crash
 * marking it failed, a sidecar event, the CLI) reach every renderer too. Changes of one
 * tick are sent once per plugin, with the state they left, after the contract's own reply.
 */
function forwardCatalogChanges(services: PluginServices, events: EventHub): Disposable {
  const pending = new Set<string>();
  let disposed = false;
  const flush = (): void => {
    const ids = [...pending];
    pending.clear();
    if (disposed || !services.catalog.isOpen) return;
    for (const pluginId of ids) events.emit({ event: 'plugins.changed', payload: { pluginId, summary: summaryOf(services.catalog, pluginId, (id) => services.host.manifestOf(id)) } });
  };
  const subscription = services.catalog.onChange((pluginId) => {
    if (pending.size === 0) queueMicrotask(flush);
    pending.add(pluginId);
  });
  return {
    dispose: () => {
      disposed = true;
      return subscription.dispose();
    },
  };
}

function forwardDevEvent(services: PluginServices, events: EventHub, event: Parameters<Parameters<DevLink['onEvent']>[0]>[0]): void {
  const payload =
    event.kind === 'reloaded'
      ? { pluginId: event.pluginId, outcome: 'reloaded' as const, version: event.version, changed: event.changed }
      : { pluginId: event.pluginId, outcome: 'failed' as const, changed: event.changed, error: event.error };
  events.emit({ event: 'plugins.devReload', payload });
  if (services.catalog.isOpen) events.emit({ event: 'plugins.changed', payload: { pluginId: event.pluginId, summary: summaryOf(services.catalog, event.pluginId, (id) => services.host.manifestOf(id)) } });
}
