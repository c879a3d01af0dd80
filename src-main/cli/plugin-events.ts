/** `fugue plugin events <id> [--json]`: a plugin's lifecycle events and errors, oldest first. */
import { EXIT, dataDirOf, formatTime, parseCommand, withCatalog, type CliIo } from './plugin-cli-support.ts';

export const EVENTS_USAGE = 'usage: fugue plugin events <id> [--json] [--data-dir <dir>]';

export async function runPluginEvents(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(io, argv, EVENTS_USAGE, { json: { type: 'boolean' } }, 1);
  if (parsed === undefined) return EXIT.usage;
  const [id] = parsed.positionals as [string];
  return withCatalog(dataDirOf(parsed), (catalog) => {
    const events = catalog?.events.list(id) ?? [];
    if (parsed.values.json === true) {
      io.out(JSON.stringify(events, null, 2));
      return EXIT.ok;
    }
    if (events.length === 0) {
      io.err(`fugue plugin events: no events recorded for "${id}"; "fugue plugin list" shows the installed plugins`);
      return EXIT.failed;
    }
    for (const event of events) io.out(`${formatTime(event.at)}  ${event.kind.padEnd(18)}  ${(event.version ?? '-').padEnd(8)}  ${event.message}`);
    return EXIT.ok;
  });
}
