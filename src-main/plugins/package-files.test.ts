import { symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatIssue } from '../../src-shared/manifest/index.ts';
import { DEFAULT_PACKAGE_LIMITS, openPackage } from './package-files.ts';
import { buildRawZip, type RawZipEntry } from './test-support/raw-zip.ts';
import { componentBytes, goodPackage, tempDir, writeFolder } from './test-support/packages.ts';

let dir: string;
let remove: () => Promise<void>;
beforeEach(async () => ({ dir, remove } = await tempDir()));
afterEach(async () => remove());

const manifest = { name: 'plugin.json', data: Buffer.from(goodPackage()['plugin.json'] as string) };
const wasm = { name: 'gain.wasm', data: componentBytes() };

/** Opens a hand-built zip and returns its problems as printed lines ([] when it opened). */
async function zipProblems(entries: RawZipEntry[]): Promise<string[]> {
  const file = join(dir, 'plugin.zip');
  await writeFile(file, buildRawZip(entries));
  const result = await openPackage(file);
  if (result.ok) {
    await result.files.dispose();
    return [];
  }
  return result.issues.map(formatIssue);
}

interface HostileZip {
  name: string;
  entries: RawZipEntry[];
  problem: string;
}

const hostileZips: HostileZip[] = [
  { name: 'zip-slip with ../', entries: [manifest, { name: '../../.bashrc', data: Buffer.from('x') }], problem: 'package: entry "../../.bashrc" contains a ".." segment' },
  { name: 'zip-slip hidden mid-path', entries: [manifest, { name: 'lib/../../evil.sh' }], problem: 'entry "lib/../../evil.sh" contains a ".." segment' },
  { name: 'absolute name', entries: [manifest, { name: '/etc/cron.d/evil' }], problem: 'entry "/etc/cron.d/evil" is absolute' },
  { name: 'backslash name', entries: [manifest, { name: '..\\..\\evil.dll' }], problem: 'entry "..\\..\\evil.dll" uses a backslash' },
  { name: 'drive letter', entries: [manifest, { name: 'C:/Windows/evil.dll' }], problem: 'entry "C:/Windows/evil.dll" starts with a drive letter' },
  { name: 'symlink entry', entries: [manifest, { ...wasm, data: Buffer.from('/etc/passwd'), unixMode: 0o120777 }], problem: 'entry "gain.wasm" is a symbolic link' },
  { name: 'character device', entries: [manifest, { name: 'tty', unixMode: 0o020666 }], problem: 'entry "tty" is a device, pipe or socket' },
  { name: 'named pipe', entries: [manifest, { name: 'pipe', unixMode: 0o010644 }], problem: 'entry "pipe" is a device, pipe or socket' },
  { name: 'encrypted entry', entries: [manifest, { ...wasm, deflate: true, flags: 0x1 }], problem: 'entry "gain.wasm" is encrypted' },
  { name: 'names differing only in case', entries: [manifest, wasm, { ...wasm, name: 'GAIN.wasm' }], problem: 'entry "GAIN.wasm" has the same name as "gain.wasm" (ignoring case)' },
  { name: 'compression bomb', entries: [manifest, { name: 'zeros.bin', data: new Uint8Array(4 * 1024 * 1024), deflate: true }], problem: 'entry "zeros.bin" expands 1' },
  { name: 'declared sizes past the total limit', entries: [manifest, { name: 'a.bin', deflate: true, declaredUncompressedSize: 150 * 1024 * 1024 }, { name: 'b.bin', deflate: true, declaredUncompressedSize: 150 * 1024 * 1024 }], problem: 'package: holds more than 200 MB of files, the limit for a package' },
  { name: 'too many entries', entries: [manifest, ...Array.from({ length: 1000 }, (_, i) => ({ name: `f${i}.txt` }))], problem: 'package: has more than 1000 files and folders, the limit for a package' },
];

describe('openPackage: hostile zips are refused, naming the entry and the rule', () => {
  it.each(hostileZips)('$name', async ({ entries, problem }) => {
    const problems = await zipProblems(entries);
    expect(problems.join('\n')).toContain(problem);
  });

  it('says which compression-ratio limit was passed', async () => {
    const problems = await zipProblems([{ name: 'zeros.bin', data: new Uint8Array(4 * 1024 * 1024), deflate: true }]);
    expect(problems[0]).toMatch(/expands \d+:1, past the 100:1 compression-ratio limit/);
  });

  it('lists every bad entry, each on its own line', async () => {
    const problems = await zipProblems([manifest, { name: '../a' }, { name: '/b' }, { name: 'c', unixMode: 0o120777 }]);
    expect(problems).toHaveLength(3);
  });

  it('accepts a well-formed zip and lists its files by normalised path', async () => {
    const file = join(dir, 'ok.zip');
    await writeFile(file, buildRawZip([manifest, { name: 'lib/', unixMode: 0o040755 }, { name: 'lib/gain.wasm', data: componentBytes() }]));
    const result = await openPackage(file);
    expect(result.ok && [...result.files.entries.keys()]).toEqual(['plugin.json', 'lib', 'lib/gain.wasm']);
    if (result.ok) await result.files.dispose();
  });

  it('refuses a file that is not a zip', async () => {
    const file = join(dir, 'plugin.zip');
    await writeFile(file, 'not a zip');
    const result = await openPackage(file);
    expect(result.ok ? '' : formatIssue(result.issues[0]!)).toMatch(/^package: ".*plugin\.zip" is not a readable \.zip file/);
  });
});

describe('openPackage: folders', () => {
  it('refuses a symbolic link, even one the manifest points at', async () => {
    await writeFolder(dir, { 'plugin.json': goodPackage()['plugin.json'] as string, 'outside.wasm': componentBytes() });
    await symlink(join(dir, 'outside.wasm'), join(dir, 'gain.wasm'));
    const result = await openPackage(dir);
    expect(result.ok ? [] : result.issues.map(formatIssue)).toEqual([
      'package: "gain.wasm" is a symbolic link; a package may hold only regular files and folders',
    ]);
  });

  it('refuses a named pipe', async () => {
    await writeFolder(dir, goodPackage());
    await execa('mkfifo', [join(dir, 'control')]);
    const result = await openPackage(dir);
    expect(result.ok ? [] : result.issues.map(formatIssue)).toEqual([
      'package: "control" is a device, pipe or socket; a package may hold only regular files and folders',
    ]);
  });

  it('stops at the entry limit and says so', async () => {
    await writeFolder(dir, Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`sub/f${i}.txt`, 'x'])));
    const result = await openPackage(dir, { ...DEFAULT_PACKAGE_LIMITS, maxEntries: 10 });
    expect(result.ok ? '' : result.issues[0]?.message).toContain('has more than 10 files and folders');
  });

  it('says when the path does not exist', async () => {
    const result = await openPackage(join(dir, 'nope'));
    expect(result.ok ? undefined : result.issues[0]).toMatchObject({ code: 'not-found', message: expect.stringContaining('does not exist') });
  });
});
