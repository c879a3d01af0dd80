/** Checks on a captured test tone: its frequency, where it starts and ends, and dropouts. */

/** One channel of interleaved audio. */
export function channelOf(interleaved: Float32Array, channels: number, channel: number): Float32Array {
  const out = new Float32Array(Math.floor(interleaved.length / channels));
  for (let frame = 0; frame < out.length; frame++) out[frame] = interleaved[frame * channels + channel] ?? 0;
  return out;
}

/** Power of `hz` in `samples` (Goertzel), normalised by length. */
export function goertzelPower(samples: Float32Array, rate: number, hz: number): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * hz) / rate);
  let previous = 0;
  let beforePrevious = 0;
  for (const sample of samples) {
    const current = sample + coefficient * previous - beforePrevious;
    beforePrevious = previous;
    previous = current;
  }
  const power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
  return power / (samples.length * samples.length);
}

/** The strongest of `fromHz…toHz` in `stepHz` steps, and the strongest more than 5 steps away from it. */
export function dominantFrequency(samples: Float32Array, rate: number, fromHz = 50, toHz = 8000, stepHz = 10): { hz: number; power: number; runnerUpPower: number } {
  const scan: { hz: number; power: number }[] = [];
  for (let hz = fromHz; hz <= toHz; hz += stepHz) scan.push({ hz, power: goertzelPower(samples, rate, hz) });
  const best = scan.reduce((a, b) => (b.power > a.power ? b : a));
  // Neighbours of the peak carry its leakage; only a distant runner-up is evidence of another tone.
  const distant = scan.filter((bin) => Math.abs(bin.hz - best.hz) > 5 * stepHz);
  const runnerUpPower = distant.reduce((max, bin) => Math.max(max, bin.power), 0);
  return { hz: best.hz, power: best.power, runnerUpPower };
}

/** First and last sample index whose magnitude reaches `threshold`, or undefined when none does. */
export function toneSpan(samples: Float32Array, threshold: number): { start: number; end: number } | undefined {
  let start = -1;
  let end = -1;
  for (let index = 0; index < samples.length; index++) {
    if (Math.abs(samples[index] ?? 0) >= threshold) {
      if (start < 0) start = index;
      end = index;
    }
  }
  return start < 0 ? undefined : { start, end };
}

/** A stretch inside the tone where it went missing or weak. */
export interface Dropout {
  /** Sample index where it starts. */
  at: number;
  /** Length in samples. */
  length: number;
  kind: 'silent-run' | 'weak-window';
}

/**
 * Dropouts between `start` and `end`: runs of more than `maxQuietRun` samples below
 * `quiet` (a steady sine crosses zero in one or two samples), and windows of `window`
 * samples (at least one period) whose peak falls below `minPeak`.
 */
export function findDropouts(
  samples: Float32Array,
  span: { start: number; end: number },
  options: { quiet: number; maxQuietRun: number; window: number; minPeak: number },
): Dropout[] {
  const dropouts: Dropout[] = [];
  let run = 0;
  for (let index = span.start; index <= span.end; index++) {
    if (Math.abs(samples[index] ?? 0) < options.quiet) {
      run++;
      continue;
    }
    if (run > options.maxQuietRun) dropouts.push({ at: index - run, length: run, kind: 'silent-run' });
    run = 0;
  }
  for (let from = span.start; from + options.window <= span.end; from += options.window) {
    let peak = 0;
    for (let index = from; index < from + options.window; index++) peak = Math.max(peak, Math.abs(samples[index] ?? 0));
    if (peak < options.minPeak) dropouts.push({ at: from, length: options.window, kind: 'weak-window' });
  }
  return dropouts;
}
