/**
 * `fugue-plugin test` for decoders, sources and lyrics providers: one realistic round of
 * calls through the real runtime, printed so an author sees what the host would get.
 */
import { existsSync } from 'node:fs';
import { open as openFile, readdir } from 'node:fs/promises';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CliError, type Io } from './project.ts';
import { peakOf } from './sample-media.ts';
import type { PluginUnderTest } from './testing.ts';

interface StreamInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample?: number;
  totalFrames?: bigint;
  features: Record<string, boolean>;
  codec: string;
}

/** The decoder's sample input: `--input`, else the first file in `test/` with an extension it scores. */
async function decoderInput(plugin: PluginUnderTest, dir: string, input: string | undefined): Promise<string> {
  if (input !== undefined) {
    const path = resolve(input);
    if (!existsSync(path)) throw new CliError(`--input ${input}: no such file`);
    return path;
  }
  const extensions = Object.keys(plugin.component.abilities.find((ability) => ability.kind === 'decoder')?.extension_scores ?? {});
  const testDir = join(dir, 'test');
  const files = existsSync(testDir) ? (await readdir(testDir)).sort() : [];
  const found = files.find((file) => extensions.includes(extname(file).slice(1).toLowerCase()));
  if (found === undefined) throw new CliError(`no sample input: pass --input <file>, or put a .${extensions[0] ?? '<ext>'} file in ${relative(process.cwd(), testDir) || 'test'}/`);
  return join(testDir, found);
}

async function head(path: string, bytes: number): Promise<Uint8Array> {
  const handle = await openFile(path, 'r');
  try {
    const buffer = new Uint8Array(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function describeInfo(info: StreamInfo): string {
  const features = Object.entries(info.features).filter(([, on]) => on).map(([name]) => name);
  const frames = info.totalFrames === undefined ? 'unknown length' : `${info.totalFrames} frames (${(Number(info.totalFrames) / info.sampleRate).toFixed(3)} s)`;
  const bits = info.bitsPerSample === undefined ? '' : `, ${info.bitsPerSample}-bit`;
  return `${info.codec}: ${info.sampleRate} Hz, ${info.channels} channel${info.channels === 1 ? '' : 's'}${bits}, ${frames}${features.length > 0 ? `, ${features.join(' ')}` : ''}`;
}

/** Probes, opens and decodes the input to its end. */
export async function testDecoder(plugin: PluginUnderTest, dir: string, io: Io, input: string | undefined): Promise<void> {
  const path = await decoderInput(plugin, dir, input);
  const extension = extname(path).slice(1).toLowerCase();
  const hint = { ...(extension === '' ? {} : { extension }), typeId: plugin.typeId };
  const calls = { fileRoots: [dirname(path)] };
  io.out(`input: ${relative(process.cwd(), path)}`);
  io.out(`probe: ${String(await plugin.call('decoder', 'probe', [await head(path, 64), hint]))} / 100`);
  const session = await plugin.call('decoder', 'open', [{ $hostStream: pathToFileURL(path).href }, hint], calls);
  try {
    const info = (await plugin.callMethod(session, 'info', [], calls)) as StreamInfo;
    io.out(`stream: ${describeInfo(info)}`);
    const metadata = (await plugin.callMethod(session, 'metadata', [], calls)) as { title?: string; artist?: string; durationMs?: bigint };
    io.out(`metadata: ${[metadata.title, metadata.artist, metadata.durationMs === undefined ? undefined : `${metadata.durationMs} ms`].filter((part) => part !== undefined).join(', ') || 'none'}`);
    let frames = 0;
    let blocks = 0;
    let peak = 0;
    for (;;) {
      const block = (await plugin.callMethod(session, 'read', [4096], calls)) as Float32Array;
      if (block.length === 0) break;
      blocks += 1;
      frames += block.length / info.channels;
      peak = Math.max(peak, peakOf(block));
    }
    io.out(`decoded: ${frames} frames in ${blocks} blocks, peak ${peak.toFixed(4)} (${peak > 0 ? (20 * Math.log10(peak)).toFixed(1) : '-inf'} dBFS)`);
    if (info.totalFrames !== undefined && BigInt(frames) !== info.totalFrames) io.err(`warning: info() said ${info.totalFrames} frames but read() returned ${frames}`);
  } finally {
    await plugin.drop(session);
  }
}

interface CatalogItem {
  id: string;
  kind: string;
  title: string;
  subtitle?: string;
  durationMs?: bigint;
  playable: boolean;
}

/** Browses the root and resolves the first playable item. */
export async function testSource(plugin: PluginUnderTest, io: Io): Promise<void> {
  const page = (await plugin.call('source', 'browse', [{ tag: 'root' }, undefined])) as { items: CatalogItem[]; nextCursor?: string };
  io.out(`browse root: ${page.items.length} item${page.items.length === 1 ? '' : 's'}${page.nextCursor === undefined ? '' : ` (more after cursor "${page.nextCursor}")`}`);
  for (const item of page.items) {
    const duration = item.durationMs === undefined ? '' : `  ${(Number(item.durationMs) / 1000).toFixed(1)} s`;
    io.out(`  ${item.id}  ${item.kind}  ${item.title}${item.subtitle === undefined ? '' : ` — ${item.subtitle}`}${duration}${item.playable ? '  playable' : ''}`);
  }
  const playable = page.items.find((item) => item.playable);
  if (playable === undefined) return;
  const resolved = (await plugin.call('source', 'resolve', [playable.id])) as { location: { tag: string; val: string } };
  io.out(`resolve ${playable.id}: ${resolved.location.tag} ${resolved.location.val}`);
}

function timestamp(ms: bigint | number): string {
  const total = Number(ms);
  const minutes = Math.floor(total / 60_000);
  return `${String(minutes).padStart(2, '0')}:${((total % 60_000) / 1000).toFixed(2).padStart(5, '0')}`;
}

/** Looks up a sample query and prints the result. */
export async function testLyrics(plugin: PluginUnderTest, io: Io): Promise<void> {
  const query = { title: 'Test Song', artist: 'The Plugins', album: 'Headless', durationMs: 215_000n };
  io.out(`find "${query.title}" by ${query.artist}:`);
  const result = (await plugin.call('lyrics', 'find', [query])) as { body: { tag: string; val?: unknown }; provider: string; language?: string } | undefined;
  if (result === undefined) {
    io.out('  no lyrics found');
    return;
  }
  const { body } = result;
  if (body.tag === 'synced') for (const line of body.val as { startMs: bigint; text: string }[]) io.out(`  [${timestamp(line.startMs)}] ${line.text}`);
  else if (body.tag === 'plain') io.out(`  ${String(body.val).split('\n').join('\n  ')}`);
  else io.out('  (instrumental)');
  io.out(`  ${body.tag} lyrics from ${result.provider}${result.language === undefined ? '' : ` (${result.language})`}`);
}
