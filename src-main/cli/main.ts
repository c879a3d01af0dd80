/**
 * The `fugue` command line: the same host as the app, with no window.
 * Each subcommand lives in its own file and registers here.
 */
import { runPluginCommand } from './plugin-command.ts';

const USAGE = `usage: fugue <command> [options]

commands:
  plugin validate <folder-or-zip>   check a plugin package and print "ok" or its problems
  help                              show this text`;

/** Runs the CLI and returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'plugin':
      return runPluginCommand(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      console.error(`fugue: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}
