import { describe, expect, it } from 'vitest';
import { describeMetrics } from './metrics-format.ts';
import type { ComponentMetrics } from './types.ts';

const base: ComponentMetrics = {
  pluginId: 'org.example.lyrics',
  version: '1.2.0',
  component: 'main',
  state: 'active',
  calls: 12,
  errors: 1,
  timeouts: 1,
  restarts: 1,
  busyRejections: 0,
  latency: { p50Ms: 0.42, p99Ms: 31.5, samples: 12 },
  memoryBytes: 3 * 1024 * 1024,
  peakMemoryBytes: 5 * 1024 * 1024,
  instances: 1,
  queued: 0,
  running: 0,
  strikes: 1,
  lastError: { code: 'timeout', message: 'plugin org.example.lyrics did not answer find within 10000 ms' },
};

describe('describeMetrics', () => {
  it('prints counters, latency, memory, strikes and the last error', () => {
    expect(describeMetrics(base)).toEqual([
      'org.example.lyrics@1.2.0 (main): active',
      '  calls 12, errors 1, timeouts 1, restarts 1, refused as busy 0',
      '  latency p50 0.42 ms, p99 32 ms (last 12 calls)',
      '  memory 3.0 MiB (peak 5.0 MiB), instances 1, running 0, queued 0',
      '  deadline strikes in the current window: 1',
      '  last error (timeout): plugin org.example.lyrics did not answer find within 10000 ms',
    ]);
  });

  it('says when there were no calls yet', () => {
    expect(describeMetrics({ ...base, calls: 0, latency: { p50Ms: 0, p99Ms: 0, samples: 0 }, strikes: 0, lastError: undefined })[2]).toBe('  latency: no calls yet');
  });
});
