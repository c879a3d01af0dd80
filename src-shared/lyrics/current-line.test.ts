import { describe, expect, it } from 'vitest';
import { currentLine } from './current-line.ts';

const at = (...starts: number[]) => starts.map((startMs) => ({ startMs }));

describe('currentLine', () => {
  const lines = at(1000, 3500, 3500, 5000, 62_345);

  it('is -1 before the first line and when there are no lines', () => {
    expect(currentLine(lines, 0)).toBe(-1);
    expect(currentLine(lines, 999)).toBe(-1);
    expect(currentLine([], 10_000)).toBe(-1);
  });

  it('is the last line that has started, including one starting exactly now', () => {
    expect(currentLine(lines, 1000)).toBe(0);
    expect(currentLine(lines, 3499)).toBe(0);
    expect(currentLine(lines, 4000)).toBe(2);
    expect(currentLine(lines, 5000)).toBe(3);
    expect(currentLine(lines, 1e9)).toBe(4);
  });

  it('agrees with a linear scan at positions across a long song', () => {
    const many = at(...Array.from({ length: 301 }, (_, index) => index * 997 + (index % 3) * 13));
    for (let position = -5; position < 301 * 997 + 50; position += 61) {
      let expected = -1;
      for (let index = 0; index < many.length; index++) if ((many[index]?.startMs ?? Infinity) <= position) expected = index;
      expect(currentLine(many, position)).toBe(expected);
    }
  });
});
