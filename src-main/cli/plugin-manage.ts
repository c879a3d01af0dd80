/**
 * `fugue plugin enable|disable <id>`, `fugue plugin uninstall <id> [--keep-data]` and
 * `fugue plugin grant|revoke <id> <permission>`: changes to an installed plugin.
 */
import { FugueError } from '../../src-shared/errors.ts';
import { permissionKey } from '../state/catalog-types.ts';
import { EXIT, dataDirOf, parseCommand, printFailure, withServices, type CliIo } from './plugin-cli-support.ts';

export const ENABLE_USAGE = 'usage: fugue plugin enable <id> [--data-dir <dir>]';
export const DISABLE_USAGE = 'usage: fugue plugin disable <id> [--data-dir <dir>]';
export const UNINSTALL_USAGE = 'usage: fugue plugin uninstall <id> [--keep-data] [--data-dir <dir>]';
export const GRANT_USAGE = 'usage: fugue plugin grant|revoke <id> <permission> [--data-dir <dir>]   (permission: network:<host>, sidecar:<executable> or storage)';

/** Enables (verifying and starting it once, so a broken plugin is reported now) or disables a plugin. */
export async function runPluginSetEnabled(argv: readonly string[], io: CliIo, enabled: boolean): Promise<number> {
  const command = enabled ? 'enable' : 'disable';
  const parsed = parseCommand(io, argv, enabled ? ENABLE_USAGE : DISABLE_USAGE, {}, 1);
  if (parsed === undefined) return EXIT.usage;
  const [id] = parsed.positionals as [string];
  try {
    const plugin = await withServices(dataDirOf(parsed), (services) => (enabled ? services.installer.enable(id) : services.installer.disable(id)));
    io.out(`${command}d ${plugin.id} ${plugin.version ?? ''}`.trimEnd());
    return EXIT.ok;
  } catch (error) {
    const code = printFailure(io, command, error);
    if (enabled && error instanceof FugueError && error.code !== 'not-found') {
      io.err(`"fugue plugin info ${id}" shows its state; reinstalling the package often repairs it`);
    }
    return code;
  }
}

export async function runPluginUninstall(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(io, argv, UNINSTALL_USAGE, { 'keep-data': { type: 'boolean' } }, 1);
  if (parsed === undefined) return EXIT.usage;
  const [id] = parsed.positionals as [string];
  const keepData = parsed.values['keep-data'] === true;
  try {
    const outcome = await withServices(dataDirOf(parsed), (services) => services.installer.uninstall(id, { keepData }));
    if (outcome.completed) io.out(`uninstalled ${id}${keepData ? ' (its config and data were kept)' : ''}`);
    else io.out(`${id} is marked for removal, but some of its files could not be deleted yet; Fugue retries at the next start ("fugue plugin events ${id}" says which)`);
    return EXIT.ok;
  } catch (error) {
    return printFailure(io, 'uninstall', error);
  }
}

export async function runPluginGrant(argv: readonly string[], io: CliIo, granted: boolean): Promise<number> {
  const command = granted ? 'grant' : 'revoke';
  const parsed = parseCommand(io, argv, GRANT_USAGE, {}, 2);
  if (parsed === undefined) return EXIT.usage;
  const [id, key] = parsed.positionals as [string, string];
  try {
    const grant = await withServices(dataDirOf(parsed), async ({ catalog }) => {
      catalog.requirePlugin(id);
      return catalog.transaction(() => {
        const updated = catalog.permissions.setGranted(id, key, granted);
        catalog.events.add(id, { kind: granted ? 'permission-granted' : 'permission-revoked', message: `${granted ? 'granted' : 'revoked'} ${permissionKey(updated)}` });
        return updated;
      });
    });
    io.out(`${granted ? 'granted' : 'revoked'} ${permissionKey(grant)} for ${id}`);
    return EXIT.ok;
  } catch (error) {
    return printFailure(io, command, error);
  }
}
