/**
 * The metrics chart of the details pane: polls `plugins.metrics` once a second while it
 * is shown (not while the window is hidden; never after it is gone) and draws calls per
 * second and memory per component as small SVG lines. The latest numbers are also text,
 * which is what a screen reader reads; the drawing is hidden from it.
 */
import { useEffect, useState } from 'react';
import { useCommands } from '../../app-context.tsx';
import { addSample, formatBytes, polylinePoints, seriesOf, type ComponentSeries, type MetricsSample } from './metrics-series.ts';

export const METRICS_POLL_MS = 1000;
const WIDTH = 240;
const HEIGHT = 48;
/** Series colours come from CSS classes `metrics-series-0` … `-3` (no inline styles under the CSP). */
const COLOURS = 4;

export function MetricsChart({ pluginId, name }: { pluginId: string; name: string }) {
  const samples = useMetricsPoll(pluginId);
  const series = seriesOf(samples);
  return (
    <figure className="metrics">
      <figcaption>Metrics of {name}</figcaption>
      {samples.length === 0 ? <p className="muted">Reading metrics…</p> : null}
      {samples.length > 0 && series.length === 0 ? <p className="muted">No component is running.</p> : null}
      {series.length === 0 ? null : (
        <div className="metrics-charts">
          <Chart title="Calls per second" series={series} values={(entry) => entry.callRates} format={(top) => top.toFixed(1)} />
          <Chart title="Memory" series={series} values={(entry) => entry.memoryBytes} format={formatBytes} />
        </div>
      )}
      <ul className="metrics-summary">
        {series.map((entry, index) => (
          <li key={entry.component}>
            <span className={`metrics-key metrics-series-${index % COLOURS}`} aria-hidden="true" /> {summaryOf(entry)}
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** Samples of `plugins.metrics`, one a second while mounted and the page is visible. */
function useMetricsPoll(pluginId: string): MetricsSample[] {
  const commands = useCommands();
  const [samples, setSamples] = useState<MetricsSample[]>([]);
  useEffect(() => {
    let stopped = false;
    let inFlight = false;
    const poll = async () => {
      if (inFlight || document.visibilityState === 'hidden') return;
      inFlight = true;
      const result = await commands.loadMetrics(pluginId);
      inFlight = false;
      if (stopped || !result.ok) return;
      // Timed now, not when React runs the update (it may batch several).
      const sample = { at: Date.now(), metrics: result.value };
      setSamples((previous) => addSample(previous, sample));
    };
    void poll();
    const timer = setInterval(() => void poll(), METRICS_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [commands, pluginId]);
  return samples;
}

interface ChartProps {
  title: string;
  series: ComponentSeries[];
  values: (entry: ComponentSeries) => number[];
  format: (top: number) => string;
}

function Chart({ title, series, values, format }: ChartProps) {
  const highest = Math.max(...series.flatMap(values), 0);
  // Headroom above the highest value, so a steady line is drawn inside the box, not on its edge.
  const top = highest * 1.25;
  return (
    <div className="metrics-chart">
      <span className="metrics-title">
        {title} <span className="muted">(up to {format(highest)})</span>
      </span>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT} aria-hidden="true" focusable="false" preserveAspectRatio="none">
        <line className="metrics-axis" x1={0} y1={HEIGHT - 0.5} x2={WIDTH} y2={HEIGHT - 0.5} />
        {series.map((entry, index) => (
          <polyline key={entry.component} className={`metrics-line metrics-series-${index % COLOURS}`} fill="none" points={polylinePoints(values(entry), WIDTH, HEIGHT, top)} />
        ))}
      </svg>
    </div>
  );
}

function summaryOf(entry: ComponentSeries): string {
  const { latest } = entry;
  const rate = entry.callRates.at(-1);
  const parts = [
    rate === undefined ? `${latest.calls} calls` : `${rate.toFixed(1)} calls/s (${latest.calls} in all)`,
    `${formatBytes(latest.memoryBytes)} memory (peak ${formatBytes(latest.peakMemoryBytes)})`,
    latest.errors === 1 ? '1 error' : `${latest.errors} errors`,
    `p50 ${latest.latency.p50Ms.toFixed(1)} ms`,
  ];
  return `${latest.component} ${latest.version} (${latest.state}): ${parts.join(', ')}`;
}
