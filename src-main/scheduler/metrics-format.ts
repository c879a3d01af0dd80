/** Plain-text lines describing a component's metrics (for `fugue plugin info` and logs). */
import type { ComponentMetrics } from './types.ts';

const mib = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
const ms = (value: number): string => (value < 10 ? value.toFixed(2) : value.toFixed(0));

/** Lines such as `calls 12, errors 1, timeouts 0, restarts 0, refused as busy 0`. */
export function describeMetrics(metrics: ComponentMetrics): string[] {
  const lines = [
    `${metrics.pluginId}@${metrics.version} (${metrics.component}): ${metrics.state}`,
    `  calls ${metrics.calls}, errors ${metrics.errors}, timeouts ${metrics.timeouts}, restarts ${metrics.restarts}, refused as busy ${metrics.busyRejections}`,
    metrics.latency.samples === 0
      ? '  latency: no calls yet'
      : `  latency p50 ${ms(metrics.latency.p50Ms)} ms, p99 ${ms(metrics.latency.p99Ms)} ms (last ${metrics.latency.samples} calls)`,
    `  memory ${mib(metrics.memoryBytes)} (peak ${mib(metrics.peakMemoryBytes)}), instances ${metrics.instances}, running ${metrics.running}, queued ${metrics.queued}`,
  ];
  if (metrics.strikes > 0) lines.push(`  deadline strikes in the current window: ${metrics.strikes}`);
  if (metrics.lastError) lines.push(`  last error (${metrics.lastError.code}): ${metrics.lastError.message}`);
  return lines;
}
