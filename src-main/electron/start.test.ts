/**
 * `npm start` where Electron's binary is missing (forced with an empty
 * ELECTRON_OVERRIDE_DIST_PATH, so this holds where a binary exists too): it says so,
 * serves the web shell with the arguments given, and stops cleanly on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './out-paths.ts';

/** Resolves with the first line of `stream` matching `pattern`. */
function lineMatching(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const match = pattern.exec(text);
      if (match !== null) {
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        resolve(match);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited (${code}) before printing ${pattern}; it printed:\n${text}`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('npm start without an Electron binary', () => {
  let temp: string;
  let child: ChildProcess | undefined;

  afterEach(async () => {
    if (child !== undefined && child.exitCode === null) {
      child.kill('SIGKILL');
      await exited(child);
    }
    await rm(temp, { recursive: true, force: true });
  });

  it('says Electron is missing, serves the web shell with the given arguments, and stops on SIGTERM', async () => {
    temp = await mkdtemp(join(tmpdir(), 'fugue-start-'));
    const renderer = join(temp, 'renderer');
    await mkdir(renderer);
    await writeFile(join(renderer, 'index.html'), '<!doctype html><title>Fugue start test</title>');
    const dataDir = join(temp, 'data');
    child = spawn(process.execPath, ['bin/start.mjs', '--port', '0', '--data-dir', dataDir, '--sink', 'null', '--no-builtins', '--renderer', renderer], {
      cwd: REPO_ROOT,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: join(temp, 'no-electron-here') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const said = lineMatching(child, /Electron is not installed here \(.+\); starting the web shell instead/);
    const [, url] = await lineMatching(child, /Fugue is serving on (http:\/\/127\.0\.0\.1:\d+\/\S*)/);
    await said;
    const page = await fetch(url ?? '');
    expect(await page.text()).toContain('Fugue start test');
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    expect(() => process.kill(child?.pid ?? 0, 0)).toThrow(/ESRCH/);
  });
});
