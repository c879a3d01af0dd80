/**
 * Test support for the ffmpeg decoder: the plugin built from source, loaded in the real
 * runtime with a sidecar registry of its own and its declared sidecar granted (as the
 * installer grants a built-in's), plus media made by ffmpeg in a temp folder.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { buildPlugin } from '../../../sdk/build/build-plugin.ts';
import type { SidecarPermission } from '../../../src-shared/manifest/index.ts';
import type { ComponentInstance } from '../../../src-main/runtime/component-instance.ts';
import type { ResourceRef } from '../../../src-main/runtime/protocol.ts';
import { RuntimeHarness } from '../../../src-main/runtime/testing/fixtures.ts';
import { SidecarKit } from '../../../src-main/sidecars/testing/sidecar-kit.ts';

export const PLUGIN_ROOT = join(import.meta.dirname, '..');
const MANIFEST = JSON.parse(await readFile(join(PLUGIN_ROOT, 'plugin.json'), 'utf8')) as { id: string; permissions: { sidecar: SidecarPermission[] } };

export interface Decoder {
  kit: SidecarKit;
  instance: ComponentInstance;
  dispose(): Promise<void>;
}

/** Builds the plugin and loads it with its sidecar granted. */
export async function loadDecoder(): Promise<Decoder> {
  const [component] = (await buildPlugin(PLUGIN_ROOT)).components;
  if (component === undefined) throw new Error('the ffmpeg plugin built no component');
  const kit = new SidecarKit();
  const harness = await RuntimeHarness.create();
  const declared = MANIFEST.permissions.sidecar;
  const access = {
    pluginId: MANIFEST.id,
    pluginRoot: PLUGIN_ROOT,
    declared: declared.map((p) => p.executable),
    granted: () => declared.map((p) => p.executable),
    registry: kit.registry,
    permissions: declared,
  };
  const instance = await harness.load(new Uint8Array(await readFile(component.outPath)), 'decoder-plugin', MANIFEST.id, { grants: { sidecar: access } });
  await instance.enable();
  return {
    kit,
    instance,
    dispose: async () => {
      await harness.dispose();
      await kit.dispose();
    },
  };
}

/** Opens `path` as the host does: a host stream of the file, its folder granted for the call. */
export async function openFile(decoder: Decoder, path: string, folder: string): Promise<ResourceRef> {
  const extension = path.slice(path.lastIndexOf('.') + 1);
  return (await decoder.instance.call('decoder', 'open', [{ $hostStream: pathToFileURL(path).href }, { extension, typeId: 'ffmpeg' }], { fileRoots: [folder] })) as ResourceRef;
}

/** Reads a session to its end. */
export async function readAll(decoder: Decoder, session: ResourceRef, blockFrames = 4096): Promise<Float32Array> {
  const blocks: Float32Array[] = [];
  for (;;) {
    const block = (await decoder.instance.callMethod(session, 'read', [blockFrames])) as Float32Array;
    if (block.length === 0) break;
    blocks.push(block.slice());
  }
  const out = new Float32Array(blocks.reduce((sum, block) => sum + block.length, 0));
  let at = 0;
  for (const block of blocks) {
    out.set(block, at);
    at += block.length;
  }
  return out;
}

export class Media {
  private constructor(readonly path: string) {}

  static async create(): Promise<Media> {
    return new Media(await mkdtemp(join(tmpdir(), 'fugue-ffmpeg-')));
  }

  /** A stereo two-tone signal encoded by ffmpeg with `args` (codec, tags) into `name`. */
  async encode(name: string, seconds: number, rate: number, args: string[]): Promise<string> {
    const out = join(this.path, name);
    const signal = `sine=frequency=440:duration=${seconds}:sample_rate=${rate}`;
    const other = `sine=frequency=660:duration=${seconds}:sample_rate=${rate}`;
    await execa('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', signal, '-f', 'lavfi', '-i', other, '-filter_complex', '[0:a][1:a]join=inputs=2:channel_layout=stereo', ...args, out]);
    return out;
  }

  dispose(): Promise<void> {
    return rm(this.path, { recursive: true, force: true });
  }
}

/** ffmpeg's own decode of `path` as interleaved f32: what the plugin must return. */
export async function ffmpegReference(path: string): Promise<Float32Array> {
  const { stdout } = await execa('ffmpeg', ['-v', 'error', '-i', path, '-f', 'f32le', '-acodec', 'pcm_f32le', '-'], { encoding: 'buffer' });
  return new Float32Array(stdout.buffer.slice(stdout.byteOffset, stdout.byteOffset + stdout.byteLength));
}

/** Index of the first differing sample (or of the shorter length), -1 when equal. */
export function firstDifference(actual: Float32Array, expected: Float32Array): number {
  const length = Math.min(actual.length, expected.length);
  for (let i = 0; i < length; i++) if (actual[i] !== expected[i] && !(Number.isNaN(actual[i]) && Number.isNaN(expected[i]))) return i;
  return actual.length === expected.length ? -1 : length;
}
