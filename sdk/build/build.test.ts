// The build pipeline on a copy of a fixture project: build, pack, cache.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yauzl from 'yauzl';
import { buildPlugin } from './build-plugin.ts';
import { findPluginProjects } from './build-all.ts';
import { packPlugin } from './pack.ts';
import { buildComponent, REPO_ROOT } from './plugin.ts';
import { readCoreInterface } from './wasm-signatures.ts';

let root = '';
let project = '';

interface ZipEntry {
  name: string;
  modified: Date;
  mode: number;
  data: Buffer;
}

function readZip(file: string): Promise<ZipEntry[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error('no zip'));
      const entries: ZipEntry[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            entries.push({ name: entry.fileName, modified: entry.getLastModDate(), mode: entry.externalFileAttributes >>> 16, data: Buffer.concat(chunks) });
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.readEntry();
    });
  });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'fugue-build-'));
  project = join(root, 'gain');
  await cp(join(REPO_ROOT, 'plugin-fixtures', 'world-dsp'), project, {
    recursive: true,
    filter: (source) => !source.includes('/dist') && !source.includes('/generated') && !source.endsWith('.test.ts'),
  });
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('buildComponent and packPlugin', () => {
  it('builds the manifest component to dist/<path>', async () => {
    const [built] = await buildComponent(project);
    expect(built).toMatchObject({ id: 'main', world: 'dsp-plugin', route: 'assemblyscript', packagePath: 'main.wasm', outPath: join(project, 'dist', 'main.wasm') });
    const bytes = await readFile(join(project, 'dist', 'main.wasm'));
    expect(bytes.length).toBe(built?.bytes);
    // A component (layer 1), not a core module.
    expect(Array.from(bytes.subarray(4, 8))).toEqual([0x0d, 0x00, 0x01, 0x00]);
    const generated = await readFile(join(project, 'assembly', 'generated', 'main', 'component.ts'), 'utf8');
    expect(generated).toContain('export function dsp__processor__dtor(rep: i32): void');
  });

  it('caps memory at limits.memory_mb', async () => {
    const { compileComponent, readWitFolder } = await import('./component.ts');
    const witFiles = await readWitFolder(join(REPO_ROOT, 'wit', 'fugue-plugin@0.1.0'));
    const output = await compileComponent({ projectDir: project, componentId: 'main', world: 'dsp-plugin', witFiles, maxMemoryMb: 3 });
    const module = new WebAssembly.Module(new Uint8Array(output.core));
    expect(WebAssembly.Module.exports(module).map((entry) => entry.name)).toContain('memory');
    // The memory section's limits: flags 1 (has max), then initial and maximum pages.
    const memoryMax = readMemoryMaximum(output.core);
    expect(memoryMax).toBe(48);
    expect(readCoreInterface(output.core).exports.has('fugue:plugin/dsp@0.1.0#create')).toBe(true);
  });

  it('packs plugin.json and the components deterministically', async () => {
    const first = await packPlugin(project, join(root, 'out1'));
    const second = await packPlugin(project, join(root, 'out2'));
    expect(first.path.endsWith('org.fugue.fixture.dsp-0.1.0.zip')).toBe(true);
    expect(first.entries).toEqual(['main.wasm', 'plugin.json']);
    expect(Buffer.compare(await readFile(first.path), await readFile(second.path))).toBe(0);
    const entries = await readZip(first.path);
    expect(entries.map((entry) => entry.name)).toEqual(['main.wasm', 'plugin.json']);
    for (const entry of entries) {
      expect(entry.modified.getFullYear()).toBe(1980);
      expect(entry.mode).toBe(0o100644);
    }
    expect(entries[1]?.data.toString('utf8')).toBe(await readFile(join(project, 'plugin.json'), 'utf8'));
    expect(Buffer.compare(entries[0]?.data ?? Buffer.alloc(0), await readFile(join(project, 'dist', 'main.wasm')))).toBe(0);
  });
});

describe('buildPlugin cache', () => {
  it('rebuilds only when an input changes', async () => {
    const options = { packagesDir: join(root, 'packages'), recordsDir: join(root, 'records') };
    const first = await buildPlugin(project, options);
    expect(first.status).toBe('built');
    const second = await buildPlugin(project, options);
    expect(second.status).toBe('cached');
    expect(second.packagePath).toBe(first.packagePath);
    // Tests and outputs are not inputs.
    await writeFile(join(project, 'extra.test.ts'), '// not an input\n');
    expect((await buildPlugin(project, options)).status).toBe('cached');
    const source = join(project, 'assembly', 'main.ts');
    await writeFile(source, `${await readFile(source, 'utf8')}\n// changed\n`);
    expect((await buildPlugin(project, options)).status).toBe('built');
    // A damaged output is rebuilt even though the inputs did not change.
    await writeFile(join(project, 'dist', 'main.wasm'), 'damaged');
    expect((await buildPlugin(project, options)).status).toBe('built');
  });

  it('finds every project with a plugin.json under plugins/ and plugin-fixtures/', async () => {
    const projects = (await findPluginProjects()).map((path) => path.slice(REPO_ROOT.length));
    expect(projects).toEqual(expect.arrayContaining(['plugin-fixtures/world-decoder', 'plugin-fixtures/world-dsp', 'plugin-fixtures/world-lyrics', 'plugin-fixtures/world-output-sink', 'plugin-fixtures/world-source']));
  });
});

/** The declared maximum (in pages) of the first memory section entry of a core module. */
function readMemoryMaximum(wasm: Uint8Array): number | undefined {
  let offset = 8;
  const u32 = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = wasm[offset++] ?? 0;
      result |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result >>> 0;
      shift += 7;
    }
  };
  while (offset < wasm.length) {
    const id = wasm[offset++];
    const size = u32();
    const end = offset + size;
    if (id === 5) {
      u32();
      const flags = wasm[offset++] ?? 0;
      u32();
      return flags & 1 ? u32() : undefined;
    }
    offset = end;
  }
  return undefined;
}
