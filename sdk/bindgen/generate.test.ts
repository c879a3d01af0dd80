// Golden tests of the generator's output for a small world (update with `npx vitest run -u`).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseWit } from '../../src-shared/wit/parse.ts';
import { generateBindings } from './generate.ts';
import { generateStarter } from './starter.ts';

const source = readFileSync(new URL('./test-fixtures/golden.wit', import.meta.url), 'utf8');
const doc = parseWit(source, 'golden.wit');
const bindings = generateBindings(doc, 'golden', { implModule: '../../main' });
const golden = (name: string): string => `./test-fixtures/golden/${name}.txt`;

describe('generateBindings (golden)', () => {
  it('writes one file per interface plus abi, entry and runtime files', () => {
    expect(Object.keys(bindings.files).sort()).toEqual(['abi.ts', 'component.ts', 'plugin.ts', 'rt.ts', 'shapes.ts']);
    expect(bindings.entry).toBe('component.ts');
  });

  it.each(['shapes.ts', 'plugin.ts', 'abi.ts', 'component.ts'])('%s matches its golden file', async (name) => {
    await expect(bindings.files[name]).toMatchFileSnapshot(golden(name));
  });

  it('maps every export to its canonical name, including post-returns and destructors', async () => {
    expect(Object.values(bindings.exportRenames).sort()).toEqual([
      'cabi_post_test:golden/plugin@0.1.0#render',
      'test:golden/plugin@0.1.0#[dtor]brush',
      'test:golden/plugin@0.1.0#[method]brush.paint',
      'test:golden/plugin@0.1.0#make-brush',
      'test:golden/plugin@0.1.0#render',
    ]);
    await expect(`${JSON.stringify(bindings.exportRenames, null, 2)}\n`).toMatchFileSnapshot(golden('renames.json'));
  });

  it('lists what the author module must export', () => {
    expect(bindings.authorExports).toEqual([
      { name: 'makeBrush', kind: 'function', implements: 'test:golden/plugin@0.1.0#make-brush' },
      { name: 'render', kind: 'function', implements: 'test:golden/plugin@0.1.0#render' },
      { name: 'Brush', kind: 'class', implements: 'test:golden/plugin@0.1.0#brush' },
    ]);
  });

  it('writes a starter author module', async () => {
    await expect(generateStarter(doc, 'golden', { generatedPath: './generated/main' })).toMatchFileSnapshot(golden('starter.ts'));
  });

  it('is deterministic', () => {
    expect(generateBindings(parseWit(source, 'golden.wit'), 'golden', { implModule: '../../main' })).toEqual(bindings);
  });
});
