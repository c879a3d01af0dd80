/**
 * The `fugue` command line: the same host as the app, with no window.
 * Each subcommand lives in its own file and registers here.
 */
import { consoleIo, runPluginCommand } from './plugin-command.ts';
import { runPlay } from './play.ts';
import { runServe } from './serve.ts';
import { runDevices } from './devices.ts';

const USAGE = `usage: fugue <command> [options]

commands:
  play <file>...                    play files to the end [--sink default|device:<id>|null|wav:<path>|plugin:<id>/<type>] [--dsp <plugin>/<type>]... [--replay-gain off|track|album]
  devices                           list the audio output devices (* marks the default) [--json]
  plugin validate <folder-or-zip>   check a plugin package and print "ok" or its problems
  plugin install <zip-or-folder>    install or update a plugin [--yes] [--allow-downgrade]
  plugin list                       list installed plugins and their state [--json]
  plugin info <id>                  show a plugin's details, permissions and last error [--json]
  plugin enable|disable <id>        turn a plugin on or off
  plugin uninstall <id>             remove a plugin [--keep-data]
  plugin events <id>                show a plugin's lifecycle events and errors [--json]
  plugin grant|revoke <id> <perm>   grant or revoke a declared permission (network:<host>, sidecar:<exe>, storage)
  plugin config <id> <type> [k=v]   show or change an ability's settings
  serve                             serve the UI and the contract on 127.0.0.1 [--port <n>] [--renderer <dir>] [--sink <spec>]
  help                              show this text

every command accepts --data-dir <dir> (default: $FUGUE_DATA_DIR, else ~/.local/share/fugue)`;

/** Runs the CLI and returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'plugin':
      return runPluginCommand(rest);
    case 'play':
      return runPlay(rest, consoleIo());
    case 'serve':
      return runServe(rest, consoleIo());
    case 'devices':
      return runDevices(rest, consoleIo());
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
