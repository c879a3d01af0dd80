/**
 * Measures the device sink through a private PulseAudio null sink at several latency
 * targets: write()→capture latency of a tone's onset, the time from opening to the first
 * captured audio, and dropouts. A measurement, not a test (it has timings):
 *   node bin/run-ts.mjs src-main/audio/testing/device-latency.ts [runs] [targetMs…]
 */
import { captureFlowing, captureOfTone, TONE_THRESHOLD } from './device-capture.ts';
import { DeviceTestProcess } from './device-test-client.ts';
import { pulseUnavailableReason, PulseServer } from './pulse.ts';
import { findDropouts, toneSpan } from './tone-analysis.ts';

const RATE = 48_000;
const TONE_SECONDS = 2;

interface Run {
  latencyMs: number;
  firstAudioMs: number;
  dropouts: number;
  lengthError: number;
  underflows: number;
}

async function measure(targetMs: number): Promise<Run & { geometry: string }> {
  const pulse = await PulseServer.start();
  const helper = DeviceTestProcess.start(pulse.env);
  try {
    const recording = await pulse.record();
    const openedAt = performance.timeOrigin + performance.now();
    const opened = await helper.request({ type: 'open', latencyMs: targetMs }, 'opened');
    await captureFlowing(recording);
    const firstAudioMs = recording.arrivalOf(0) - openedAt;
    const played = await helper.request({ type: 'play', hz: 1000, seconds: TONE_SECONDS, blockFrames: 512, amplitude: 0.5 }, 'played');
    const left = await captureOfTone(recording);
    const span = toneSpan(left, TONE_THRESHOLD);
    if (!span) throw new Error('no tone captured');
    const dropouts = findDropouts(left, span, { quiet: 1e-3, maxQuietRun: 2, window: 48, minPeak: 0.4 });
    return {
      geometry: `period ${opened.framesPerBuffer}, chunk ${opened.chunkFrames}, queue ${opened.maxQueue}, expected ${((opened.expectedLatencyFrames * 1000) / RATE).toFixed(0)} ms`,
      latencyMs: recording.arrivalOf(span.start) - played.firstWriteAt,
      firstAudioMs,
      dropouts: dropouts.length,
      lengthError: span.end - span.start + 1 - TONE_SECONDS * RATE,
      underflows: played.deviceUnderflows,
    };
  } finally {
    await helper.close();
    await pulse.dispose();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function main(): Promise<void> {
  const unavailable = pulseUnavailableReason();
  if (unavailable) throw new Error(unavailable);
  const [runsArg, ...targetArgs] = process.argv.slice(2);
  const runs = Number(runsArg ?? 3);
  const targets = targetArgs.length > 0 ? targetArgs.map(Number) : [50, 100, 200, 500];
  for (const target of targets) {
    const results: (Run & { geometry: string })[] = [];
    for (let run = 0; run < runs; run++) results.push(await measure(target));
    const latencies = results.map((result) => result.latencyMs);
    console.log(
      `target ${target} ms (${results[0]?.geometry}): write→capture median ${median(latencies).toFixed(1)} ms ` +
        `[${latencies.map((value) => value.toFixed(0)).join(', ')}], open→first audio median ${median(results.map((r) => r.firstAudioMs)).toFixed(0)} ms, ` +
        `runs with dropouts ${results.filter((r) => r.dropouts > 0 || Math.abs(r.lengthError) > 2).length}/${runs} ` +
        `(length errors ${results.map((r) => r.lengthError).join(', ')}; PortAudio underflows ${results.map((r) => r.underflows).join(', ')})`,
    );
  }
}

await main();
