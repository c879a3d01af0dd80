/**
 * `fugue plugin dev <folder>` (= `fugue plugin install <folder> --dev`): links a plugin
 * project folder in dev mode, prints each reload or refused change, and unlinks it on
 * Ctrl-C (an installed copy of the same id then runs again).
 */
import { once } from 'node:events';
import type { DevReloadEvent } from '../plugins/dev-mode.ts';
import { EXIT, dataDirOf, parseCommand, printFailure, withServices, type CliIo } from './plugin-cli-support.ts';

export const DEV_USAGE = 'usage: fugue plugin dev <project-folder> [--data-dir <dir>]   (same as: fugue plugin install <folder> --dev)';

export async function runPluginDev(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(io, argv, DEV_USAGE, {}, 1);
  if (parsed === undefined) return EXIT.usage;
  return runDevMode(parsed.positionals[0] as string, dataDirOf(parsed), io);
}

/** Links `folder` and watches it until SIGINT or SIGTERM. */
export async function runDevMode(folder: string, dataDir: string, io: CliIo): Promise<number> {
  try {
    await withServices(dataDir, async (services) => {
      const dev = services.devMode;
      try {
        const link = await dev.link(folder);
        link.onEvent((event) => report(io, event));
        io.out(`dev mode: ${link.pluginId} ${services.host.activeVersion(link.pluginId) ?? ''} runs from ${link.folder}; watching for changes (Ctrl-C to stop)`);
        await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
        io.out(`dev mode: stopped watching ${link.folder}`);
      } finally {
        await dev.dispose();
      }
    });
    return EXIT.ok;
  } catch (error) {
    return printFailure(io, 'dev', error);
  }
}

function report(io: CliIo, event: DevReloadEvent): void {
  const time = new Date().toLocaleTimeString();
  if (event.kind === 'reloaded') io.out(`${time} reloaded ${event.pluginId} ${event.version} (changed: ${event.changed.join(', ')})`);
  else io.err(`${time} not reloaded, the running version stays: ${event.error.message}`);
}
