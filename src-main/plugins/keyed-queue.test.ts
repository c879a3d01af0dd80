import { describe, expect, it } from 'vitest';
import { KeyedQueue } from './keyed-queue.ts';

describe('KeyedQueue', () => {
  it('runs operations on one key one at a time, in order, even when one fails', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    let running = 0;
    const op = (name: string, fail = false) => async () => {
      running++;
      log.push(`start ${name} (${running} running)`);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      log.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([queue.run('a', op('1')), queue.run('a', op('2', true)), queue.run('a', op('3'))]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(log).toEqual(['start 1 (1 running)', 'end 1', 'start 2 (1 running)', 'end 2', 'start 3 (1 running)', 'end 3']);
    expect(queue.isBusy('a')).toBe(false);
  });

  it('runs different keys side by side', async () => {
    const queue = new KeyedQueue();
    let release: () => void = () => {};
    const blocked = queue.run('a', () => new Promise<void>((resolve) => (release = resolve)));
    expect(await queue.run('b', async () => 'b ran while a was blocked')).toBe('b ran while a was blocked');
    release();
    await blocked;
    await queue.idle();
  });
});
