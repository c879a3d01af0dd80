/**
 * A temp music folder for the library tests, generated with sox, flac and ffmpeg: tagged
 * FLAC (with an embedded picture, tracks out of file-name order, two discs), MP3 with
 * ID3v2.3 and an APIC cover, WAV with RIFF INFO tags, untagged WAV named only by folders
 * (with a cover.jpg), Opus with Vorbis comments, AAC in MP4 with iTunes tags and a cover,
 * and a folder outside the chosen ones.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export class MusicFolder {
  private constructor(
    readonly root: string,
    /** The folder a user chose. */
    readonly music: string,
    /** A folder nobody chose (its files must stay unreadable). */
    readonly outside: string,
    readonly coverPng: Uint8Array,
    readonly coverJpg: Uint8Array,
  ) {}

  static async create(): Promise<MusicFolder> {
    const root = await mkdtemp(join(tmpdir(), 'fugue-library-'));
    const [music, outside] = [join(root, 'music'), join(root, 'outside')];
    await mkdir(music);
    await mkdir(outside);
    await run('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'color=red:s=8x8', '-frames:v', '1', join(root, 'cover.png')]);
    await run('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'color=blue:s=8x8', '-frames:v', '1', join(root, 'cover.jpg')]);
    await run('sox', ['-n', '-r', '44100', '-c', '2', '-b', '16', join(root, 'tone.wav'), 'synth', '0.25', 'sine', '440']);
    const folder = new MusicFolder(root, music, outside, new Uint8Array(await readFile(join(root, 'cover.png'))), new Uint8Array(await readFile(join(root, 'cover.jpg'))));
    await Promise.all([folder.flacAlbum(), folder.mp3Album(), folder.untagged(), folder.infoTagged(), folder.m4a(), folder.untaggedAt(join(outside, 'Secret', 'Hidden Album', '01 Secret.wav'))]);
    await writeFile(join(music, 'notes.txt'), 'not music');
    return folder;
  }

  get tone(): string {
    return join(this.root, 'tone.wav');
  }

  /** FLAC files named against their tag order: numeric track order and disc 2 last. */
  private async flacAlbum(): Promise<void> {
    const album = join(this.music, 'Alpha Band', 'First Light');
    await mkdir(album, { recursive: true });
    const common = ['-T', 'ARTIST=Alpha Band', '-T', 'ALBUM=First Light', '-T', 'DATE=2001-05-04', '-T', 'GENRE=Ambient'];
    const tracks: [string, ...string[]][] = [
      ['a.flac', 'TITLE=Ten Past', 'TRACKNUMBER=10', 'DISCNUMBER=1'],
      ['b.flac', 'TITLE=Encore Été', 'TRACKNUMBER=1', 'DISCNUMBER=2'],
      ['c.flac', 'TITLE=Two Steps', 'TRACKNUMBER=2/12', 'DISCNUMBER=1'],
    ];
    for (const [name, ...tags] of tracks) {
      const picture = name === 'a.flac' ? [`--picture=3||Front||${join(this.root, 'cover.png')}`] : [];
      await run('flac', ['-s', '-f', ...common, ...tags.flatMap((tag) => ['-T', tag]), ...picture, '-o', join(album, name), this.tone]);
    }
  }

  private async mp3Album(): Promise<void> {
    const album = join(this.music, 'beta', 'misc');
    await mkdir(album, { recursive: true });
    const tracks: [string, string, string][] = [['moon.mp3', 'Moonrise', '1/2'], ['star.mp3', 'Starfall', '2/2']];
    for (const [name, title, track] of tracks) {
      await run('ffmpeg', [
        '-v', 'error', '-i', this.tone, '-i', join(this.root, 'cover.png'), '-map', '0', '-map', '1', '-c:v', 'copy', '-id3v2_version', '3',
        '-metadata', `title=${title}`, '-metadata', 'artist=Beta Crew', '-metadata', 'album=Midnight Songs', '-metadata', `track=${track}`,
        '-metadata', 'date=1999', '-metadata:s:v', 'comment=Cover (front)', join(album, name),
      ]);
    }
  }

  /** No tags at all: names come from `Artist/Album/NN Title.wav`; the art from cover.jpg. */
  private async untagged(): Promise<void> {
    await this.untaggedAt(join(this.music, 'Folder Artist', 'Fólder Album', '03 - Named From Folder.wav'));
    await this.untaggedAt(join(this.music, 'Folder Artist', 'Fólder Album', '01 Opening.wav'));
    await copyFile(join(this.root, 'cover.jpg'), join(this.music, 'Folder Artist', 'Fólder Album', 'cover.jpg'));
  }

  private async infoTagged(): Promise<void> {
    await mkdir(join(this.music, 'Loose'), { recursive: true });
    await run('ffmpeg', ['-v', 'error', '-i', this.tone, '-metadata', 'title=Info Title', '-metadata', 'artist=Gamma', '-metadata', 'album=Info Album', join(this.music, 'Loose', 'x.wav')]);
    const vorbisComments = ['-metadata', 'title=Opus Opening', '-metadata', 'artist=Gamma', '-metadata', 'album=Info Album', '-metadata', 'TRACKNUMBER=1'];
    await run('ffmpeg', ['-v', 'error', '-i', this.tone, '-c:a', 'libopus', ...vorbisComments, join(this.music, 'Loose', 'y.opus')]);
  }

  /** AAC in MP4 with iTunes-style tags and a `covr` picture. */
  private async m4a(): Promise<void> {
    const album = join(this.music, 'Delta', 'Boxes');
    await mkdir(album, { recursive: true });
    await run('ffmpeg', [
      '-v', 'error', '-i', this.tone, '-i', join(this.root, 'cover.png'), '-map', '0', '-map', '1', '-c:a', 'aac', '-c:v', 'copy', '-disposition:v', 'attached_pic',
      '-metadata', 'title=Boxed In', '-metadata', 'artist=Delta', '-metadata', 'album=Mp4 Album', '-metadata', 'track=4/9', '-metadata', 'date=2011', join(album, 'boxed.m4a'),
    ]);
  }

  async untaggedAt(path: string): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    await copyFile(this.tone, path);
  }

  async dispose(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}
