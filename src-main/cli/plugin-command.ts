/** `fugue plugin <subcommand>`. */
import { createInterface } from 'node:readline/promises';
import { EXIT, type CliIo } from './plugin-cli-support.ts';
import { EVENTS_USAGE, runPluginEvents } from './plugin-events.ts';
import { DEV_USAGE, runPluginDev } from './plugin-dev.ts';
import { INSTALL_USAGE, runPluginInstall } from './plugin-install.ts';
import { INFO_USAGE, LIST_USAGE, runPluginInfo, runPluginList } from './plugin-list.ts';
import { DISABLE_USAGE, ENABLE_USAGE, GRANT_USAGE, UNINSTALL_USAGE, runPluginGrant, runPluginSetEnabled, runPluginUninstall } from './plugin-manage.ts';
import { CONFIG_USAGE, runPluginConfig } from './plugin-settings.ts';
import { runPluginTrust, TRUST_USAGE } from './plugin-trust.ts';
import { runPluginValidate, VALIDATE_USAGE } from './plugin-validate.ts';

const USAGE = [VALIDATE_USAGE, INSTALL_USAGE, DEV_USAGE, LIST_USAGE, INFO_USAGE, ENABLE_USAGE, DISABLE_USAGE, UNINSTALL_USAGE, EVENTS_USAGE, GRANT_USAGE, CONFIG_USAGE, TRUST_USAGE].join('\n');

/** The console, with a yes/no prompt when stdin is a terminal. */
export function consoleIo(): CliIo {
  return {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    ...(process.stdin.isTTY ? { confirm: askOnTerminal } : {}),
  };
}

async function askOnTerminal(question: string): Promise<boolean> {
  const readline = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await readline.question(question)).trim());
  } finally {
    readline.close();
  }
}

export async function runPluginCommand(argv: string[], io: CliIo = consoleIo()): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'validate':
      return runPluginValidate(rest);
    case 'install':
      return runPluginInstall(rest, io);
    case 'dev':
      return runPluginDev(rest, io);
    case 'list':
      return runPluginList(rest, io);
    case 'info':
      return runPluginInfo(rest, io);
    case 'enable':
    case 'disable':
      return runPluginSetEnabled(rest, io, sub === 'enable');
    case 'uninstall':
      return runPluginUninstall(rest, io);
    case 'events':
      return runPluginEvents(rest, io);
    case 'grant':
    case 'revoke':
      return runPluginGrant(rest, io, sub === 'grant');
    case 'trust':
      return runPluginTrust(rest, io);
    case 'config':
      return runPluginConfig(rest, io);
    default:
      io.err(sub === undefined ? USAGE : `fugue plugin: unknown subcommand "${sub}"\n${USAGE}`);
      return EXIT.usage;
  }
}
