/** `fugue plugin <subcommand>`. */

const USAGE = `usage: fugue plugin validate <folder-or-zip>`;

export async function runPluginCommand(argv: string[]): Promise<number> {
  const [sub] = argv;
  switch (sub) {
    default:
      console.error(sub === undefined ? USAGE : `fugue plugin: unknown subcommand "${sub}"\n${USAGE}`);
      return 2;
  }
}
