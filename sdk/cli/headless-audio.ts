/**
 * `fugue-plugin test` for DSP effects and output sinks: a test tone through the component
 * path, and for an effect also through its hot-path kernel as the audio worker runs it,
 * compared sample by sample.
 */
import type { HotPathSpec } from '../../src-main/audio/hot-path/abi.ts';
import { StageStatus } from '../../src-main/audio/hot-path/dsp-chain.ts';
import { HotPathStage } from '../../src-main/audio/hot-path/hot-path-stage.ts';
import { CliError, type Io } from './project.ts';
import { peakOf, toneSamples } from './sample-media.ts';
import type { PluginUnderTest } from './testing.ts';

const RATE = 48_000;
const CHANNELS = 2;
const BLOCK_FRAMES = 1024;

function db(value: number): string {
  return value > 0 ? `${(20 * Math.log10(value)).toFixed(2)} dBFS` : '-inf dBFS';
}

/** Every block of `input` through the component's `process`. */
async function componentPath(plugin: PluginUnderTest, input: Float32Array): Promise<Float32Array> {
  const format = { sampleRate: RATE, channels: CHANNELS };
  const processor = await plugin.call('dsp', 'create', [plugin.typeId, format, BLOCK_FRAMES]);
  try {
    const output = new Float32Array(input.length);
    for (let start = 0; start < input.length; start += BLOCK_FRAMES * CHANNELS) {
      const block = input.slice(start, start + BLOCK_FRAMES * CHANNELS);
      output.set((await plugin.callMethod(processor, 'process', [block])) as Float32Array, start);
    }
    return output;
  } finally {
    await plugin.drop(processor);
  }
}

/** Every block of `input` through the kernel the plugin offers, or a reason it cannot run. */
async function hotPath(plugin: PluginUnderTest, input: Float32Array): Promise<{ output: Float32Array; moduleBytes: number } | { reason: string }> {
  const format = { sampleRate: RATE, channels: CHANNELS };
  const spec = (await plugin.call('dsp', 'describe-hot-path', [plugin.typeId, format, BLOCK_FRAMES])) as HotPathSpec | undefined;
  if (spec === undefined) return { reason: 'the plugin offers no hot-path kernel (describe-hot-path returned none); the host calls process() for every block' };
  const started = HotPathStage.fromSpec(spec, `${plugin.manifest.id}/${plugin.typeId}`, { ...format, maxFrames: BLOCK_FRAMES });
  if (!started.ok) return { reason: `the host would refuse the kernel and use process() instead: ${started.reason}` };
  const { stage } = started;
  try {
    const output = new Float32Array(input.length);
    for (let start = 0; start < input.length; start += BLOCK_FRAMES * CHANNELS) {
      const block = input.subarray(start, start + BLOCK_FRAMES * CHANNELS);
      stage.input.set(block);
      const status = stage.process(block.length / CHANNELS);
      if (status !== StageStatus.Ok) return { reason: `the kernel failed at frame ${start / CHANNELS}: ${stage.lastProblem}` };
      output.set(stage.output.subarray(0, block.length), start);
    }
    return { output, moduleBytes: spec.module.length };
  } finally {
    stage.dispose();
  }
}

/** A 1 s stereo tone through both paths; fails when they disagree. */
export async function testDsp(plugin: PluginUnderTest, io: Io): Promise<boolean> {
  const input = toneSamples(RATE, CHANNELS, RATE, 440, 0.5);
  io.out(`input: 1 s of 440 Hz at ${RATE} Hz, ${CHANNELS} channels, peak ${db(peakOf(input))}, in blocks of ${BLOCK_FRAMES} frames`);
  const component = await componentPath(plugin, input);
  io.out(`component path (process): peak ${db(peakOf(component))}`);
  const hot = await hotPath(plugin, input);
  if ('reason' in hot) {
    io.out(`hot path: ${hot.reason}`);
    return true;
  }
  let worst = 0;
  for (let index = 0; index < input.length; index++) worst = Math.max(worst, Math.abs((hot.output[index] ?? 0) - (component[index] ?? 0)));
  io.out(`hot path (${hot.moduleBytes}-byte kernel): peak ${db(peakOf(hot.output))}`);
  if (worst === 0) io.out('both paths give identical samples');
  else io.err(`the paths differ by up to ${worst.toExponential(3)}: the host switches between them, so listeners would hear a change; make both use the same code`);
  return worst === 0;
}

/** Lists targets, opens the default one and writes a 1 s tone, honouring backpressure. */
export async function testSink(plugin: PluginUnderTest, io: Io): Promise<void> {
  const targets = (await plugin.call('output-sink', 'list-targets', [])) as { id: string; name: string; isDefault: boolean; maxChannels: number }[];
  io.out(`targets: ${targets.length}`);
  for (const target of targets) io.out(`  ${target.id}  ${target.name}  up to ${target.maxChannels} channels${target.isDefault ? '  (default)' : ''}`);
  const chosen = targets.find((target) => target.isDefault) ?? targets[0];
  const sink = await plugin.call('output-sink', 'open', [plugin.typeId, chosen?.id, { sampleRate: RATE, channels: CHANNELS }]);
  try {
    const tone = toneSamples(RATE, CHANNELS, RATE);
    let written = 0;
    let drains = 0;
    let drainedLast = false;
    while (written < RATE) {
      const block = tone.subarray(written * CHANNELS, Math.min(RATE, written + BLOCK_FRAMES) * CHANNELS);
      const accepted = (await plugin.callMethod(sink, 'write', [block])) as number;
      written += accepted;
      if (accepted === 0 && drainedLast) throw new CliError('the sink accepted no frames even right after drain(): the host would wait forever; accept frames once the queue has room');
      drainedLast = false;
      if (accepted < block.length / CHANNELS) {
        // Full: a real output would play some; here we let it drain before going on.
        await plugin.callMethod(sink, 'drain', []);
        drains += 1;
        drainedLast = true;
      }
    }
    const queued = (await plugin.callMethod(sink, 'queued-frames', [])) as number;
    io.out(`wrote 1 s of 440 Hz (${written} frames at ${RATE} Hz, ${CHANNELS} channels) to ${chosen?.id ?? 'the default target'}; it pushed back ${drains} time${drains === 1 ? '' : 's'}; ${queued} frames still queued`);
    await plugin.callMethod(sink, 'drain', []);
  } finally {
    await plugin.drop(sink);
  }
}
