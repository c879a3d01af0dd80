/**
 * The numbers behind the metrics chart: samples of `plugins.metrics` kept while the
 * details are shown, turned into one series per component (calls per second between two
 * samples, memory in use) and into SVG polyline points.
 */
import type { ComponentMetricsView } from '../../../src-shared/contract/index.ts';

/** One answer of `plugins.metrics` and when it arrived (ms). */
export interface MetricsSample {
  at: number;
  metrics: ComponentMetricsView[];
}

/** How many samples the chart keeps: a minute at one a second. */
export const SAMPLES_KEPT = 60;

export interface ComponentSeries {
  component: string;
  /** Calls per second, one point per pair of samples. */
  callRates: number[];
  memoryBytes: number[];
  latest: ComponentMetricsView;
}

export function addSample(samples: MetricsSample[], sample: MetricsSample): MetricsSample[] {
  return [...samples, sample].slice(-SAMPLES_KEPT);
}

/** A series per component of the latest sample, in its order. */
export function seriesOf(samples: MetricsSample[]): ComponentSeries[] {
  const latest = samples.at(-1);
  if (latest === undefined) return [];
  return latest.metrics.map((metrics) => {
    const points = samples.map((sample) => ({ at: sample.at, entry: sample.metrics.find((entry) => entry.component === metrics.component) }));
    const callRates: number[] = [];
    for (let index = 1; index < points.length; index += 1) {
      const before = points[index - 1];
      const after = points[index];
      if (before?.entry === undefined || after?.entry === undefined || after.at <= before.at) continue;
      // A restarted component counts from zero again: no negative rate.
      callRates.push(Math.max(0, after.entry.calls - before.entry.calls) / ((after.at - before.at) / 1000));
    }
    const memoryBytes = points.flatMap((point) => (point.entry === undefined ? [] : [point.entry.memoryBytes]));
    return { component: metrics.component, callRates, memoryBytes, latest: metrics };
  });
}

/** SVG polyline points of `values` in a `width`×`height` box, scaled to `top` (at least 1). */
export function polylinePoints(values: number[], width: number, height: number, top: number): string {
  if (values.length === 0) return '';
  const scale = Math.max(top, 1);
  const step = values.length === 1 ? 0 : width / (SAMPLES_KEPT - 1);
  const offset = width - step * (values.length - 1);
  return values.map((value, index) => `${round(offset + index * step)},${round(height - (value / scale) * height)}`).join(' ');
}

/** `1.5 MB`, `640 KB`, `12 B`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
