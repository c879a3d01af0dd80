import { describe, expect, it } from 'vitest';
import { DisposableStore, toDisposable } from './disposable.ts';

describe('DisposableStore', () => {
  it('releases in reverse order of registration, once', async () => {
    const released: string[] = [];
    const store = new DisposableStore();
    store.add(toDisposable(() => void released.push('worker')));
    store.add(toDisposable(() => void released.push('sidecar')));
    await store.dispose();
    await store.dispose();
    expect(released).toEqual(['sidecar', 'worker']);
  });

  it('disposes a newcomer at once when the store is already disposed', async () => {
    const store = new DisposableStore();
    await store.dispose();
    let released = false;
    store.add(toDisposable(() => void (released = true)));
    expect(released).toBe(true);
    expect(store.size).toBe(0);
  });

  it('tries every item and reports all failures together', async () => {
    const store = new DisposableStore();
    let reachedFirst = false;
    store.add(toDisposable(() => void (reachedFirst = true)));
    store.add(toDisposable(() => { throw new Error('watcher would not close'); }));
    store.add(toDisposable(() => { throw new Error('db handle busy'); }));
    await expect(store.dispose()).rejects.toThrow(/2 disposables failed/);
    expect(reachedFirst).toBe(true);
  });
});
