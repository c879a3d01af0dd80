/**
 * When a sidecar declared `restart: "on-failure"` crashes (a non-zero exit or a signal
 * that the host did not ask for), it is started again after 100 ms, 200 ms, 400 ms, …
 * (capped), as long as it crashed at most `maxRestarts` times within `windowMs`; past
 * that it is marked failed and stays down until the plugin spawns it again.
 */

export interface RestartLimits {
  /** Restarts allowed within the window; the next crash marks the sidecar failed. Default 5. */
  maxRestarts?: number;
  /** Default 60 s. */
  windowMs?: number;
  /** First backoff; doubled at each crash within the window. Default 100 ms. */
  baseDelayMs?: number;
  /** Default 5 s. */
  maxDelayMs?: number;
}

export type RestartDecision = { restart: true; delayMs: number; attempt: number; of: number } | { restart: false; crashes: number };

export class RestartPolicy {
  private crashes: number[] = [];
  private readonly maxRestarts: number;
  private readonly windowMs: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(limits: RestartLimits = {}) {
    this.maxRestarts = limits.maxRestarts ?? 5;
    this.windowMs = limits.windowMs ?? 60_000;
    this.baseDelayMs = limits.baseDelayMs ?? 100;
    this.maxDelayMs = limits.maxDelayMs ?? 5000;
  }

  get window(): number {
    return this.windowMs;
  }

  /** Records a crash at `now` and says whether (and when) to start again. */
  onCrash(now: number): RestartDecision {
    this.crashes = this.crashes.filter((at) => now - at < this.windowMs);
    this.crashes.push(now);
    const attempt = this.crashes.length;
    if (attempt > this.maxRestarts) return { restart: false, crashes: attempt };
    const delayMs = Math.min(this.baseDelayMs * 2 ** (attempt - 1), this.maxDelayMs);
    return { restart: true, delayMs, attempt, of: this.maxRestarts };
  }
}
