import { describe, expect, it } from 'vitest';
import { combineWitFiles, declaredPackage } from './combine.ts';

describe('combineWitFiles', () => {
  it('keeps one package declaration and every body, in file-name order', () => {
    const combined = combineWitFiles([
      { name: 'b.wit', text: 'package fugue:plugin@0.1.0;\ninterface b {}\n' },
      { name: 'a.wit', text: 'package fugue:plugin@0.1.0;\ninterface a {}\n' },
    ]);
    expect(combined.match(/^package /gm)).toHaveLength(1);
    expect(declaredPackage(combined)).toBe('fugue:plugin@0.1.0');
    expect(combined.indexOf('interface a')).toBeLessThan(combined.indexOf('interface b'));
  });

  it('refuses files from different packages, naming both', () => {
    expect(() =>
      combineWitFiles([
        { name: 'a.wit', text: 'package fugue:plugin@0.1.0;' },
        { name: 'b.wit', text: 'package fugue:plugin@0.2.0;' },
      ]),
    ).toThrow(/fugue:plugin@0.1.0, fugue:plugin@0.2.0/);
  });
});
