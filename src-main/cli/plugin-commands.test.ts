// The `fugue plugin` management commands, run as the real binary in child processes
// over a temp data folder (the prompt is tested in-process with an injected terminal).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildRawZip } from '../plugins/test-support/raw-zip.ts';
import { unpackWith, versionedPackage } from '../plugins/test-support/services.ts';
import { runPluginInstall } from './plugin-install.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const ID = 'org.fugue.fixture.versioned';

let work: string;
let dataDir: string;
let packages: { v1: string; v2: string; withPermissions: string };
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'fugue-cli-'));
  const v1 = await versionedPackage('1.0.0', work);
  packages = {
    v1,
    v2: await versionedPackage('2.0.0', work),
    withPermissions: await unpackWith(v1, join(work, 'perm'), (manifest) => {
      manifest.permissions = { network: [{ host: 'lrclib.net', reason: 'to fetch lyrics' }], storage: { quota_kb: 16, reason: 'to cache lyrics' } };
    }),
  };
});
afterAll(async () => rm(work, { recursive: true, force: true }));
beforeEach(async () => {
  dataDir = await mkdtemp(join(work, 'data-'));
});

/** Runs the real `fugue` binary with `--data-dir`; stdin is not a terminal. */
function fugue(...args: string[]) {
  return execa('node', ['bin/fugue.mjs', 'plugin', ...args, '--data-dir', dataDir], { cwd: repo, reject: false, stdin: 'ignore' });
}

describe('fugue plugin install, list, info, disable, enable, events, uninstall', () => {
  it('round-trips a plugin through every command with exit code 0', async () => {
    const installed = await fugue('install', packages.v1);
    expect([installed.exitCode, installed.stdout, installed.stderr]).toEqual([0, `installed ${ID} 1.0.0`, '']);
    expect((await fugue('list')).stdout).toBe(`${ID}  1.0.0     unverified  active`);
    const info = JSON.parse((await fugue('info', ID, '--json')).stdout);
    expect(info).toMatchObject({ id: ID, version: '1.0.0', name: 'Versioned lyrics', components: [{ id: 'lyrics', world: 'lyrics-plugin', abilities: ['lyrics:versioned'] }] });
    expect((await fugue('disable', ID)).stdout).toBe(`disabled ${ID} 1.0.0`);
    expect(JSON.parse((await fugue('list', '--json')).stdout)).toMatchObject([{ id: ID, desired: 'disabled', lifecycle: 'disabled' }]);
    expect((await fugue('enable', ID)).stdout).toBe(`enabled ${ID} 1.0.0`);
    const updated = await fugue('install', packages.v2);
    expect(updated.stdout).toBe(`updated ${ID} 1.0.0 → 2.0.0`);
    const events = (await fugue('events', ID)).stdout.split('\n');
    expect(events.map((line) => line.split(/\s{2,}/).slice(1))).toEqual([
      ['installed', '1.0.0', 'installed 1.0.0'],
      ['disabled', '1.0.0', 'disabled'],
      ['enabled', '1.0.0', 'enabled'],
      ['updated', '2.0.0', 'updated 1.0.0 → 2.0.0'],
    ]);
    expect((await fugue('uninstall', ID)).stdout).toBe(`uninstalled ${ID}`);
    expect((await fugue('list')).stdout).toBe('no plugins installed; "fugue plugin install <zip-or-folder>" installs one');
  });
});

describe('failures say what happened and what to do, with a non-zero exit', () => {
  it('a hostile zip is refused with each problem on its own line', async () => {
    const zip = join(work, 'slip.zip');
    await writeFile(zip, buildRawZip([{ name: 'plugin.json', data: new TextEncoder().encode('{}') }, { name: '../../evil.sh', data: new Uint8Array([1]) }]));
    const result = await fugue('install', zip);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.split('\n')).toEqual([
      'fugue plugin install: the package was refused and nothing was changed:',
      '  package: entry "../../evil.sh" contains a ".." segment; every file must stay inside the package root',
    ]);
    expect((await fugue('list', '--json')).stdout).toBe('[]');
  });

  it('permissions without --yes and without a terminal are refused; --yes grants them', async () => {
    const refused = await fugue('install', packages.withPermissions);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('asks for permissions that need your consent (network access to lrclib.net (to fetch lyrics); 16 KB of storage (to cache lyrics))');
    expect(refused.stderr).toContain('stdin is not a terminal, so fugue cannot ask; pass --yes to grant the permissions the plugin declares');
    const granted = await fugue('install', packages.withPermissions, '--yes');
    expect(granted.exitCode).toBe(0);
    expect(granted.stdout.split('\n')).toEqual([
      `installed ${ID} 1.0.0`,
      '  granted: network:lrclib.net — network access to lrclib.net (to fetch lyrics)',
      '  granted: storage — 16 KB of storage (to cache lyrics)',
    ]);
    expect((await fugue('revoke', ID, 'network:lrclib.net')).stdout).toBe(`revoked network:lrclib.net for ${ID}`);
    expect(JSON.parse((await fugue('info', ID, '--json')).stdout).permissions).toMatchObject([
      { key: 'network:lrclib.net', granted: false },
      { key: 'storage', granted: true },
    ]);
    const unknown = await fugue('grant', ID, 'network:evil.example');
    expect([unknown.exitCode, unknown.stderr]).toEqual([1, `fugue plugin grant: ${ID} does not declare the permission "network:evil.example"; it declares: network:lrclib.net, storage`]);
  });

  it('a downgrade needs --allow-downgrade', async () => {
    await fugue('install', packages.v2);
    const refused = await fugue('install', packages.v1);
    expect([refused.exitCode, refused.stderr]).toEqual([1, `fugue plugin install: ${ID} 1.0.0 is older than the installed 2.0.0; to go back to it, install again allowing a downgrade (--allow-downgrade)`]);
    const allowed = await fugue('install', packages.v1, '--allow-downgrade');
    expect(allowed.stdout).toBe(`downgraded ${ID} 2.0.0 → 1.0.0`);
  });

  it('an unknown plugin, an unknown flag and a missing argument', async () => {
    const missing = await fugue('uninstall', 'org.nope.plugin');
    expect([missing.exitCode, missing.stderr]).toEqual([1, 'fugue plugin uninstall: no plugin "org.nope.plugin" is installed; "fugue plugin list" shows the installed ones']);
    const flag = await fugue('list', '--colour');
    expect(flag.exitCode).toBe(2);
    expect(flag.stderr).toContain("Unknown option '--colour'");
    expect(flag.stderr).toContain('usage: fugue plugin list [--json] [--data-dir <dir>]');
    const argument = await fugue('info');
    expect([argument.exitCode, argument.stderr]).toEqual([2, 'missing argument\nusage: fugue plugin info <id> [--json] [--data-dir <dir>]']);
  });
});

describe('the consent prompt on a terminal', () => {
  it('lists what the plugin asks for and installs only on yes', async () => {
    const lines: string[] = [];
    const questions: string[] = [];
    const io = (answer: boolean) => ({
      out: (line: string) => lines.push(line),
      err: (line: string) => lines.push(`err: ${line}`),
      confirm: async (question: string) => (questions.push(question), answer),
    });
    expect(await runPluginInstall([packages.withPermissions, '--data-dir', dataDir], io(false))).toBe(1);
    expect(lines).toEqual([
      `Versioned lyrics (${ID} 1.0.0) asks for:`,
      '  - network access to lrclib.net (to fetch lyrics)',
      '  - 16 KB of storage (to cache lyrics)',
      `err: fugue plugin install: you declined the permissions ${ID} 1.0.0 asks for (network access to lrclib.net (to fetch lyrics); 16 KB of storage (to cache lyrics)); nothing was installed`,
    ]);
    lines.length = 0;
    expect(await runPluginInstall([packages.withPermissions, '--data-dir', dataDir], io(true))).toBe(0);
    expect(lines.at(-3)).toBe(`installed ${ID} 1.0.0`);
    expect(questions).toEqual(['Grant these and install? [y/N] ', 'Grant these and install? [y/N] ']);
  });

  it('refuses a second process on the same data folder while one holds it', async () => {
    const { PluginServices } = await import('../app/plugin-services.ts');
    const holder = await PluginServices.open({ dataDir });
    try {
      const result = await fugue('install', packages.v1);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toBe(`fugue plugin install: another Fugue process (pid ${process.pid}) is using the data folder ${dataDir}; close it, or wait for it to finish, then try again`);
    } finally {
      await holder.dispose();
    }
  });
});
