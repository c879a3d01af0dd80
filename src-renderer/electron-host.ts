/**
 * The renderer in the Electron shell: the preload's `window.fugue` is the contract client
 * and the event source, instead of the web shell's WebSocket. Packages are installed by
 * their path on disk (`webUtils.getPathForFile` in the preload), since there is no upload
 * endpoint; the dev folder comes from the native picker.
 */
import type { ElectronBridge } from '../src-shared/contract/electron-bridge.ts';
import { ELECTRON_BRIDGE_GLOBAL } from '../src-shared/contract/electron-bridge.ts';
import { startBridge } from './store/bridge.ts';
import type { Commands, Host } from './store/commands.ts';
import type { AppStore } from './store/store.ts';

/** The preload's bridge on `scope` (the window), or undefined in a browser. */
export function electronBridgeOf(scope: object): ElectronBridge | undefined {
  const candidate: unknown = (scope as Record<string, unknown>)[ELECTRON_BRIDGE_GLOBAL];
  if (typeof candidate !== 'object' || candidate === null) return undefined;
  const bridge = candidate as Partial<ElectronBridge>;
  return typeof bridge.onEvent === 'function' && typeof bridge.pathForFile === 'function' ? (candidate as ElectronBridge) : undefined;
}

/** The host as the commands see it, over the bridge. */
export function electronHost(bridge: ElectronBridge): Host {
  return {
    contract: bridge,
    upload: (file) =>
      Promise.resolve({
        ok: false,
        error: { code: 'unsupported', message: `${file.name} is not a file on this computer, so the desktop app cannot install it; drop the package from your file manager or use "Install plugin…"` },
      }),
    pathOf: (file) => bridge.pathForFile(file),
    pickFolder: async () => {
      const picked = await bridge.pickFolder();
      return picked.ok ? picked.value : undefined;
    },
  };
}

/** Points `host` at the bridge and starts turning its events into store changes. */
export function connectElectron(bridge: ElectronBridge, host: Host, store: AppStore, commands: Pick<Commands, 'refreshDetails'>): void {
  Object.assign(host, electronHost(bridge));
  startBridge((listener) => bridge.onEvent(listener), store, commands);
  store.getState().setConnection('open');
}
