/**
 * Dev mode and metrics from the Plugins screen: linking a plugin's project folder (it runs
 * from there with a `dev` badge and reloads when its files change), unlinking it, and the
 * metrics the details chart polls.
 */
import type { ComponentMetricsView } from '../../../src-shared/contract/index.ts';
import type { Result } from '../../../src-shared/errors.ts';
import type { Host } from '../../store/commands.ts';
import type { AppStore } from '../../store/store.ts';

export function devCommands(host: Host, store: AppStore) {
  const state = () => store.getState();
  return {
    /** Links `folder` and selects the plugin it holds; a refusal goes to the screen's alert. Answers whether it linked. */
    async devLink(folder: string): Promise<boolean> {
      state().dismissError();
      const result = await host.contract['plugins.devLink']({ folder });
      if (!result.ok) {
        state().showError(result.error);
        return false;
      }
      state().applyChanged(result.value.id, result.value);
      state().select(result.value.id);
      const [details, events] = await Promise.all([host.contract['plugins.details']({ pluginId: result.value.id }), host.contract['plugins.events']({ pluginId: result.value.id })]);
      if (details.ok) state().setDetails(details.value, events.ok ? events.value : details.value.events);
      return true;
    },
    async devUnlink(pluginId: string): Promise<void> {
      const result = await host.contract['plugins.devUnlink']({ pluginId });
      // The host's `plugins.changed` removes the row, or shows the installed version again.
      if (!result.ok) state().showError(result.error);
    },
    /** The running components' counters; polled, so a failure is the caller's to ignore. */
    loadMetrics(pluginId: string): Promise<Result<ComponentMetricsView[]>> {
      return host.contract['plugins.metrics']({ pluginId });
    },
  };
}
