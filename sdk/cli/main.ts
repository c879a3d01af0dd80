/**
 * `fugue-plugin`: the plugin author's command line — init, build, validate, pack, sign,
 * keygen, dev, test. Each command lives in its own file; this one parses arguments and
 * prints failures as "what happened, what to do".
 */
import { once } from 'node:events';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolveDataDir } from '../../src-main/app/paths.ts';
import { DevSession } from './dev.ts';
import { initProject, KINDS, reportInit } from './init.ts';
import { runBuild, runPack, runValidate } from './package-commands.ts';
import { CliError, consoleIo, EXIT, type Io } from './project.ts';
import { runKeygen, runSign } from './sign.ts';
import { runTest } from './test-command.ts';

export const USAGE = `usage: fugue-plugin <command> [options]

commands:
  init <name> --kind <kind>   create a plugin project in ./<name>; kind: ${KINDS.join(' | ')}
        [--lang assemblyscript|js] [--id <reverse-dns id>] [--dir <path>]   (js: source and lyrics only)
  build [dir] [--force]       compile into dir/dist/ and print the sizes
  test [dir] [--input <file>] run the component headless through the real runtime, then test/*.test.mjs
  dev [dir] [--data-dir <d>]  link into Fugue's dev mode; rebuild and reload on every save
  validate [dir|zip]          the checks the installer makes (a folder is built first)
  pack [dir]                  zip into dir/dist/<id>-<version>.zip
  sign [dir|zip] --key <private.pem> [--publisher <name>]   add an ed25519 signature
  keygen --out <dir> [--publisher <name>]                   make a signing key pair

dir defaults to the current folder.`;

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | undefined>;

function parse(argv: string[], options: Options, maxPositionals: number): { values: Values; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n\n${USAGE}`, EXIT.usage);
  }
  if (parsed.positionals.length > maxPositionals) throw new CliError(`unexpected "${parsed.positionals[maxPositionals]}"\n\n${USAGE}`, EXIT.usage);
  return { values: parsed.values as Values, positionals: parsed.positionals };
}

const text = (value: string | boolean | undefined): string | undefined => (typeof value === 'string' ? value : undefined);

function required(values: Values, name: string, command: string): string {
  const value = text(values[name]);
  if (value === undefined) throw new CliError(`fugue-plugin ${command} needs --${name}\n\n${USAGE}`, EXIT.usage);
  return value;
}

async function init(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, { kind: { type: 'string' }, lang: { type: 'string' }, id: { type: 'string' }, dir: { type: 'string' } }, 1);
  const name = positionals[0];
  if (name === undefined) throw new CliError(`fugue-plugin init needs a name, e.g. "fugue-plugin init my-gain --kind dsp"\n\n${USAGE}`, EXIT.usage);
  const result = await initProject({ name, kind: required(values, 'kind', 'init'), lang: text(values.lang), id: text(values.id), dir: text(values.dir) });
  reportInit(result, io);
  return EXIT.ok;
}

async function dev(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, { 'data-dir': { type: 'string' } }, 1);
  const session = await DevSession.start(positionals[0], { dataDir: resolveDataDir(text(values['data-dir'])) }, io);
  await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
  io.out('dev mode: stopping; an installed copy of the plugin runs again');
  await session.dispose();
  return EXIT.ok;
}

async function dispatch(command: string | undefined, argv: string[], io: Io): Promise<number> {
  switch (command) {
    case 'init':
      return init(argv, io);
    case 'build': {
      const { values, positionals } = parse(argv, { force: { type: 'boolean' } }, 1);
      await runBuild(positionals[0], { force: values.force === true }, io);
      return EXIT.ok;
    }
    case 'test': {
      const { values, positionals } = parse(argv, { input: { type: 'string' } }, 1);
      return runTest(positionals[0], { input: text(values.input) }, io);
    }
    case 'dev':
      return dev(argv, io);
    case 'validate':
      return runValidate(parse(argv, {}, 1).positionals[0], io);
    case 'pack':
      await runPack(parse(argv, {}, 1).positionals[0], io);
      return EXIT.ok;
    case 'sign': {
      const { values, positionals } = parse(argv, { key: { type: 'string' }, publisher: { type: 'string' } }, 1);
      await runSign(positionals[0], { key: required(values, 'key', 'sign'), publisher: text(values.publisher) }, io);
      return EXIT.ok;
    }
    case 'keygen': {
      const { values } = parse(argv, { out: { type: 'string' }, publisher: { type: 'string' } }, 0);
      await runKeygen(required(values, 'out', 'keygen'), text(values.publisher), io);
      return EXIT.ok;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.out(USAGE);
      return command === undefined ? EXIT.usage : EXIT.ok;
    default:
      throw new CliError(`unknown command "${command}"\n\n${USAGE}`, EXIT.usage);
  }
}

/** Runs the CLI and returns the process exit code. */
export async function main(argv: string[], io: Io = consoleIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    return await dispatch(command, rest, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`fugue-plugin ${command ?? ''}: ${error.message}`);
      return error.exitCode;
    }
    io.err(`fugue-plugin ${command ?? ''}: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failed;
  }
}
