/**
 * The consent questions for packages opened from the OS, as native message boxes of the
 * main process (the renderer plays no part, so no page can answer them).
 */
import { basename, dirname } from 'node:path';
import type { MessageBoxOptions } from 'electron';
import type { ConsentPrompts } from './open-packages.ts';

/** Shows a message box (parented to the app's window when there is one) and answers the button index. */
export type AskUser = (options: MessageBoxOptions) => Promise<{ response: number }>;

export function nativePrompts(ask: AskUser): ConsentPrompts {
  return {
    async confirmPackage(path) {
      const { response } = await ask({
        type: 'question',
        title: 'Install plugin package',
        message: `Install the plugin package “${basename(path)}”?`,
        detail: `Fugue was asked to open ${path}.\nPlugins run sandboxed; if this one asks for permissions, you choose which to grant next.\nOnly install packages from publishers you trust (folder: ${dirname(path)}).`,
        buttons: ['Install', 'Cancel'],
        defaultId: 1,
        cancelId: 1,
        noLink: true,
      });
      return response === 0;
    },
    async decidePermissions(request) {
      const lines = request.toAsk.map((permission) => `• ${permission.description}`);
      const { response } = await ask({
        type: 'question',
        title: 'Permissions',
        message: `${request.name} ${request.version} asks for:`,
        detail: `${lines.join('\n')}\n\nYou can revoke or grant each of them later in the plugin's details.`,
        buttons: ['Allow and install', 'Install without them', 'Cancel'],
        defaultId: 2,
        cancelId: 2,
        noLink: true,
      });
      return response === 0 ? 'grant' : response === 1 ? 'withhold' : 'cancel';
    },
    async report(outcome) {
      await ask({ type: outcome.ok ? 'info' : 'error', title: 'Fugue', message: outcome.ok ? 'Plugin installed' : 'The plugin was not installed', detail: outcome.message, buttons: ['OK'], noLink: true });
    },
  };
}
