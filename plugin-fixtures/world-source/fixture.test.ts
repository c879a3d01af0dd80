// The fixed-catalog source fixture, built from AssemblyScript and called through the
// source-plugin world.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixture, type LoadedFixture } from '../../sdk/build/testing/fake-host.ts';

interface Item {
  id: string;
  kind: string;
  title: string;
  subtitle?: string;
  durationMs?: bigint;
  playable: boolean;
  hasChildren: boolean;
}
interface Page {
  items: Item[];
  nextCursor?: string;
}
type Target = { tag: 'root' } | { tag: 'item'; val: string };
interface Source {
  browse(target: Target, cursor?: string): Page;
  search(query: string, cursor?: string): Page;
  resolve(itemId: string): { location: { tag: string; val: string }; metadata: Record<string, unknown>; extensionHint?: string };
  artwork(itemId: string): { kind: string; mimeType: string; description: string; data: Uint8Array } | undefined;
}

let fixture: LoadedFixture;
let source: Source;

beforeAll(async () => {
  fixture = await loadFixture(import.meta.dirname);
  source = fixture.exported<Source>('source');
});
afterAll(() => fixture?.dispose());

describe('world-source fixture (fixed catalog)', () => {
  it('logs when enabled', () => {
    fixture.exported<{ onEnable(): void }>('lifecycle').onEnable();
    expect(fixture.host.logs).toEqual([{ level: 'info', message: 'fixed catalog enabled with 2 albums' }]);
  });

  it('lists albums at the root and their tracks one level down, in pages', () => {
    const root = source.browse({ tag: 'root' });
    expect(root.items.map((item) => [item.id, item.kind, item.title, item.hasChildren, item.playable])).toEqual([
      ['album-1', 'album', 'Fïrst Album', true, false],
      ['album-2', 'album', 'Second Album', true, false],
    ]);
    expect(root.nextCursor).toBeUndefined();
    const first = source.browse({ tag: 'item', val: 'album-1' });
    expect(first.items.map((item) => item.title)).toEqual(['Opening', 'Middle 🎵']);
    expect(first.items[1]).toMatchObject({ kind: 'track', subtitle: 'Fïrst Album', durationMs: 125_500n, playable: true, hasChildren: false });
    expect(first.nextCursor).toBe('2');
    const second = source.browse({ tag: 'item', val: 'album-1' }, first.nextCursor);
    expect(second.items.map((item) => item.id)).toEqual(['track-1-3']);
    expect(second.nextCursor).toBeUndefined();
  });

  it('searches track titles case-insensitively', () => {
    expect(source.search('RE').items.map((item) => item.id)).toEqual(['track-2-1']);
    expect(source.search('i').items.map((item) => item.id)).toEqual(['track-1-1', 'track-1-2']);
    expect(source.search('nothing like this').items).toEqual([]);
  });

  it('resolves tracks to locations with typed metadata', () => {
    const resolved = source.resolve('track-1-2');
    expect(resolved.location).toEqual({ tag: 'file', val: '/music/fixtures/album-1/track-1-2.fraw' });
    expect(resolved.extensionHint).toBe('fraw');
    expect(resolved.metadata).toMatchObject({ title: 'Middle 🎵', artist: 'The Fixtures', album: 'Fïrst Album', trackNumber: 2, trackTotal: 3, durationMs: 125_500n, tags: [], pictures: [] });
    expect(() => source.resolve('album-1')).toThrow(expect.objectContaining({ payload: { code: 'not-found', message: 'no playable item album-1' } }));
  });

  it('serves album artwork and none for tracks', () => {
    const picture = source.artwork('album-2');
    expect(picture).toMatchObject({ kind: 'front-cover', mimeType: 'image/png', description: 'Second Album' });
    expect(Array.from(picture?.data.subarray(0, 4) ?? [])).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(new TextDecoder().decode(picture?.data.subarray(8))).toBe('album-2');
    expect(source.artwork('track-1-1')).toBeUndefined();
  });

  it('reports unknown items and bad cursors as plugin errors', () => {
    expect(() => source.browse({ tag: 'item', val: 'nope' })).toThrow(expect.objectContaining({ payload: expect.objectContaining({ code: 'not-found' }) }));
    expect(() => source.browse({ tag: 'root' }, '99')).toThrow(expect.objectContaining({ payload: expect.objectContaining({ code: 'invalid-argument' }) }));
  });
});
