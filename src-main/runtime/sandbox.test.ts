import { writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FugueError } from '../../src-shared/errors.ts';
import type { ComponentInstance } from './component-instance.ts';
import { builtFixture, RuntimeHarness } from './testing/fixtures.ts';

/** The hostile fixture answers a lyrics query titled after an attack with a report of what it achieved. */
async function attack(instance: ComponentInstance, name: string): Promise<string> {
  const found = (await instance.call('lyrics', 'find', [{ title: name }])) as { body: { tag: string; val: string } };
  return found.body.val;
}

describe('a hostile plugin in the sandbox', () => {
  let harness: RuntimeHarness;
  let hostile: ComponentInstance;
  let bystander: ComponentInstance;
  const logs: string[] = [];

  beforeAll(async () => {
    harness = await RuntimeHarness.create();
    const [hostileBytes, lyricsBytes] = await Promise.all([
      builtFixture('hostile-js'),
      builtFixture('lyrics-js'),
    ]);
    hostile = await harness.load(hostileBytes, 'lyrics-plugin', 'org.fugue.fixture.hostile-js', {
      callTimeoutMs: 1500,
      onLog: (level, message) => logs.push(`${level}: ${message}`),
    });
    bystander = await harness.load(lyricsBytes, 'lyrics-plugin', 'org.fugue.fixture.lyrics-js');
    await writeFile(join(harness.dataDir('org.fugue.fixture.hostile-js'), 'note.txt'), 'the plugin may read its own data');
  });

  afterAll(async () => {
    await harness?.dispose();
  });

  it('cannot read /etc/hostname, by absolute path or by climbing out of its data dir', async () => {
    const report = await attack(hostile, 'read-file');
    expect(report).toContain('preopens: /data');
    expect(report).toMatch(/open \/etc\/hostname denied/);
    expect(report).toMatch(/open \.\.\/\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/etc\/hostname denied/);
    expect(report).not.toContain(hostname());
    // Its own data dir is the one place it can read.
    expect(report).toContain('read note.txt: "the plugin may read its own data"');
  });

  it('sees an empty environment', async () => {
    expect(process.env.PATH).toBeTruthy();
    const report = await attack(hostile, 'env');
    expect(report).toMatch(/^env: 0 variables \[\]/);
    expect(report).not.toContain(process.env.PATH!);
  });

  it('cannot open a socket', async () => {
    const report = await attack(hostile, 'socket');
    expect(report).toMatch(/denied: access-denied/);
    expect(report).not.toContain('connected');
  });

  it('calling exit raises a typed error instead of ending the host, and the plugin recovers', async () => {
    const failure = await hostile.call('lyrics', 'find', [{ title: 'exit' }]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FugueError);
    expect((failure as FugueError).code).toBe('exit');
    expect((failure as FugueError).plugin).toMatchObject({ pluginId: 'org.fugue.fixture.hostile-js', exportName: 'fugue:plugin/lyrics@0.1.0#find' });
    expect(await attack(hostile, 'env')).toMatch(/^env: 0/);
  });

  it('a trap becomes a FugueError naming the plugin and export; the next call gets a fresh instance', async () => {
    const failure = await hostile.call('lyrics', 'find', [{ title: 'trap' }]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FugueError);
    expect((failure as FugueError).code).toBe('trap');
    expect((failure as FugueError).message).toMatch(/org\.fugue\.fixture\.hostile-js@0\.1\.0 \(main\) in fugue:plugin\/lyrics@0\.1\.0#find trapped/);
    // The guest's panic output went to its own log, not the host's stderr.
    expect(logs.some((line) => line.includes('hostile plugin throws past its result type'))).toBe(true);
    expect(await attack(hostile, 'socket')).toMatch(/access-denied/);
  });

  it('an endless loop is stopped at its deadline, the worker is replaced, and the plugin answers again', async () => {
    const threadBefore = hostile.threadId;
    const failure = await hostile.call('lyrics', 'find', [{ title: 'loop' }]).catch((error: unknown) => error);
    expect((failure as FugueError).code).toBe('timeout');
    expect((failure as FugueError).message).toMatch(/within 1500 ms/);
    expect(hostile.restarts).toBe(1);
    expect(await attack(hostile, 'env')).toMatch(/^env: 0/);
    expect(hostile.threadId).not.toBe(threadBefore);
  });

  it('the host keeps serving other plugins throughout', async () => {
    const found = await bystander.call('lyrics', 'find', [{ title: 'still here' }]);
    expect(found).toMatchObject({ body: { tag: 'synced', val: [{ text: 'still' }, { text: 'here' }] }, provider: 'lyrics-js' });
  });
});
