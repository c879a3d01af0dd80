/**
 * What the user can ask of the host from the Plugins screen. Each command calls the
 * contract and puts the answer (or the error, in the alert) into the store; the state
 * that follows from a change arrives as `plugins.changed` through the bridge.
 */
import type { ContractClient, InstallReply, InstallSourceParam } from '../../src-shared/contract/index.ts';
import type { Result } from '../../src-shared/errors.ts';
import { devCommands } from '../features/plugins/dev-commands.ts';
import { settingsCommands } from '../features/settings/settings-commands.ts';
import { createEffectsCommands } from './effects-commands.ts';
import { createPlayerCommands } from './player-commands.ts';
import { pluginLabel } from './plugins-slice.ts';
import type { AppStore } from './store.ts';

/** The host as the commands see it: the contract, and a way to send package bytes. */
export interface Host {
  contract: ContractClient;
  /** Sends the bytes of a package and answers the upload id `plugins.install` takes. */
  upload(file: File): Promise<Result<string>>;
  /** A native folder picker, where the shell has one (Electron); the folder, or undefined when cancelled. */
  pickFolder?: () => Promise<string | undefined>;
  /** The path on disk of a dropped or picked file, where the shell can see it (Electron); installs then go by path, not upload. */
  pathOf?: (file: File) => string | undefined;
}

export type Commands = ReturnType<typeof createCommands>;

const EVENT_LOG_LIMIT = 50;

export function createCommands(host: Host, store: AppStore) {
  const state = () => store.getState();
  /** The value of `result`, or undefined after showing its error. */
  const valueOf = <T>(result: Result<T>): T | undefined => {
    if (result.ok) return result.value;
    state().showError(result.error);
    return undefined;
  };

  /** `quiet`: a refresh after an event, where the plugin may be gone already; its removal event clears the pane. */
  const loadDetails = async (pluginId: string, quiet = false): Promise<void> => {
    const [details, events] = await Promise.all([host.contract['plugins.details']({ pluginId }), host.contract['plugins.events']({ pluginId, limit: EVENT_LOG_LIMIT })]);
    const value = quiet ? (details.ok ? details.value : undefined) : valueOf(details);
    if (value !== undefined) state().setDetails(value, events.ok ? events.value : value.events);
  };

  /** A package's path where the shell can see it (Electron), else its uploaded bytes; undefined after showing why neither. */
  const installSourceOf = async (file: File): Promise<InstallSourceParam | undefined> => {
    const path = host.pathOf?.(file);
    if (path !== undefined) return { kind: 'path', path };
    const uploadId = valueOf(await host.upload(file));
    return uploadId === undefined ? undefined : { kind: 'upload', uploadId };
  };

  const finishInstall = (reply: InstallReply | undefined): void => {
    if (reply === undefined) return state().setInstall(undefined);
    if (reply.status === 'consent-required') return state().updateInstall({ step: 'consent-required', consent: reply.request });
    const { outcome } = reply;
    state().updateInstall({ step: 'installed', consent: undefined, result: `${outcome.pluginId} ${outcome.version} ${outcome.action}` });
    state().select(outcome.pluginId);
    void loadDetails(outcome.pluginId);
  };

  return {
    async refreshList(): Promise<void> {
      const list = valueOf(await host.contract['plugins.list']());
      if (list !== undefined) state().setPlugins(list);
    },
    async select(pluginId: string): Promise<void> {
      state().select(pluginId);
      await loadDetails(pluginId);
    },
    /** Reloads the details if `pluginId` is the one shown (after a change event). */
    async refreshDetails(pluginId: string): Promise<void> {
      if (state().selectedId === pluginId) await loadDetails(pluginId, true);
    },
    async setEnabled(pluginId: string, enabled: boolean): Promise<void> {
      const result = await host.contract[enabled ? 'plugins.enable' : 'plugins.disable']({ pluginId });
      const summary = valueOf(result);
      if (summary !== undefined) state().applyChanged(pluginId, summary);
    },
    async setPermission(pluginId: string, key: string, granted: boolean): Promise<void> {
      if (valueOf(await host.contract['plugins.setPermission']({ pluginId, key, granted })) !== undefined) await loadDetails(pluginId);
    },
    async uninstall(pluginId: string): Promise<void> {
      state().askUninstall(undefined);
      const result = valueOf(await host.contract['plugins.uninstall']({ pluginId }));
      if (result?.completed === true) state().applyChanged(pluginId, undefined);
    },
    async install(file: File): Promise<void> {
      state().dismissError();
      state().setInstall({ fileName: file.name, step: 'uploading' });
      const source = await installSourceOf(file);
      if (source === undefined) return state().setInstall(undefined);
      // Progress events name the install by its upload id or its path.
      state().updateInstall({ source: source.kind === 'path' ? source.path : source.uploadId, step: 'received' });
      finishInstall(valueOf(await host.contract['plugins.install']({ source })));
    },
    async answerConsent(approve: boolean): Promise<void> {
      const consent = state().install?.consent;
      if (consent === undefined) return;
      state().updateInstall({ consent: undefined, step: approve ? 'consented' : 'failed' });
      const result = await host.contract['plugins.answerConsent']({ consentId: consent.consentId, approve });
      if (!approve) return state().setInstall(undefined);
      finishInstall(valueOf(result));
    },
    ...settingsCommands(host),
    ...devCommands(host, store),
    ...createEffectsCommands(host, store),
    ...createPlayerCommands(host, store),
    describe(pluginId: string): string {
      const plugin = state().plugins.find((entry) => entry.id === pluginId);
      return plugin === undefined ? pluginId : pluginLabel(plugin);
    },
  };
}
