/**
 * The settings form's way to the host. A form shows its own errors beside its fields, so
 * these answer the host's result as it is instead of putting errors in the screen's alert.
 */
import type { AbilitySettings } from '../../../src-shared/contract/index.ts';
import type { Result } from '../../../src-shared/errors.ts';
import type { Host } from '../../store/commands.ts';
import type { SettingValueView } from './settings-values.ts';

export type SaveOutcome = 'applied' | 'needs-recreate' | 'saved';

export function settingsCommands(host: Host) {
  return {
    loadSettings(pluginId: string): Promise<Result<AbilitySettings[]>> {
      return host.contract['plugins.settings']({ pluginId });
    },
    async saveSettings(pluginId: string, typeId: string, values: Record<string, SettingValueView>): Promise<Result<SaveOutcome>> {
      const result = await host.contract['plugins.saveSettings']({ pluginId, typeId, values });
      return result.ok ? { ok: true, value: result.value.outcome } : result;
    },
    /** Whether the shell has a native folder picker (Electron); the browser has none. */
    canPickFolder(): boolean {
      return host.pickFolder !== undefined;
    },
    /** The folder the user chose, or undefined when they cancelled (or there is no picker). */
    async pickFolder(): Promise<string | undefined> {
      return host.pickFolder?.();
    },
  };
}
