/**
 * What a shell (the web shell, the Electron window) puts behind its contract: playback on
 * the chosen output, playing source items only from the folders the user granted their
 * source, and the contract's handlers and events over the plugin services. Output failures
 * reach the contract as `player.sinkFailed` from the first track on.
 */
import { DisposableStore, type Disposable } from '../../src-shared/disposable.ts';
import { createHandlers, type ContractHost } from '../contract/handlers.ts';
import { outputEventToContract } from '../contract/player-events.ts';
import type { EmitEvent } from '../contract/types.ts';
import { grantedFolders } from '../plugins/plugin-grants.ts';
import { Playback } from './playback.ts';
import type { PluginServices } from './plugin-services.ts';

export interface AppHostOptions {
  services: PluginServices;
  /** The output spec (`default`, `null`, `device:<id>`, `plugin:<id>/<type>`). */
  sink: string;
  /** Told about effects that run through their component path. */
  onEffectNotice?(reason: string): void;
}

export interface AppHost extends Disposable {
  playback: Playback;
  contract: ContractHost;
}

export function openAppHost(options: AppHostOptions): AppHost {
  const { services, sink } = options;
  const store = new DisposableStore();
  // The output reports failures from its first track on; the contract's hub exists by then.
  const hub: { emit?: EmitEvent } = {};
  const playback = store.add(
    new Playback({
      host: services.host,
      sink,
      sourceRoots: (pluginId) => grantedFolders(services.catalog, pluginId),
      ...(options.onEffectNotice === undefined ? {} : { onEffectNotice: options.onEffectNotice }),
      onOutputEvent: (event) => hub.emit?.(outputEventToContract(event)),
    }),
  );
  // Added last so it is released first: the contract goes quiet before playback stops.
  const contract = store.add(createHandlers({ plugins: services, playback, output: sink }));
  hub.emit = contract.events.emit;
  return { playback, contract, dispose: () => store.dispose() };
}
