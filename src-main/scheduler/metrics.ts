/** Counters, latency percentiles and memory of a component's calls, and deadline strikes. */

const WINDOW = 1024;

export class LatencyWindow {
  private readonly samples = new Float64Array(WINDOW);
  private count = 0;

  record(ms: number): void {
    this.samples[this.count % WINDOW] = ms;
    this.count += 1;
  }

  summary(): { p50Ms: number; p99Ms: number; samples: number } {
    const size = Math.min(this.count, WINDOW);
    if (size === 0) return { p50Ms: 0, p99Ms: 0, samples: 0 };
    const sorted = Array.from(this.samples.subarray(0, size)).sort((a, b) => a - b);
    const at = (q: number): number => sorted[Math.min(size - 1, Math.floor(q * size))] as number;
    return { p50Ms: at(0.5), p99Ms: at(0.99), samples: size };
  }
}

/** Deadline strikes inside a sliding window. */
export class Strikes {
  private times: number[] = [];

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Records a strike; true when the limit is reached inside the window. */
  add(): boolean {
    this.prune();
    this.times.push(this.now());
    return this.times.length >= this.limit;
  }

  get count(): number {
    this.prune();
    return this.times.length;
  }

  reset(): void {
    this.times = [];
  }

  private prune(): void {
    const since = this.now() - this.windowMs;
    this.times = this.times.filter((time) => time > since);
  }
}

/** The counters and gauges a component keeps about its requests. */
export class CallStats {
  readonly counters = { calls: 0, errors: 0, timeouts: 0, restarts: 0, busyRejections: 0 };
  readonly latency = new LatencyWindow();
  private peakMemory = 0;

  /** Records the linear memory an instance reported, and the component's peak across instances. */
  noteMemory(instance: { memoryBytes: number }, bytes: number, all: readonly { memoryBytes: number }[]): void {
    instance.memoryBytes = bytes;
    const total = all.reduce((sum, each) => sum + each.memoryBytes, 0);
    if (total > this.peakMemory) this.peakMemory = total;
  }

  snapshot(instances: readonly { memoryBytes: number }[]): typeof this.counters & { latency: ReturnType<LatencyWindow['summary']>; memoryBytes: number; peakMemoryBytes: number } {
    return {
      ...this.counters,
      latency: this.latency.summary(),
      memoryBytes: instances.reduce((sum, instance) => sum + instance.memoryBytes, 0),
      peakMemoryBytes: this.peakMemory,
    };
  }
}
