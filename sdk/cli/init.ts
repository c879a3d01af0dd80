/**
 * `fugue-plugin init <name> --kind <kind> [--lang assemblyscript|js] [--id <id>] [--dir <path>]`:
 * a working plugin project from `sdk/templates/<kind>/`, with placeholders filled in.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCAL_ID_PATTERN, PLUGIN_ID_PATTERN } from '../../src-shared/manifest/index.ts';
import { CliError, EXIT, type Io } from './project.ts';
import { sampleTone } from './sample-media.ts';

export const TEMPLATES_DIR = fileURLToPath(new URL('../templates/', import.meta.url));
export const KINDS = ['decoder', 'source', 'lyrics', 'output-sink', 'dsp'] as const;
export type Kind = (typeof KINDS)[number];
export type Lang = 'assemblyscript' | 'js';

/** Kinds whose work is calling host services, where a JavaScript component's size and speed are fine. */
const JS_KINDS: readonly Kind[] = ['source', 'lyrics'];

export interface InitOptions {
  name: string;
  kind: string;
  lang?: string;
  id?: string;
  dir?: string;
}

export interface InitResult {
  dir: string;
  id: string;
  kind: Kind;
  lang: Lang;
  files: string[];
}

/** What each template file is, for the project's README. */
const FILE_ROLES: Record<string, string> = {
  'assembly/main.ts': 'the component (AssemblyScript); its bindings are generated into `assembly/generated/` by every build',
  'assembly/gain.ts': 'the gain math, shared by the component path and the kernel',
  'kernels/gain.ts': 'the hot-path kernel: an allocation-free core module the audio thread runs',
  'src/main.js': 'the component (JavaScript, compiled with componentize-qjs)',
  'test/tone.f32r': 'a sample input (a quarter second of a 440 Hz stereo tone)',
};

function checkOptions(options: InitOptions): { kind: Kind; lang: Lang; id: string } {
  if (!LOCAL_ID_PATTERN.test(options.name) || options.name.length > 64) {
    throw new CliError(`"${options.name}" cannot be a plugin name: use lowercase letters, digits and dashes, starting with a letter (e.g. my-gain)`, EXIT.usage);
  }
  const kind = KINDS.find((candidate) => candidate === options.kind);
  if (kind === undefined) throw new CliError(`unknown kind "${options.kind}"; choose one of ${KINDS.join(', ')}`, EXIT.usage);
  const lang = options.lang ?? 'assemblyscript';
  if (lang !== 'assemblyscript' && lang !== 'js') throw new CliError(`unknown language "${lang}"; choose assemblyscript (the default) or js`, EXIT.usage);
  if (lang === 'js' && !JS_KINDS.includes(kind)) {
    throw new CliError(
      `a ${kind} plugin cannot be written in JavaScript: it loops over every audio sample, which a QuickJS component does about 100 times slower than AssemblyScript (~125–300 ns against ~2 ns per element), and its ~1.5 MB runtime is loaded into every instance. Use --lang assemblyscript (the default); JavaScript is offered for ${JS_KINDS.join(' and ')} plugins.`,
      EXIT.usage,
    );
  }
  const id = options.id ?? `org.example.${options.name}`;
  if (!PLUGIN_ID_PATTERN.test(id) || id.length > 128) throw new CliError(`"${id}" cannot be a plugin id: use lowercase reverse-DNS, e.g. com.example.${options.name}`, EXIT.usage);
  return { kind, lang, id };
}

async function templateFiles(dir: string, base = dir): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await templateFiles(path, base)));
    else files.push(relative(base, path).split('\\').join('/'));
  }
  return files.sort();
}

function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{([a-zA-Z]+)\}\}/g, (whole, key: string) => values[key] ?? whole);
}

/** `my-gain` → `My gain`. */
function displayNameOf(name: string): string {
  const words = name.split('-').filter((word) => word !== '');
  return words.map((word, index) => (index === 0 ? word.charAt(0).toUpperCase() + word.slice(1) : word)).join(' ');
}

async function assertEmptyTarget(dir: string): Promise<void> {
  if (!existsSync(dir)) return;
  const entries = await readdir(dir).catch(() => {
    throw new CliError(`${dir} exists and is not a folder; choose another name or --dir`);
  });
  if (entries.length > 0) throw new CliError(`${dir} already exists and is not empty; choose another name, pass --dir <empty folder>, or remove it first`);
}

/** Creates the project; returns where and what. */
export async function initProject(options: InitOptions, cwd = process.cwd()): Promise<InitResult> {
  const { kind, lang, id } = checkOptions(options);
  const dir = resolve(cwd, options.dir ?? options.name);
  await assertEmptyTarget(dir);
  const skip = lang === 'js' ? /^(assembly|kernels)\// : /^src\//;
  const kindDir = join(TEMPLATES_DIR, kind);
  const sources = (await templateFiles(kindDir)).filter((file) => !skip.test(file));
  const written = [...sources, ...(kind === 'decoder' ? ['test/tone.f32r'] : []), 'README.md', '.gitignore'];
  const layout = written.filter((file) => file in FILE_ROLES).map((file) => `| \`${file}\` | ${FILE_ROLES[file]} |`);
  const values = { id, name: options.name, typeId: options.name, displayName: displayNameOf(options.name), kind, language: lang === 'js' ? 'JavaScript' : 'AssemblyScript', layout: layout.join('\n') };
  const outputs: [string, string | Uint8Array][] = [
    ...(await Promise.all(sources.map(async (file): Promise<[string, string]> => [file, fill(await readFile(join(kindDir, file), 'utf8'), values)]))),
    ['README.md', fill(await readFile(join(TEMPLATES_DIR, 'common', 'README.md'), 'utf8'), values)],
    ['.gitignore', await readFile(join(TEMPLATES_DIR, 'common', 'gitignore'), 'utf8')],
  ];
  if (kind === 'decoder') outputs.push(['test/tone.f32r', sampleTone()]);
  for (const [file, content] of outputs) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), content);
  }
  return { dir, id, kind, lang, files: written.sort() };
}

/** Prints what was made and what to run next. */
export function reportInit(result: InitResult, io: Io, cwd = process.cwd()): void {
  const where = relative(cwd, result.dir) || '.';
  io.out(`created ${result.kind} plugin ${result.id} (${result.lang === 'js' ? 'JavaScript' : 'AssemblyScript'}) in ${where}/:`);
  for (const file of result.files) io.out(`  ${file}`);
  io.out('next:');
  io.out(`  cd ${where}`);
  io.out('  fugue-plugin build     compile into dist/');
  io.out('  fugue-plugin test      run it headless through the real runtime');
  io.out('  fugue-plugin dev       link into Fugue and reload on every save');
}
