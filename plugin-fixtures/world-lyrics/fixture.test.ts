// The word-lyrics fixture, built from AssemblyScript and called through the lyrics-plugin world.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixture, type LoadedFixture } from '../../sdk/build/testing/fake-host.ts';

interface Query {
  title: string;
  artist?: string;
  album?: string;
  durationMs?: bigint;
  filePath?: string;
}
interface Lyrics {
  find(query: Query): { body: { tag: string; val?: unknown }; provider: string; language?: string } | undefined;
}

let fixture: LoadedFixture;
let lyrics: Lyrics;

beforeAll(async () => {
  fixture = await loadFixture(import.meta.dirname);
  lyrics = fixture.exported<Lyrics>('lyrics');
});
afterAll(() => fixture?.dispose());

describe('world-lyrics fixture (word lyrics)', () => {
  it('logs when enabled', () => {
    fixture.exported<{ onEnable(): void }>('lifecycle').onEnable();
    expect(fixture.host.logs).toEqual([{ level: 'info', message: 'word lyrics enabled' }]);
  });

  it('returns synced lines with start times', () => {
    const result = lyrics.find({ title: 'Hello  brave new wörld', artist: 'Fixtures', durationMs: 1000n });
    expect(result).toEqual({
      body: {
        tag: 'synced',
        val: [
          { startMs: 0n, text: 'Hello' },
          { startMs: 1000n, text: 'brave' },
          { startMs: 2000n, text: 'new' },
          { startMs: 3000n, text: 'wörld' },
        ],
      },
      provider: 'Fixture words',
      language: 'en',
    });
    expect(fixture.host.logs.at(-1)).toEqual({ level: 'debug', message: 'lyrics for Hello  brave new wörld by Fixtures' });
  });

  it('applies the line length setting', () => {
    const settings = fixture.exported<{ apply(typeId: string, values: unknown[]): string }>('settings');
    expect(settings.apply('words', [{ key: 'line_ms', value: { tag: 'integer', val: 250n } }])).toBe('applied');
    const result = lyrics.find({ title: 'a b c' });
    expect(result?.body.val).toEqual([
      { startMs: 0n, text: 'a' },
      { startMs: 250n, text: 'b' },
      { startMs: 500n, text: 'c' },
    ]);
    expect(() => settings.apply('words', [{ key: 'line_ms', value: { tag: 'text', val: 'long' } }])).toThrow(expect.objectContaining({ payload: expect.objectContaining({ code: 'invalid-argument' }) }));
  });

  it('answers instrumental, not found and invalid queries', () => {
    expect(lyrics.find({ title: 'Instrumental' })).toEqual({ body: { tag: 'instrumental' }, provider: 'Fixture words', language: 'en' });
    expect(lyrics.find({ title: 'Unknown' })).toBeUndefined();
    expect(() => lyrics.find({ title: '   ' })).toThrow(expect.objectContaining({ payload: { code: 'invalid-argument', message: 'a title is needed to look up lyrics' } }));
  });
});
