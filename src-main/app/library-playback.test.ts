// A track from the music-library source plays: the folder the user chose in the library's
// settings is what the library may read and what the player accepts from it; the decoder
// reads the file the library resolved. A folder the user did not choose is refused.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildPlugin } from '../../sdk/build/build-plugin.ts';
import { REPO_ROOT } from '../../sdk/build/plugin.ts';
import type { PlayerEvent } from '../audio/player.ts';
import { readWav } from '../audio/testing/read-wav.ts';
import { grantAllDeclared } from '../plugins/consent.ts';
import { grantedFolders } from '../plugins/plugin-grants.ts';
import { ServicesHarness } from '../plugins/test-support/services.ts';
import { Playback } from './playback.ts';

const LIBRARY = 'org.fugue.library';
let harness: ServicesHarness;
let work: string;
let music: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fugue-library-playback-'));
  music = join(work, 'Music');
  await mkdir(join(music, 'Ada', 'Tones'), { recursive: true });
  await execa('sox', ['-n', '-r', '44100', '-c', '2', '-b', '16', join(music, 'Ada', 'Tones', '01 Low.flac'), 'synth', '0.5', 'sine', '220', 'vol', '0.5']);
  await execa('metaflac', ['--set-tag=TITLE=Low', '--set-tag=ARTIST=Ada', '--set-tag=ALBUM=Tones', '--set-tag=TRACKNUMBER=1', join(music, 'Ada', 'Tones', '01 Low.flac')]);
  harness = await ServicesHarness.create();
  for (const name of ['library', 'flac']) await harness.installer.install({ kind: 'path', path: (await buildPlugin(join(REPO_ROOT, 'plugins', name))).packagePath }, { onConsent: grantAllDeclared });
}, 120_000);
afterAll(async () => {
  await harness?.dispose();
  await rm(work, { recursive: true, force: true });
});

interface Page {
  items: { id: string; kind: string; title: string; playable: boolean }[];
}

it('finds a track in the chosen folder and plays it through the FLAC decoder', async () => {
  await harness.services.saveSettings(LIBRARY, 'library', { folders: [music] });
  expect(grantedFolders(harness.catalog, LIBRARY)).toEqual([music]);
  const found = (await harness.host.call(LIBRARY, 'source', 'search', ['low', undefined])) as Page;
  const track = found.items.find((item) => item.kind === 'track');
  expect(track).toMatchObject({ title: 'Low', playable: true });

  const out = join(work, 'out.wav');
  const playback = new Playback({ host: harness.host, sink: `wav:${out}`, sourceRoots: (pluginId) => grantedFolders(harness.catalog, pluginId) });
  const events: PlayerEvent[] = [];
  try {
    const ended = new Promise<void>((resolve) => playback.player.on((event) => (events.push(event), event.type === 'queue-ended' && resolve())));
    await playback.player.playTracks([{ kind: 'source', pluginId: LIBRARY, itemId: track?.id ?? '' }]);
    await ended;
  } finally {
    await playback.dispose();
  }
  expect(events.filter((event) => event.type === 'track-error')).toEqual([]);
  // The file it resolved to travels with the track, so lyrics can be looked up beside it.
  expect(events.find((event) => event.type === 'track-changed')).toMatchObject({
    metadata: { title: 'Low', artist: 'Ada' },
    decoder: { pluginId: 'org.fugue.flac' },
    filePath: join(music, 'Ada', 'Tones', '01 Low.flac'),
  });
  expect(readWav(out).samples.length).toBe(2 * 22_050);
});

it('refuses a source track outside the folders chosen for the source', async () => {
  await harness.services.saveSettings(LIBRARY, 'library', { folders: [music] });
  const found = (await harness.host.call(LIBRARY, 'source', 'search', ['low', undefined])) as Page;
  const playback = new Playback({ host: harness.host, sink: 'null', sourceRoots: () => [join(work, 'elsewhere')] });
  try {
    const failed = new Promise<PlayerEvent>((resolve) => playback.player.on((event) => event.type === 'track-error' && resolve(event)));
    await playback.player.playTracks([{ kind: 'source', pluginId: LIBRARY, itemId: found.items.find((item) => item.kind === 'track')?.id ?? '' }]);
    expect(await failed).toMatchObject({ error: { code: 'denied', message: expect.stringContaining('outside the folders you gave it') } });
  } finally {
    await playback.dispose();
  }
});
