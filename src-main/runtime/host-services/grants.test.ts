import { describe, expect, it } from 'vitest';
import { hostGranted } from './grants.ts';

describe('hostGranted', () => {
  const grants = { network: ['lrclib.net', '*.example.com', '[::1]'] };

  it.each([
    ['lrclib.net', true],
    ['LRCLIB.net', true],
    ['api.lrclib.net', false],
    ['cdn.example.com', true],
    ['a.b.example.com', true],
    ['example.com', false],
    ['badexample.com', false],
    ['::1', true],
    ['[::1]', true],
    ['127.0.0.1', false],
  ])('%s → %s', (host, granted) => {
    expect(hostGranted(grants, host)).toBe(granted);
  });

  it('grants nothing when no network permission was granted', () => {
    expect(hostGranted({}, 'lrclib.net')).toBe(false);
  });
});
