import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLE_MANIFESTS } from '../../src-shared/manifest/examples.ts';
import { formatIssue, type ManifestIssue } from '../../src-shared/manifest/index.ts';
import { buildRawZip } from './test-support/raw-zip.ts';
import {
  componentBytes,
  coreModuleBytes,
  goodPackage,
  tempDir,
  writeFolder,
  writeZip,
  type PackageContents,
} from './test-support/packages.ts';
import { validatePackage, type ValidatePackageOptions } from './validate-package.ts';

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => ({ dir, remove } = await tempDir()));
afterEach(async () => remove());

const dspWith = (changes: Record<string, unknown>) =>
  JSON.stringify({ ...EXAMPLE_MANIFESTS.dsp, components: [{ ...EXAMPLE_MANIFESTS.dsp.components[0], ...changes }] });

/** Validates `contents` written as a folder and returns the printed problems ([] when valid). */
async function folderProblems(contents: PackageContents, options?: ValidatePackageOptions): Promise<string[]> {
  const result = await validatePackage(await writeFolder(join(dir, 'pkg'), contents), options);
  return result.ok ? [] : result.issues.map(formatIssue);
}

describe('validatePackage: packages that install', () => {
  it('accepts a folder and returns the manifest with defaults', async () => {
    const result = await validatePackage(await writeFolder(join(dir, 'pkg'), goodPackage()));
    expect(result.ok && result.manifest.components[0]?.threading).toEqual({ model: 'shared_pool', pool: 'cpu', max_instances: 1 });
  });

  it('accepts a zip made by an ordinary zip library', async () => {
    const result = await validatePackage(await writeZip(join(dir, 'gain.zip'), goodPackage()));
    expect(result.ok && result.manifest.id).toBe('org.example.gain');
  });

  it('finds a component in a sub-folder through a normalised path', async () => {
    const contents = { 'plugin.json': dspWith({ path: './build/gain.wasm' }), 'build/gain.wasm': componentBytes() };
    expect(await folderProblems(contents)).toEqual([]);
  });
});

describe('validatePackage: component files', () => {
  const cases: { name: string; contents: PackageContents; problem: string; options?: ValidatePackageOptions }[] = [
    { name: 'missing file, listing the .wasm files there are', contents: { 'plugin.json': dspWith({}), 'other.wasm': componentBytes() }, problem: 'components[0].path: "gain.wasm" is not in the package (its .wasm files: other.wasm); build the component or fix the path' },
    { name: 'file name in the wrong case', contents: { 'plugin.json': dspWith({}), 'Gain.wasm': componentBytes() }, problem: 'components[0].path: "gain.wasm" is not in the package; did you mean "Gain.wasm"? Paths are case-sensitive' },
    { name: 'path names a folder', contents: { 'plugin.json': dspWith({ path: 'build' }), 'build/gain.wasm': componentBytes() }, problem: 'components[0].path: "build" is a folder' },
    { name: 'core module instead of a component', contents: { 'plugin.json': dspWith({}), 'gain.wasm': coreModuleBytes() }, problem: 'components[0].path: "gain.wasm" is a core WebAssembly module, not a component' },
    { name: 'not WebAssembly at all', contents: { 'plugin.json': dspWith({}), 'gain.wasm': 'console.log(1)' }, problem: 'components[0].path: "gain.wasm" is not a WebAssembly file' },
    { name: 'old component encoding', contents: { 'plugin.json': dspWith({}), 'gain.wasm': new Uint8Array([0, 0x61, 0x73, 0x6d, 0x0a, 0, 1, 0]) }, problem: 'uses component binary version 10; this host reads version 13' },
    { name: 'component over the size cap', contents: { 'plugin.json': dspWith({}), 'gain.wasm': componentBytes(3 * 1024 * 1024) }, options: { limits: { maxComponentBytes: 2 * 1024 * 1024 } }, problem: 'components[0].path: "gain.wasm" is 3 MB; a component may be at most 2 MB' },
  ];

  it.each(cases)('$name', async ({ contents, problem, options }) => {
    expect(await folderProblems(contents, options)).toEqual([expect.stringContaining(problem)]);
  });
});

describe('validatePackage: the manifest', () => {
  it('reports manifest problems by JSON path', async () => {
    const problems = await folderProblems({ ...goodPackage(), 'plugin.json': dspWith({ world: 'dsp' }) });
    expect(problems).toEqual([expect.stringMatching(/^components\[0\]\.world: "dsp" is not a world; use one of decoder-plugin/)]);
  });

  it('points at invalid JSON', async () => {
    const problems = await folderProblems({ ...goodPackage(), 'plugin.json': '{ "id": }' });
    expect(problems[0]).toMatch(/^plugin\.json: is not valid JSON at line 1, column 9/);
  });

  it('explains a zip of the folder instead of its contents', async () => {
    const file = await writeZip(join(dir, 'nested.zip'), { 'gain/plugin.json': goodPackage()['plugin.json'] as string, 'gain/gain.wasm': componentBytes() });
    const result = await validatePackage(file);
    expect(result.ok ? [] : result.issues.map(formatIssue)).toEqual([
      'plugin.json: not found at the package root, but "gain/plugin.json" exists; zip the contents of the plugin folder, not the folder itself',
    ]);
  });

  it('refuses a manifest that is not UTF-8', async () => {
    expect(await folderProblems({ ...goodPackage(), 'plugin.json': new Uint8Array([0x7b, 0xff, 0x7d]) })).toEqual([
      'plugin.json: is not UTF-8 text; save it as UTF-8',
    ]);
  });

  it('refuses a plugin for a newer host when the host version is given', async () => {
    const manifest = JSON.stringify({ ...EXAMPLE_MANIFESTS.dsp, engines: { fugue: '>=9.0.0' } });
    const problems = await folderProblems({ ...goodPackage(), 'plugin.json': manifest }, { hostVersion: '0.1.0' });
    expect(problems).toEqual([expect.stringMatching(/^engines\.fugue: this plugin needs Fugue >=9\.0\.0/)]);
  });
});

describe('validatePackage: zip contents', () => {
  it('refuses an entry whose real size exceeds the size its header declares', async () => {
    const file = join(dir, 'liar.zip');
    const bytes = componentBytes(4096);
    await writeFile(file, buildRawZip([{ name: 'plugin.json', data: Buffer.from(goodPackage()['plugin.json'] as string) }, { name: 'gain.wasm', data: bytes, deflate: true, declaredUncompressedSize: 16 }]));
    const result = await validatePackage(file);
    expect(result.ok ? [] : result.issues.map(formatIssue)).toEqual([expect.stringMatching(/^components\[0\]\.path: "gain\.wasm" cannot be read: /)]);
  });
});

describe('validatePackage: inspectComponent', () => {
  it('hands each component its bytes and reports what the inspector finds', async () => {
    const seen: string[] = [];
    const options: ValidatePackageOptions = {
      inspectComponent: async (bytes, component, manifest, context): Promise<ManifestIssue[]> => {
        seen.push(`${manifest.id}/${component.id}: ${bytes.length} bytes`);
        return [{ path: `${context.jsonPath}.world`, message: 'exports fugue:plugin/decoder, not dsp', code: 'world-mismatch' }];
      },
    };
    const problems = await folderProblems(goodPackage(), options);
    expect(seen).toEqual(['org.example.gain/main: 64 bytes']);
    expect(problems).toEqual(['components[0].world: exports fugue:plugin/decoder, not dsp']);
  });

  it('turns an inspector crash into a problem instead of throwing', async () => {
    const problems = await folderProblems(goodPackage(), { inspectComponent: () => Promise.reject(new Error('parser exploded')) });
    expect(problems).toEqual(['components[0].path: "gain.wasm" could not be inspected: parser exploded']);
  });
});

describe('validatePackage: the source path', () => {
  it('refuses the manifest file itself, saying what to pass instead', async () => {
    await mkdir(join(dir, 'pkg'));
    const manifest = join(dir, 'pkg', 'plugin.json');
    await writeFile(manifest, goodPackage()['plugin.json'] as string);
    const result = await validatePackage(manifest);
    expect(result.ok ? '' : result.issues[0]?.message).toContain('is the manifest itself; pass the folder that contains it');
  });
});
