import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FugueError } from '../../src-shared/errors.ts';
import { buildJsComponent } from '../../sdk/build/js-component.ts';
import { compareWithWorld } from './component-inspect.ts';
import { builtFixture, RuntimeHarness, WIT_ROOT } from './testing/fixtures.ts';

describe('loading a component', () => {
  let harness: RuntimeHarness;
  let lyricsBytes: Uint8Array;

  beforeAll(async () => {
    harness = await RuntimeHarness.create();
    lyricsBytes = await builtFixture('lyrics-js');
  });

  afterAll(async () => {
    await harness?.dispose();
  });

  it('runs the lifecycle and answers typed calls, with logs reaching the host', async () => {
    const logs: string[] = [];
    const instance = await harness.load(lyricsBytes, 'lyrics-plugin', 'org.fugue.fixture.lyrics-js', {
      onLog: (level, message) => logs.push(`${level}: ${message}`),
    });
    await instance.enable();
    expect(await instance.call('settings', 'apply', ['echo', [{ key: 'offset_ms', value: { tag: 'integer', val: 250n } }]])).toBe('applied');
    const found = await instance.call('lyrics', 'find', [{ title: 'hello gapless world' }]);
    expect(found).toEqual({
      body: {
        tag: 'synced',
        val: [
          { startMs: 250n, text: 'hello' },
          { startMs: 1250n, text: 'gapless' },
          { startMs: 2250n, text: 'world' },
        ],
      },
      provider: 'lyrics-js',
      language: 'en',
    });
    await instance.dispose('host-disable');
    expect(logs).toEqual(['info: lyrics-js enabled', 'info: lyrics-js disabled (host-disable)']);
    expect(instance.isRunning).toBe(false);
  });

  it("returns the plugin's own error as a FugueError carrying the plugin's code and identity", async () => {
    const instance = await harness.load(lyricsBytes, 'lyrics-plugin', 'org.fugue.fixture.lyrics-js');
    const failure = await instance.call('lyrics', 'find', [{ title: '' }]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FugueError);
    expect((failure as FugueError).toData()).toEqual({
      code: 'plugin-error',
      pluginCode: 'invalid-argument',
      message: 'a title is required to look up lyrics',
      plugin: { pluginId: 'org.fugue.fixture.lyrics-js', version: '0.1.0', component: 'main', exportName: 'fugue:plugin/lyrics@0.1.0#find' },
    });
    // An error result does not poison the instance.
    expect(await instance.call('lyrics', 'find', [{ title: 'instrumental' }])).toMatchObject({ body: { tag: 'instrumental' } });
  });

  it('calls pending when the plugin is unloaded fail with "disposed", and later calls are refused', async () => {
    const instance = await harness.load(lyricsBytes, 'lyrics-plugin', 'org.fugue.fixture.lyrics-js');
    await instance.dispose('unload');
    await expect(instance.call('lyrics', 'find', [{ title: 'x' }])).rejects.toMatchObject({ code: 'disposed' });
  });

  it('transpiles once per content hash and serves later loads from the cache, with the per-call env read hoisted', async () => {
    const first = await harness.runtime.load(loadOptions(harness, lyricsBytes, 'org.test.cache-a'));
    const second = await harness.runtime.load(loadOptions(harness, lyricsBytes, 'org.test.cache-b'));
    harness.instances.push(first.instance, second.instance);
    expect(second.timing.transpileMs).toBe(0);
    const entries = (await readdir(join(harness.root, 'cache'))).filter((name) => !name.includes('staging'));
    expect(entries).toHaveLength(1);
    const bindings = await readFile(join(harness.root, 'cache', entries[0]!, 'component.mjs'), 'utf8');
    expect(bindings).not.toMatch(/if \(!globalThis\?\.process\?\.env\?\.JCO_DEBUG\)/);
    expect(bindings).toContain('const _debugLog = globalThis?.process?.env?.JCO_DEBUG ?');
  });
});

describe('checking a component against its declared world, before instantiation', () => {
  let harness: RuntimeHarness;

  beforeAll(async () => {
    harness = await RuntimeHarness.create();
  });

  afterAll(async () => {
    await harness?.dispose();
  });

  async function loadFailure(bytes: Uint8Array, world: string, apiVersion = '0.1.0'): Promise<FugueError> {
    const failure = await harness.runtime
      .load({ ...loadOptions(harness, bytes, 'org.test.mismatch'), world, apiVersion })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FugueError);
    return failure as FugueError;
  }

  it('rejects a lyrics component declared as a DSP, naming what is missing and what is extra, and starts nothing', async () => {
    const bytes = await builtFixture('lyrics-js');
    const failure = await loadFailure(bytes, 'dsp-plugin');
    expect(failure.code).toBe('world-mismatch');
    expect(failure.message).toContain('does not export fugue:plugin/dsp@0.1.0, which world dsp-plugin requires');
    expect(failure.message).toContain('exports fugue:plugin/lyrics@0.1.0; world dsp-plugin does not allow it');
    expect(failure.plugin).toMatchObject({ pluginId: 'org.test.mismatch', component: 'main' });
    // Nothing was transpiled: the check ran first.
    await expect(readdir(join(harness.root, 'cache'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('rejects imports the world does not allow (a DSP may not use the network)', async () => {
    const bytes = await buildWithExtraWorld(
      'world dsp-with-network {\n  include fugue:plugin/dsp-plugin@0.1.0;\n  import fugue:plugin/http-client@0.1.0;\n}',
      DSP_SOURCE.replace('// extra import', "import { fetch } from 'fugue:plugin/http-client@0.1.0';\nexport const touch = fetch;"),
      'dsp-with-network',
    );
    const failure = await loadFailure(bytes, 'dsp-plugin');
    expect(failure.code).toBe('world-mismatch');
    expect(failure.message).toContain('imports fugue:plugin/http-client@0.1.0; world dsp-plugin does not allow it');
  });

  it('rejects wasi:http and points to the granted http-client instead', async () => {
    // componentize-qjs cannot pre-initialise a guest importing wasi:http, so this checks the
    // comparison itself against the real dsp-plugin world shape.
    const { WitRegistry } = await import('./wit-registry.ts');
    const wit = await WitRegistry.open(WIT_ROOT);
    const expected = await wit.worldShape('0.1.0', 'dsp-plugin');
    const problems = compareWithWorld(
      { imports: ['fugue:plugin/log@0.1.0', 'wasi:io/streams@0.2.12', 'wasi:http/outgoing-handler@0.2.12'], exports: expected.exports },
      expected,
      'dsp-plugin',
      wit.versions,
    );
    expect(problems).toEqual([
      { code: 'world-mismatch', message: 'imports wasi:http/outgoing-handler@0.2.12; use fugue:plugin/http-client, which the host grants per host name' },
    ]);
  });

  it('rejects an API version the host does not support, listing the supported ones', async () => {
    const bytes = await builtFixture('lyrics-js');
    const failure = await loadFailure(bytes, 'lyrics-plugin', '0.2.0');
    expect(failure.code).toBe('unsupported-api-version');
    expect(failure.message).toContain('fugue:plugin@0.2.0 is not supported by this version of Fugue (supported: 0.1.0)');
  });

  it('rejects bytes that are not a component with a clear message', async () => {
    const failure = await loadFailure(new TextEncoder().encode('not wasm at all'), 'lyrics-plugin');
    expect(failure.code).toBe('invalid-package');
    expect(failure.message).toMatch(/not a valid WebAssembly component/);
  });
});

const DSP_SOURCE = `
// extra import
export const lifecycle = { onEnable() {}, onDisable() {} };
export const settings = { apply() { return 'applied'; } };
class Processor { process(input) { return input; } reset() {} latencyFrames() { return 0; } }
export const dsp = { Processor, create() { return new Processor(); }, describeHotPath() { return undefined; } };
`;

/** Builds a JS component for a world declared in a throwaway WIT file (extra imports beyond a Fugue world). */
async function buildWithExtraWorld(world: string, source: string, worldName: string): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'fugue-extra-world-'));
  try {
    await mkdir(join(dir, 'wit'));
    await writeFile(join(dir, 'wit', 'world.wit'), `package fugue-test:extra;\n\n${world}\n`);
    await writeFile(join(dir, 'plugin.js'), source);
    return await buildJsComponent({
      sourcePath: join(dir, 'plugin.js'),
      world: worldName,
      contractWitDir: join(WIT_ROOT, 'fugue-plugin@0.1.0'),
      extraWitDir: join(dir, 'wit'),
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function loadOptions(harness: RuntimeHarness, bytes: Uint8Array, pluginId: string) {
  return {
    identity: { pluginId, version: '0.1.0', component: 'main' },
    world: 'lyrics-plugin',
    apiVersion: '0.1.0',
    bytes,
    dataDir: harness.dataDir(pluginId),
  };
}
