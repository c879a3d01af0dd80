// Every world of the fugue:plugin contract: the generated glue, with a starter author module,
// compiles with asc, embeds, becomes a component, and its core module has exactly the names
// and flat signatures wit-component's dummy module lists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { combineWitFiles, type WitFile } from '../../src-shared/wit/combine.ts';
import { parseWitFiles } from '../../src-shared/wit/parse.ts';
import type { WitDocument } from '../../src-shared/wit/model.ts';
import { compileComponent, readWitFolder } from '../build/component.ts';
import { readCoreInterface } from '../build/wasm-signatures.ts';
import { compareWithOracle, expectedCoreInterface } from './oracle.ts';
import { generateStarter } from './starter.ts';
import { BindgenContext, type FileScope } from './context.ts';
import { identifier, memberName, typeIdentifier } from './names.ts';
import { interfaceResources } from '../../src-shared/wit/world.ts';
import type { WitFunction } from '../../src-shared/wit/model.ts';

const WIT_DIR = fileURLToPath(new URL('../../wit/fugue-plugin@0.1.0/', import.meta.url));
const WORLDS = ['decoder-plugin', 'source-plugin', 'lyrics-plugin', 'output-sink-plugin', 'dsp-plugin'];

let witFiles: WitFile[] = [];
let doc: WitDocument;
let root = '';

beforeAll(async () => {
  witFiles = await readWitFolder(WIT_DIR);
  doc = parseWitFiles(witFiles);
  root = await mkdtemp(join(tmpdir(), 'fugue-worlds-'));
});

afterAll(async () => {
  if (root !== '') await rm(root, { recursive: true, force: true });
});

/**
 * AS code calling every imported function once (never at run time), so asc keeps every
 * import and the oracle checks their signatures too; asc drops imports nothing calls.
 */
function importProbe(world: string): string {
  const ctx = new BindgenContext(doc, world);
  const scope: FileScope = { module: '$probe', used: new Set() };
  const calls: string[] = [];
  const args = (func: WitFunction, skipSelf: boolean): string => (skipSelf ? func.params.slice(1) : func.params).map((param) => `zero<${ctx.asType(param.type, scope)}>()`).join(', ');
  for (const file of ctx.files.filter((candidate) => candidate.direction === 'import')) {
    for (const func of file.iface.functions) calls.push(`${file.alias}.${identifier(func.name)}(${args(func, false)});`);
    for (const resource of interfaceResources(file.iface)) {
      const className = `${file.alias}.${typeIdentifier(resource.name)}`;
      calls.push(`zero<${className}>().drop();`);
      for (const func of resource.functions) {
        if (func.kind.kind === 'constructor') calls.push(`new ${className}(${args(func, false)});`);
        else if (func.kind.kind === 'static') calls.push(`${className}.${memberName(func.name)}(${args(func, false)});`);
        else calls.push(`zero<${className}>().${memberName(func.name)}(${args(func, true)});`);
      }
    }
  }
  const imports = ctx.files.filter((file) => scope.used.has(file.alias) || calls.some((call) => call.includes(`${file.alias}.`)));
  return [
    ...imports.map((file) => `import * as ${file.alias} from "./generated/main/${file.module}";`),
    ...(scope.used.has('$rt') ? ['import * as $rt from "./generated/main/rt";'] : []),
    '// @ts-ignore: decorator',
    '@inline function zero<T>(): T { if (isReference<T>()) return changetype<T>(0); // @ts-ignore\n return <T>0; }',
    'let probeImports = false;',
    'function touchImports(): void {',
    ...calls.map((call) => `  ${call}`),
    '}',
  ].join('\n');
}

describe.each(WORLDS)('world %s', (world) => {
  it('compiles, embeds and matches the dummy-embed oracle', async () => {
    const projectDir = join(root, world);
    await mkdir(join(projectDir, 'assembly'), { recursive: true });
    const starter = generateStarter(doc, world, { generatedPath: './generated/main' }).replace('throw new Error("not implemented: on-enable");', 'if (probeImports) touchImports();\n  throw new Error("not implemented: on-enable");');
    const probe = importProbe(world).split('\n').filter((line) => !(line.startsWith('import ') && starter.includes(line))).join('\n');
    await writeFile(join(projectDir, 'assembly', 'main.ts'), `${probe}\n${starter}`);
    // A debug build: the optimizer would fold the never-set probe flag and drop the imports.
    const built = await compileComponent({ projectDir, componentId: 'main', world, witFiles, optimize: false });
    const expected = await expectedCoreInterface(combineWitFiles(witFiles), world, [...doc.interfaces.keys()]);
    const actual = readCoreInterface(built.core);
    expect(compareWithOracle(actual, expected)).toEqual([]);
    // Every import the world declares is used by the probe, so every signature was compared.
    expect([...actual.imports.keys()].filter((name) => !name.startsWith('[export]')).sort()).toEqual([...expected.imports.keys()].filter((name) => !name.startsWith('[export]')).sort());
    expect(actual.otherExports).toContain('memory');
    expect([...actual.imports.keys()].filter((name) => name.startsWith('env#'))).toEqual([]);
    // Every exported resource has its destructor (embedding would silently accept a missing one).
    const dtors = [...expected.exports.keys()].filter((name) => name.includes('#[dtor]'));
    for (const dtor of dtors) expect(actual.exports.has(dtor)).toBe(true);
    expect(built.component.length).toBeGreaterThan(built.core.length);
  });
});
