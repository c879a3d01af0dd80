/**
 * The layering of ARCHITECTURE §2 is enforced by ESLint rules (eslint.config.js). These
 * tests lint small snippets as if they lived in each layer, proving the rules bite.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

async function problemsFor(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path });
  return (result?.messages ?? []).filter((message) => message.ruleId?.startsWith('no-restricted')).map((message) => message.message);
}

describe('layering lint', () => {
  it.each([
    ['src-shared/x.ts', "import { readFile } from 'node:fs';\nexport const x = readFile;", /src-shared is pure/],
    ['src-shared/x.ts', "import { app } from 'electron';\nexport const x = app;", /src-shared is pure/],
    ['src-shared/x.ts', "import { x as y } from '../src-main/runtime/x.ts';\nexport const x = y;", /src-shared is pure/],
    ['src-shared/x.ts', 'export const title = document.title;', /document/],
    ['src-main/runtime/x.ts', "import { app } from 'electron';\nexport const x = app;", /Only src-main\/electron may import electron/],
    ['src-main/runtime/x.ts', "import { x as y } from '../../src-renderer/store.ts';\nexport const x = y;", /never imports src-renderer/],
    ['src-renderer/x.ts', "import { x as y } from '../src-main/runtime/x.ts';\nexport const x = y;", /no Node, Electron or src-main/],
    ['src-renderer/x.ts', "import { readFile } from 'node:fs';\nexport const x = readFile;", /no Node, Electron or src-main/],
  ])('refuses a forbidden import in %s (%#)', async (path, code, message) => {
    const problems = await problemsFor(path, code);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toMatch(message);
  });

  it.each([
    ['src-main/electron/x.ts', "import { app } from 'electron';\nexport const x = app;"],
    ['src-main/runtime/x.ts', "import { readFile } from 'node:fs';\nimport { FugueError } from '../../src-shared/errors.ts';\nexport const x = [readFile, FugueError];"],
    ['src-renderer/x.ts', "import { FugueError } from '../src-shared/errors.ts';\nexport const x = FugueError;"],
  ])('allows what the layering allows in %s', async (path, code) => {
    expect(await problemsFor(path, code)).toEqual([]);
  });
});
