// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createContractClient, type ComponentMetricsView } from '../../../src-shared/contract/index.ts';
import { AppProvider } from '../../app-context.tsx';
import { createCommands } from '../../store/commands.ts';
import { createAppStore } from '../../store/store.ts';
import { METRICS_POLL_MS, MetricsChart } from './MetricsChart.tsx';
import { polylinePoints, SAMPLES_KEPT } from './metrics-series.ts';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function metrics(component: string, calls: number, memoryBytes: number): ComponentMetricsView {
  return {
    component,
    version: '0.1.0',
    state: 'ready',
    calls,
    errors: 0,
    timeouts: 0,
    restarts: 0,
    busyRejections: 0,
    latency: { p50Ms: 1.25, p99Ms: 4, samples: calls },
    memoryBytes,
    peakMemoryBytes: 2 * 1024 * 1024,
    instances: 1,
    queued: 0,
    running: 0,
  };
}

let root: Root | undefined;
let container: HTMLElement | undefined;

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  act(() => root?.unmount());
  container?.remove();
  vi.useRealTimers();
});

/** Renders the chart over a host whose component makes 5 calls a second. */
function renderChart() {
  const polls: unknown[] = [];
  const contract = createContractClient(async (op, params) => {
    if (op !== 'plugins.metrics') return { ok: false, error: { code: 'not-found', message: `${op} is not scripted` } };
    polls.push(params);
    return { ok: true, value: [metrics('decoder', polls.length * 5, 1536 * 1024)] };
  });
  const commands = createCommands({ contract, upload: async () => ({ ok: true, value: 'upload-1' }) }, createAppStore());
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  act(() => root?.render(<AppProvider store={createAppStore()} commands={commands}><MetricsChart pluginId="org.fugue.flac" name="FLAC" /></AppProvider>));
  return { polls, view: container };
}

async function tick(ms: number) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

describe('MetricsChart', () => {
  it('polls once a second and shows the latest numbers as text beside the drawing', async () => {
    const { polls, view } = renderChart();
    await tick(3 * METRICS_POLL_MS);
    expect(polls).toHaveLength(4);
    expect(polls[0]).toEqual({ pluginId: 'org.fugue.flac' });
    expect(view.querySelector('figure figcaption')?.textContent).toBe('Metrics of FLAC');
    expect(view.querySelector('.metrics-summary')?.textContent).toContain('decoder 0.1.0 (ready): 5.0 calls/s (20 in all), 1.5 MB memory (peak 2.0 MB), 0 errors, p50 1.3 ms');
    const lines = view.querySelectorAll('svg polyline');
    expect(lines).toHaveLength(2);
    expect(lines[0]?.getAttribute('points')?.split(' ')).toHaveLength(3);
    expect(view.querySelector('[style]')).toBeNull();
  });

  it('stops polling when it is unmounted', async () => {
    const { polls } = renderChart();
    await tick(2 * METRICS_POLL_MS);
    const before = polls.length;
    act(() => root?.unmount());
    root = undefined;
    await tick(5 * METRICS_POLL_MS);
    expect(polls).toHaveLength(before);
  });

  it('does not poll while the window is hidden', async () => {
    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    try {
      const { polls } = renderChart();
      await tick(3 * METRICS_POLL_MS);
      expect(polls).toHaveLength(0);
      visibility.mockReturnValue('visible');
      await tick(METRICS_POLL_MS);
      expect(polls).toHaveLength(1);
    } finally {
      visibility.mockRestore();
    }
  });

  it('says so when no component runs', async () => {
    const contract = createContractClient(async () => ({ ok: true, value: [] }));
    const commands = createCommands({ contract, upload: async () => ({ ok: true, value: 'upload-1' }) }, createAppStore());
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
    act(() => root?.render(<AppProvider store={createAppStore()} commands={commands}><MetricsChart pluginId="org.fugue.flac" name="FLAC" /></AppProvider>));
    await tick(METRICS_POLL_MS);
    expect(container.textContent).toContain('No component is running.');
  });
});

describe('polylinePoints', () => {
  it('draws the newest value at the right edge, scaled to the top value', () => {
    const points = polylinePoints([0, 5, 10], 100, 50, 10).split(' ').map((point) => point.split(',').map(Number));
    expect(points.map(([, y]) => y)).toEqual([50, 25, 0]);
    expect(points.at(-1)?.[0]).toBe(100);
    const [first, second] = points;
    expect(second![0]! - first![0]!).toBeCloseTo(100 / (SAMPLES_KEPT - 1), 1);
  });
});
