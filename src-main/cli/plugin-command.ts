/** `fugue plugin <subcommand>`. */
import { runPluginValidate, VALIDATE_USAGE } from './plugin-validate.ts';

const USAGE = VALIDATE_USAGE;

export async function runPluginCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'validate':
      return runPluginValidate(rest);
    default:
      console.error(sub === undefined ? USAGE : `fugue plugin: unknown subcommand "${sub}"\n${USAGE}`);
      return 2;
  }
}
