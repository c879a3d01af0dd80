/** Small statistics helpers for benchmarks (not tests: no thresholds, only numbers and ratios). */

export interface Summary {
  n: number;
  medianUs: number;
  p99Us: number;
  meanUs: number;
}

/** Summarises samples given in microseconds. */
export function summarise(samplesUs: number[]): Summary {
  const sorted = [...samplesUs].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length);
  return { n: sorted.length, medianUs: at(0.5), p99Us: at(0.99), meanUs: mean };
}

/** Times `iterations` sequential runs of an async operation, in microseconds each. */
export async function timeEach(iterations: number, run: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < iterations; i += 1) {
    const started = performance.now();
    await run();
    samples.push((performance.now() - started) * 1000);
  }
  return samples;
}

/** Nanoseconds per call of a synchronous operation, best of `rounds` rounds of `iterations`. */
export function nsPerCall(iterations: number, rounds: number, run: () => unknown): number {
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round += 1) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < iterations; i += 1) run();
    const elapsed = Number(process.hrtime.bigint() - started) / iterations;
    best = Math.min(best, elapsed);
  }
  return best;
}

export const fmt = (value: number, digits = 1): string => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
