// The play queue's order under next/previous, repeat and shuffle, as a listener hears it.
import { describe, expect, it } from 'vitest';
import { PlayQueue } from './play-queue.ts';

const files = (...names: string[]) => names.map((name) => ({ kind: 'file' as const, path: `/music/${name}.flac` }));
const names = (queue: PlayQueue) => queue.list().map((entry) => (entry.track.kind === 'file' ? entry.track.path.slice(7, -5) : entry.track.itemId));
/** Walks `count` track ends from the current entry. */
const walk = (queue: PlayQueue, count: number) => Array.from({ length: count }, () => queue.advance()).map((entry) => (entry?.track.kind === 'file' ? entry.track.path.slice(7, -5) : undefined));

describe('PlayQueue', () => {
  it('plays in order and stops after the last track with repeat off', () => {
    const queue = new PlayQueue();
    queue.set(files('a', 'b', 'c'));
    expect(queue.current?.key).toBe('file:/music/a.flac');
    expect(walk(queue, 3)).toEqual(['b', 'c', undefined]);
    expect(queue.current?.key).toBe('file:/music/c.flac');
  });

  it('wraps with repeat all, repeats one track with repeat one unless the user skips', () => {
    const queue = new PlayQueue();
    queue.set(files('a', 'b'), 1);
    queue.repeat = 'all';
    expect(walk(queue, 3)).toEqual(['a', 'b', 'a']);
    queue.repeat = 'one';
    expect(walk(queue, 2)).toEqual(['a', 'a']);
    expect(queue.advance(true)?.key).toBe('file:/music/b.flac');
  });

  it('goes back, and wraps backwards only with repeat all', () => {
    const queue = new PlayQueue();
    queue.set(files('a', 'b'));
    expect(queue.back()?.key).toBe('file:/music/a.flac');
    queue.repeat = 'all';
    expect(queue.back()?.key).toBe('file:/music/b.flac');
  });

  it('shuffles everything after the current track, every track once, and unshuffles back to the user order', () => {
    let seed = 7;
    const queue = new PlayQueue(() => ((seed = (seed * 48271) % 2147483647) / 2147483647));
    queue.set(files('a', 'b', 'c', 'd', 'e', 'f'), 2);
    queue.setShuffle(true);
    expect(queue.current?.key).toBe('file:/music/c.flac');
    expect(names(queue)[0]).toBe('c');
    expect([...names(queue)].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(names(queue)).not.toEqual(['c', 'a', 'b', 'd', 'e', 'f']);
    queue.setShuffle(false);
    expect(names(queue)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(queue.current?.key).toBe('file:/music/c.flac');
  });

  it('gives every entry an id, even the same track twice, and jumps by id', () => {
    const queue = new PlayQueue();
    const [first, second] = queue.set(files('a', 'a'));
    expect(first?.id).not.toBe(second?.id);
    expect(queue.jump(second?.id ?? 0)).toBe(second);
    const [added] = queue.add([{ track: { kind: 'source', pluginId: 'org.x', itemId: 'ep1' }, decoder: { pluginId: 'org.fugue.wav', typeId: 'wav' } }]);
    expect(added?.key).toBe('source:org.x:ep1');
    expect(queue.peekNext()).toBe(added);
  });
});
