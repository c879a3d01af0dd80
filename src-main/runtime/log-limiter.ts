/**
 * Per-plugin log rate limit: a token bucket. Messages past the budget are dropped and
 * counted; the count is reported once, as a single "N messages dropped" notice, before
 * the next message that fits, when the owner flushes, or after a second at the latest
 * (when `flushLater` is on). Used inside workers (per instance, so a flood never
 * reaches the message channel) and in the main thread (per component, across its
 * instances). Notices are not themselves rate-limited.
 */
import type { LogRate } from './protocol.ts';

export const DEFAULT_LOG_RATE: LogRate = { perSecond: 100, burst: 500 };

export type LogWrite = (level: string, message: string) => void;

const LATE_FLUSH_MS = 1000;

export class LogLimiter {
  private tokens: number;
  private last: number;
  private dropped = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly rate: LogRate,
    private readonly write: LogWrite,
    private readonly notice: (message: string) => void,
    private readonly flushLater = false,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = rate.burst;
    this.last = now();
  }

  log(level: string, message: string): void {
    this.refill();
    if (this.tokens < 1) {
      this.dropped += 1;
      if (this.flushLater && !this.timer) this.timer = setTimeout(() => this.flush(), LATE_FLUSH_MS).unref();
      return;
    }
    this.tokens -= 1;
    this.flush();
    this.write(level, message);
  }

  /** Reports the dropped count, if any. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.dropped === 0) return;
    const count = this.dropped;
    this.dropped = 0;
    this.notice(`${count} log message${count === 1 ? '' : 's'} dropped (the plugin logged faster than ${this.rate.perSecond} per second)`);
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.rate.burst, this.tokens + ((now - this.last) / 1000) * this.rate.perSecond);
    this.last = now;
  }
}
