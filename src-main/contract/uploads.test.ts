import { expect, it } from 'vitest';
import { UploadStore } from './uploads.ts';

it('hands each upload out once, forgets old ones, and keeps only the newest few', () => {
  let now = 0;
  const store = new UploadStore({ maxUploads: 2, maxAgeMs: 1000, now: () => now });
  const first = store.put(new Uint8Array([1]), 'a.zip');
  expect(store.take(first)).toMatchObject({ name: 'a.zip', bytes: new Uint8Array([1]) });
  expect(() => store.take(first)).toThrow(/upload the package again/);

  const old = store.put(new Uint8Array([2]), 'old.zip');
  now = 1001;
  expect(() => store.take(old)).toThrow(expect.objectContaining({ code: 'not-found' }));

  const [a, b, c] = ['a', 'b', 'c'].map((name) => store.put(new Uint8Array([3]), `${name}.zip`));
  expect(() => store.take(a as string)).toThrow(expect.objectContaining({ code: 'not-found' }));
  expect(store.take(b as string).name).toBe('b.zip');
  expect(store.take(c as string).name).toBe('c.zip');
});
