// Tags and cover art as ffmpeg writes them: RIFF LIST/INFO, AIFF NAME/AUTH/(c)/ANNO chunks,
// and ID3v2.3/2.4 in AIFF `ID3 ` and WAV `id3 ` chunks, with an APIC picture.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { loadFixture, MemoryInputStream, type LoadedFixture } from '../../sdk/build/testing/fake-host.ts';
import { chunk, chunksOf, concat, MediaDir, readBytes, type Hint, type Metadata, type Session } from './testing/media.ts';

interface Decoder {
  open(input: MemoryInputStream, hint: Hint): Session;
}

let fixture: LoadedFixture;
let decoder: Decoder;
let media: MediaDir;
let cover: Uint8Array;

beforeAll(async () => {
  fixture = await loadFixture(import.meta.dirname);
  decoder = fixture.exported<Decoder>('decoder');
  media = await MediaDir.create();
  await execa('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=red:s=8x8', '-frames:v', '1', media.file('cover.png')]);
  cover = await readBytes(media.file('cover.png'));
});
afterAll(async () => {
  await fixture?.dispose();
  await media?.dispose();
});

const wav: Hint = { extension: 'wav', typeId: 'wav' };
const aiff: Hint = { extension: 'aiff', typeId: 'aiff' };

function metadataOf(bytes: Uint8Array, hint: Hint): Metadata {
  const session = decoder.open(new MemoryInputStream(bytes), hint);
  try {
    return session.metadata();
  } finally {
    session[Symbol.dispose]();
  }
}

const tags = ['-metadata', 'title=Tëst tone 🎵', '-metadata', 'artist=Ärtist', '-metadata', 'album=Album', '-metadata', 'date=2021-05-01', '-metadata', 'comment=A comment', '-metadata', 'genre=Ambient', '-metadata', 'track=3/12'];

/** An AIFF with ID3 tags and the cover as an attached picture. */
async function aiffWithId3(name: string, version: 3 | 4): Promise<Uint8Array> {
  const out = media.file(name);
  await execa('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=d=0.2', '-i', media.file('cover.png'), '-map', '0', '-map', '1', '-c:v', 'copy', '-disposition:v', 'attached_pic', '-metadata:s:v', 'comment=Cover (front)', ...tags, '-write_id3v2', '1', '-id3v2_version', String(version), out]);
  return readBytes(out);
}

describe('tags', () => {
  it('reads RIFF LIST/INFO as ffmpeg writes it', async () => {
    const metadata = metadataOf(await readBytes(await media.ffmpeg('info.wav', { channels: 2, seconds: 0.5, args: tags })), wav);
    expect(metadata).toMatchObject({ title: 'Tëst tone 🎵', artist: 'Ärtist', album: 'Album', genre: 'Ambient', trackNumber: 3, trackTotal: 12, year: 2021, durationMs: 500n, pictures: [] });
    expect(metadata.tags).toEqual(expect.arrayContaining([{ key: 'comment', value: 'A comment' }, { key: 'date', value: '2021-05-01' }]));
  });

  it('reads AIFF NAME, AUTH, (c) and ANNO chunks', async () => {
    const args = ['-metadata', 'title=Náme', '-metadata', 'author=Author', '-metadata', 'copyright=CC BY', '-metadata', 'comment=Note'];
    const metadata = metadataOf(await readBytes(await media.ffmpeg('text.aiff', { channels: 1, args })), aiff);
    expect(metadata).toMatchObject({ title: 'Náme', artist: 'Author' });
    expect(metadata.tags).toEqual(expect.arrayContaining([{ key: 'copyright', value: 'CC BY' }, { key: 'comment', value: 'Note' }]));
  });

  it.each([3, 4] as const)('reads ID3v2.%i text frames and the cover picture from an AIFF ID3 chunk', async (version) => {
    const metadata = metadataOf(await aiffWithId3(`id3v2${version}.aiff`, version), aiff);
    expect(metadata).toMatchObject({ title: 'Tëst tone 🎵', artist: 'Ärtist', album: 'Album', genre: 'Ambient', trackNumber: 3, trackTotal: 12, year: 2021 });
    expect(metadata.pictures).toHaveLength(1);
    expect(metadata.pictures[0]).toMatchObject({ kind: 'front-cover', mimeType: 'image/png' });
    expect(Buffer.from(metadata.pictures[0]?.data ?? []).equals(Buffer.from(cover))).toBe(true);
  });

  it('reads an `id3 ` chunk in a WAV file, before or after the audio', async () => {
    const id3 = chunksOf(await aiffWithId3('for-wav.aiff', 4), true).find((entry) => entry.id === 'ID3 ');
    if (id3 === undefined) throw new Error('ffmpeg wrote no ID3 chunk');
    const plain = await readBytes(await media.ffmpeg('plain.wav', { channels: 1, args: [] }));
    const [fmt, data] = ['fmt ', 'data'].map((id) => chunksOf(plain).find((entry) => entry.id === id));
    if (fmt === undefined || data === undefined) throw new Error('ffmpeg wrote no fmt/data');
    for (const order of [['id3 ', 'data'], ['data', 'id3 ']]) {
      const parts = order.map((id) => (id === 'data' ? chunk('data', data.body) : chunk('id3 ', id3.body)));
      const body = concat([new TextEncoder().encode('WAVE'), chunk('fmt ', fmt.body), ...parts]);
      const metadata = metadataOf(chunk('RIFF', body), wav);
      expect(metadata).toMatchObject({ title: 'Tëst tone 🎵', trackNumber: 3, year: 2021 });
      expect(metadata.pictures[0]?.mimeType).toBe('image/png');
    }
  });
});
