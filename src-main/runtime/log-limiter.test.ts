import { describe, expect, it } from 'vitest';
import { LogLimiter } from './log-limiter.ts';

describe('LogLimiter', () => {
  it('passes a burst, drops the excess, and reports the count once before the next line that fits', () => {
    let now = 0;
    const lines: string[] = [];
    const limiter = new LogLimiter({ perSecond: 2, burst: 3 }, (level, message) => lines.push(`${level}: ${message}`), (message) => lines.push(`notice: ${message}`), false, () => now);
    for (let index = 0; index < 10; index += 1) limiter.log('info', `line ${index}`);
    expect(lines).toEqual(['info: line 0', 'info: line 1', 'info: line 2']);
    now = 500;
    limiter.log('info', 'later');
    expect(lines.slice(3)).toEqual(['notice: 7 log messages dropped (the plugin logged faster than 2 per second)', 'info: later']);
    limiter.flush();
    expect(lines).toHaveLength(5);
  });
});
