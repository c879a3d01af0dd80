// Hot-path kernels in a plugin project: `kernels/<name>.ts` is compiled with the hot-path
// flags, its bytes reach the component through `assembly/generated/kernels.ts`, and the
// kernel source is a build input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildPlugin } from './build-plugin.ts';
import { loadComponent } from './jco-instance.ts';
import { kernelAccessor, KERNELS_MODULE } from './kernels.ts';
import { REPO_ROOT } from './plugin.ts';
import { createFakeHost } from './testing/fake-host.ts';

let root = '';
let project = '';

const GAIN_KERNEL = `
// Multiplies by the f32 in the init data; state in the region above the heap base.
export function init(args: u32, outCtx: u32): i32 {
  const ctx = (<u32>__heap_base + 15) & ~15;
  store<f32>(ctx, load<f32>(load<u32>(args, 40)));
  store<u32>(ctx, load<u32>(args, 24), 4);
  store<u32>(ctx, load<u32>(args, 28), 8);
  store<u32>(ctx, load<u32>(args, 12), 12);
  store<u32>(outCtx, ctx);
  return 0;
}
export function process(ctx: u32, frames: u32, outFrames: u32, outFlags: u32): i32 {
  const gain = load<f32>(ctx);
  const input = load<u32>(ctx, 4);
  const output = load<u32>(ctx, 8);
  const samples = frames * load<u32>(ctx, 12);
  for (let i: u32 = 0; i < samples; i++) store<f32>(output + (i << 2), load<f32>(input + (i << 2)) * gain);
  store<u32>(outFrames, frames);
  store<u32>(outFlags, 0);
  return 0;
}
`;

const DESCRIBE = `export function describeHotPath(typeId: string, format: AudioFormat, maxFrames: u32): HotPathSpec | null {
  const spec = new HotPathSpec();
  spec.abiVersion = 1;
  spec.module = gainKernel();
  spec.heapBytes = 32;
  const data = new Float32Array(1);
  data[0] = gain;
  spec.initData = Uint8Array.wrap(data.buffer);
  return spec;
}`;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'fugue-kernels-build-'));
  project = join(root, 'gain');
  await cp(join(REPO_ROOT, 'plugin-fixtures', 'world-dsp'), project, {
    recursive: true,
    filter: (source) => !source.includes('/dist') && !source.includes('/generated') && !source.endsWith('.test.ts'),
  });
  await mkdir(join(project, 'kernels'));
  await writeFile(join(project, 'kernels', 'gain.ts'), GAIN_KERNEL);
  const main = join(project, 'assembly', 'main.ts');
  const source = await readFile(main, 'utf8');
  const replaced = source.replace(/export function describeHotPath[\s\S]*?\n}\n?$/, `${DESCRIBE}\n`);
  await writeFile(main, `import { gainKernel } from "./generated/kernels";\n${replaced}`);
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('hot-path kernels in a plugin project', () => {
  it('names accessors after the kernel file', () => {
    expect(kernelAccessor('eq')).toBe('eqKernel');
    expect(kernelAccessor('my-cross_feed')).toBe('myCrossFeedKernel');
  });

  it('compiles kernels/<name>.ts into a shared-memory core module the component returns', async () => {
    const options = { packagesDir: join(root, 'packages'), recordsDir: join(root, 'records') };
    const built = await buildPlugin(project, options);
    expect(await readFile(join(project, KERNELS_MODULE), 'utf8')).toContain('export function gainKernel(): Uint8Array {');
    const host = createFakeHost();
    const component = await loadComponent(await readFile(built.components[0]?.outPath ?? ''), host.imports);
    try {
      const dsp = component.exports.dsp as { describeHotPath(typeId: string, format: object, maxFrames: number): { abiVersion: number; module: Uint8Array; initData: Uint8Array } };
      const spec = dsp.describeHotPath('gain', { sampleRate: 48_000, channels: 2 }, 256);
      expect(spec.abiVersion).toBe(1);
      expect(Array.from(spec.initData)).toEqual(Array.from(new Uint8Array(Float32Array.of(1).buffer)));
      const module = new WebAssembly.Module(new Uint8Array(spec.module));
      expect(WebAssembly.Module.imports(module)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
      expect(WebAssembly.Module.exports(module).map((entry) => entry.name)).toEqual(expect.arrayContaining(['init', 'process']));
    } finally {
      await component.dispose();
    }
    // The kernel source is an input of the content-hash cache.
    expect((await buildPlugin(project, options)).status).toBe('cached');
    await writeFile(join(project, 'kernels', 'gain.ts'), `${GAIN_KERNEL}\n// changed\n`);
    expect((await buildPlugin(project, options)).status).toBe('built');
  }, 180_000);
});
