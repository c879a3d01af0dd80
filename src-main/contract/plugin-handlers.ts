/**
 * The plugin operations of the contract over {@link PluginServices}. Every change is
 * followed by a `plugins.changed` event, so all renderers show the same state.
 */
import { FugueError } from '../../src-shared/errors.ts';
import type { InstallReply, PluginSummary } from '../../src-shared/contract/plugins.ts';
import { settingFields } from '../../src-shared/settings/settings.ts';
import type { PluginServices } from '../app/plugin-services.ts';
import type { DevLink } from '../plugins/dev-mode.ts';
import { permissionKey } from '../state/catalog-types.ts';
import type { InstallFlows } from './install-flows.ts';
import { detailsOf, eventsOf, listSummaries, metricsOf, permissionView, shownManifest, summaryOf } from './plugin-views.ts';
import type { EmitEvent, OperationImpls } from './types.ts';
import type { UploadStore } from './uploads.ts';

type PluginOps = Pick<OperationImpls, Extract<keyof OperationImpls, `plugins.${string}`>>;

export interface PluginHandlerContext {
  services: PluginServices;
  uploads: UploadStore;
  flows: InstallFlows;
  emit: EmitEvent;
  /** Called with each dev link made through the contract (its reload events are forwarded). */
  onDevLink(link: DevLink): void;
}

/** Reports a plugin's state to every renderer after a change. */
interface Notifier {
  changed(pluginId: string): PluginSummary | undefined;
  /** Reports and returns the state; `not-found` when the plugin is gone. */
  required(pluginId: string): PluginSummary;
}

export function pluginHandlers(context: PluginHandlerContext): PluginOps {
  const changed = (pluginId: string): PluginSummary | undefined => {
    // With the running manifests: a dev-only plugin has no catalog version to name it.
    const summary = summaryOf(context.services.catalog, pluginId, (id) => context.services.host.manifestOf(id));
    context.emit({ event: 'plugins.changed', payload: { pluginId, summary } });
    return summary;
  };
  const notify: Notifier = { changed, required: (pluginId) => changed(pluginId) ?? throwError(notInstalled(pluginId)) };
  return { ...queries(context.services), ...lifecycle(context.services, notify), ...installs(context, notify) };
}

function queries(services: PluginServices) {
  const { catalog } = services;
  return {
    'plugins.list': async (params) => listSummaries(catalog, (id) => services.host.manifestOf(id)).filter((row) => params?.kind === undefined || row.kinds.includes(params.kind)),
    'plugins.details': async ({ pluginId }) => detailsOf(services, pluginId) ?? throwError(notInstalled(pluginId)),
    'plugins.metrics': async ({ pluginId }) => metricsOf(services, pluginId),
    'plugins.events': async ({ pluginId, limit }) => eventsOf(catalog, pluginId, limit ?? 200),
    'plugins.settings': async ({ pluginId }) => settingsOf(services, pluginId),
  } satisfies Partial<PluginOps>;
}

function lifecycle(services: PluginServices, notify: Notifier) {
  const { catalog, installer } = services;
  /** Runs a change and reports the plugin's state after it, whether it worked or not. */
  const changing = async (pluginId: string, work: () => Promise<unknown>): Promise<PluginSummary> => {
    try {
      await work();
    } catch (error) {
      notify.changed(pluginId);
      throw error;
    }
    return notify.required(pluginId);
  };
  return {
    'plugins.enable': ({ pluginId }) => changing(pluginId, () => installer.enable(pluginId)),
    'plugins.disable': ({ pluginId }) => changing(pluginId, () => installer.disable(pluginId)),
    'plugins.setPermission': async ({ pluginId, key, granted }) => {
      catalog.requirePlugin(pluginId);
      const grant = catalog.transaction(() => {
        const updated = catalog.permissions.setGranted(pluginId, key, granted);
        catalog.events.add(pluginId, { kind: granted ? 'permission-granted' : 'permission-revoked', message: `${granted ? 'granted' : 'revoked'} ${permissionKey(updated)}` });
        return updated;
      });
      notify.changed(pluginId);
      return permissionView(grant);
    },
    'plugins.uninstall': async ({ pluginId, keepData }) => {
      const outcome = await installer.uninstall(pluginId, { keepData: keepData === true });
      notify.changed(pluginId);
      return outcome;
    },
    'plugins.saveSettings': async ({ pluginId, typeId, values }) => {
      const outcome = await services.saveSettings(pluginId, typeId, values);
      notify.changed(pluginId);
      return { outcome };
    },
  } satisfies Partial<PluginOps>;
}

function installs(context: PluginHandlerContext, notify: Notifier) {
  const { services, flows } = context;
  const reported = (reply: InstallReply): InstallReply => {
    if (reply.status === 'installed') notify.changed(reply.outcome.pluginId);
    return reply;
  };
  return {
    'plugins.install': async ({ source, allowDowngrade }) =>
      reported(
        source.kind === 'upload'
          ? await installUpload(context, source.uploadId, allowDowngrade === true)
          : await flows.start({ kind: 'path', path: source.path }, source.path, allowDowngrade === true),
      ),
    'plugins.answerConsent': async ({ consentId, approve, grant }) => reported(await flows.answer(consentId, approve, grant)),
    'plugins.devLink': async ({ folder }) => {
      const link = await services.devMode.link(folder);
      context.onDevLink(link);
      return notify.required(link.pluginId);
    },
    'plugins.devUnlink': async ({ pluginId }) => {
      await services.devMode.unlink(pluginId);
      notify.changed(pluginId);
      return { pluginId };
    },
  } satisfies Partial<PluginOps>;
}

function installUpload(context: PluginHandlerContext, uploadId: string, allowDowngrade: boolean) {
  const upload = context.uploads.take(uploadId);
  return context.flows.start({ kind: 'bytes', bytes: upload.bytes, name: upload.name }, uploadId, allowDowngrade);
}

function settingsOf(services: PluginServices, pluginId: string) {
  const manifest = shownManifest(services, pluginId);
  if (manifest === undefined) throw notInstalled(pluginId);
  return manifest.components.flatMap((component) =>
    component.abilities
      .filter((ability) => ability.config_schema !== undefined)
      .map((ability) => ({
        typeId: ability.type_id,
        kind: ability.kind,
        displayName: ability.display_name,
        fields: settingFields(ability.config_schema),
        values: services.catalog.config.get(pluginId, ability.type_id),
      })),
  );
}

function notInstalled(pluginId: string): FugueError {
  return new FugueError({ code: 'not-found', message: `no plugin "${pluginId}" is installed or linked; the plugin list shows the installed ones`, plugin: { pluginId } });
}

function throwError(error: Error): never {
  throw error;
}
