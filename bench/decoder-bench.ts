/**
 * FLAC decode speed: the first-party FLAC plugin against ffmpeg on the same generated file
 * (30 s, 16-bit stereo 44.1 kHz, `flac -5`), as × realtime and a ratio.
 * The plugin is timed twice: in-process (jco bindings over the built component, fake host
 * with the file in memory: the decoder and the component boundary), and through the real
 * runtime (component worker, host input-stream over the file, one worker round trip per
 * read(16384) call, which is how the host will drive it).
 * ffmpeg is timed twice: the whole process (spawn + decode + f32le to a pipe, read fully)
 * and its own `-benchmark` rtime (the decode loop without process start-up).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadFixture, MemoryInputStream } from '../sdk/build/testing/fake-host.ts';
import { RuntimeHarness } from '../src-main/runtime/testing/fixtures.ts';
import { encodeFlac, type FlacSession } from '../plugins/flac/test-media.ts';
import { fmt } from './stats.ts';

const SECONDS = 30;
const RATE = 44_100;
const RUNS = 7;

export interface FlacDecodeBench {
  seconds: number;
  fileKb: number;
  /** Median milliseconds and × realtime of the plugin, in-process and through the runtime. */
  plugin: { ms: number; realtime: number };
  pluginRuntime: { ms: number; realtime: number };
  /** ffmpeg as a whole process, and its own decode-loop time. */
  ffmpegProcess: { ms: number; realtime: number };
  ffmpegLoop: { ms: number; realtime: number };
  /** Size of the built component and the instance's peak linear memory while decoding. */
  componentKb: number;
  peakMemoryKb: number;
  /** plugin speed / ffmpeg speed (≥ 0.5 is the target). */
  ratioVsProcess: number;
  ratioVsLoop: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** Music-like content: a few drifting partials with vibrato, tremolo and a little noise. */
function musicLike(frames: number): Int32Array {
  const out = new Int32Array(frames * 2);
  let seed = 12345;
  const noise = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5) * 200;
  for (let i = 0; i < frames; i++) {
    const t = i / RATE;
    let value = 0;
    for (let k = 1; k <= 6; k++) value += (Math.sin(2 * Math.PI * (220 * k + 3 * Math.sin(t * 5)) * t) / k) * (0.6 + 0.4 * Math.sin(t * 0.7 * k));
    const left = value * 7000 + noise();
    const right = value * 6000 * (1 + 0.1 * Math.sin(t)) + noise();
    out[i * 2] = Math.round(Math.max(-32768, Math.min(32767, left)));
    out[i * 2 + 1] = Math.round(Math.max(-32768, Math.min(32767, right)));
  }
  return out;
}

/** Runs ffmpeg to a pipe, reading everything; wall ms and its `-benchmark` rtime in ms. */
function timeFfmpeg(path: string): Promise<{ wallMs: number; loopMs: number }> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn('ffmpeg', ['-hide_banner', '-nostats', '-v', 'info', '-benchmark', '-i', path, '-f', 'f32le', '-acodec', 'pcm_f32le', '-'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let bytes = 0;
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => (bytes += chunk.length));
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const rtime = /rtime=([\d.]+)s/.exec(errors);
      if (code !== 0 || bytes === 0 || rtime === null) reject(new Error(`ffmpeg failed (${code}): ${errors}`));
      else resolvePromise({ wallMs, loopMs: Number(rtime[1]) * 1000 });
    });
  });
}

/** Decodes in-process in read(16384) blocks; the f32 bytes produced. */
function decodeInProcess(decoder: { open(input: MemoryInputStream, hint: { typeId: string }): FlacSession }, bytes: Uint8Array): number {
  const session = decoder.open(new MemoryInputStream(bytes), { typeId: 'flac' });
  let decoded = 0;
  for (;;) {
    const block = session.read(16_384);
    if (block.length === 0) break;
    decoded += block.byteLength;
  }
  session[Symbol.dispose]();
  return decoded;
}

/** Decodes the file through a real component worker and host stream; median ms and peak memory. */
async function timeRuntime(wasm: Uint8Array, path: string, expectedBytes: number): Promise<{ ms: number; peakMemoryBytes: number }> {
  const harness = await RuntimeHarness.create();
  try {
    const instance = await harness.load(wasm, 'decoder-plugin', 'org.fugue.flac');
    const times: number[] = [];
    for (let run = 0; run < RUNS + 1; run++) {
      const started = performance.now();
      const session = (await instance.call('decoder', 'open', [{ $hostStream: pathToFileURL(path).href }, { typeId: 'flac' }], { fileRoots: [resolve(path, '..')] })) as { $resource: number; type: string };
      let bytes = 0;
      for (;;) {
        const block = (await instance.callMethod(session, 'read', [16_384])) as Float32Array;
        if (block.length === 0) break;
        bytes += block.byteLength;
      }
      await instance.drop(session);
      if (bytes !== expectedBytes) throw new Error(`the plugin decoded ${bytes} bytes through the runtime, expected ${expectedBytes}`);
      if (run > 0) times.push(performance.now() - started);
    }
    return { ms: median(times), peakMemoryBytes: instance.metrics().peakMemoryBytes };
  } finally {
    await harness.dispose();
  }
}

export async function benchFlacDecode(): Promise<FlacDecodeBench> {
  const dir = await mkdtemp(join(tmpdir(), 'fugue-flac-bench-'));
  const fixture = await loadFixture(resolve(import.meta.dirname, '..', 'plugins', 'flac'));
  try {
    const path = join(dir, 'music.flac');
    await encodeFlac(path, musicLike(SECONDS * RATE), { channels: 2, bits: 16, rate: RATE, frames: SECONDS * RATE }, ['-5']);
    const bytes = await readFile(path);
    const decoder = fixture.exported<{ open(input: MemoryInputStream, hint: { typeId: string }): FlacSession }>('decoder');
    const expectedBytes = SECONDS * RATE * 8;
    const pluginMs: number[] = [];
    const ffmpeg: { wallMs: number; loopMs: number }[] = [];
    // Alternating runs, so load from other processes hits both sides alike.
    for (let run = 0; run < RUNS + 1; run++) {
      const started = performance.now();
      const decoded = decodeInProcess(decoder, bytes);
      if (decoded !== expectedBytes) throw new Error(`the plugin decoded ${decoded} bytes, expected ${expectedBytes}`);
      if (run === 0) continue; // the first run warms the JIT
      pluginMs.push(performance.now() - started);
      ffmpeg.push(await timeFfmpeg(path));
    }
    const built = await readFile(resolve(import.meta.dirname, '..', 'plugins', 'flac', 'dist', 'main.wasm'));
    const runtime = await timeRuntime(new Uint8Array(built), path, expectedBytes);
    const plugin = median(pluginMs);
    const wall = median(ffmpeg.map((entry) => entry.wallMs));
    const loop = median(ffmpeg.map((entry) => entry.loopMs));
    const realtime = (ms: number) => (SECONDS * 1000) / ms;
    return {
      seconds: SECONDS,
      fileKb: bytes.length / 1024,
      plugin: { ms: plugin, realtime: realtime(plugin) },
      pluginRuntime: { ms: runtime.ms, realtime: realtime(runtime.ms) },
      ffmpegProcess: { ms: wall, realtime: realtime(wall) },
      ffmpegLoop: { ms: loop, realtime: realtime(loop) },
      ratioVsProcess: wall / plugin,
      ratioVsLoop: loop / plugin,
      componentKb: built.length / 1024,
      peakMemoryKb: runtime.peakMemoryBytes / 1024,
    };
  } finally {
    await fixture.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

export function printFlacDecodeBench(result: FlacDecodeBench, log: (line: string) => void = console.log): void {
  log(`FLAC decode, ${result.seconds} s 16-bit stereo 44.1 kHz (${fmt(result.fileKb)} KB), median of ${RUNS}`);
  log(`  plugin (in-process, jco bindings, read(16384)): ${fmt(result.plugin.ms)} ms = ${fmt(result.plugin.realtime)}x realtime`);
  log(`  plugin (real runtime: worker, host file stream, read(16384) round trips): ${fmt(result.pluginRuntime.ms)} ms = ${fmt(result.pluginRuntime.realtime)}x realtime`);
  log(`  ffmpeg process (spawn + decode + f32le pipe): ${fmt(result.ffmpegProcess.ms)} ms = ${fmt(result.ffmpegProcess.realtime)}x realtime`);
  log(`  ffmpeg decode loop (-benchmark rtime): ${fmt(result.ffmpegLoop.ms)} ms = ${fmt(result.ffmpegLoop.realtime)}x realtime`);
  log(`  component ${fmt(result.componentKb)} KB, peak linear memory while decoding ${fmt(result.peakMemoryKb)} KB`);
  log(`  ratio plugin/ffmpeg: ${fmt(result.ratioVsProcess, 2)}x vs the process, ${fmt(result.ratioVsLoop, 2)}x vs the decode loop (target >= 0.5x)`);
}

if (import.meta.url === `file://${process.argv[1]}`) printFlacDecodeBench(await benchFlacDecode());
