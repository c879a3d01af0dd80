/**
 * `fugue plugin install <zip|folder|url> [--yes] [--allow-downgrade]`: installs or updates
 * a package (a URL is an https `.zip`, or a git repository as `<url>#<tag|branch|commit>`). Permissions that need consent are asked on a terminal; `--yes` grants
 * everything declared; without a terminal and without `--yes` the install is refused.
 * With `--dev` (or `fugue plugin dev <folder>`) the folder is linked in dev mode
 * instead: it runs and is watched until Ctrl-C, and each reload is printed.
 */
import { permissionKey } from '../state/catalog-types.ts';
import { describePermission, type ConsentHandler } from '../plugins/consent.ts';
import type { InstallOutcome } from '../plugins/installer.ts';
import { parseSourceArgument } from '../plugins/sources/open-source.ts';
import { runDevMode } from './plugin-dev.ts';
import { EXIT, dataDirOf, parseCommand, printFailure, withServices, type CliIo } from './plugin-cli-support.ts';

export const INSTALL_USAGE = 'usage: fugue plugin install <zip|folder|https-url.zip|git-url#ref> [--yes] [--allow-downgrade] [--dev] [--data-dir <dir>]';

export async function runPluginInstall(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(io, argv, INSTALL_USAGE, { yes: { type: 'boolean', short: 'y' }, 'allow-downgrade': { type: 'boolean' }, dev: { type: 'boolean' } }, 1);
  if (parsed === undefined) return EXIT.usage;
  const [path] = parsed.positionals as [string];
  if (parsed.values.dev === true) return runDevMode(path, dataDirOf(parsed), io);
  try {
    const outcome = await withServices(dataDirOf(parsed), (services) =>
      services.installer.install(parseSourceArgument(path) ?? { kind: 'path', path }, { allowDowngrade: parsed.values['allow-downgrade'] === true, ...consentFor(parsed.values.yes === true, io) }),
    );
    for (const line of describeOutcome(outcome)) io.out(line);
    return EXIT.ok;
  } catch (error) {
    const code = printFailure(io, 'install', error);
    if ((error as { code?: unknown }).code === 'denied' && io.confirm === undefined && parsed.values.yes !== true) {
      io.err('stdin is not a terminal, so fugue cannot ask; pass --yes to grant the permissions the plugin declares');
    }
    return code;
  }
}

function consentFor(yes: boolean, io: CliIo): { onConsent?: ConsentHandler } {
  if (yes) return { onConsent: () => ({ approve: true }) };
  const confirm = io.confirm;
  if (confirm === undefined) return {};
  return {
    onConsent: async (request) => {
      const update = request.previousVersion === undefined ? '' : ` (update from ${request.previousVersion}; earlier decisions are kept)`;
      io.out(`${request.name} (${request.pluginId} ${request.version}) asks for${update}:`);
      for (const permission of request.toAsk) io.out(`  - ${describePermission(permission)}`);
      return { approve: await confirm('Grant these and install? [y/N] ') };
    },
  };
}

function describeOutcome(outcome: InstallOutcome): string[] {
  const what =
    outcome.previousVersion === undefined
      ? `installed ${outcome.pluginId} ${outcome.version}`
      : `${outcome.action} ${outcome.pluginId} ${outcome.previousVersion} → ${outcome.version}`;
  const lines = [`${what}${outcome.running ? '' : ' (disabled: "fugue plugin enable" starts it)'}`];
  // Unsigned packages stay quiet here ("fugue plugin list" shows them unverified); a signature is always reported.
  if (outcome.signature.keyId !== undefined) lines.push(`  ${outcome.signature.state}: ${outcome.signature.reason}`);
  for (const grant of outcome.grants) lines.push(`  ${grant.granted ? 'granted' : 'not granted'}: ${permissionKey(grant)} — ${describePermission(grant)}`);
  return lines;
}
