/** This host's version (package.json), checked against a plugin's `engines.fugue`. */
import { readFileSync } from 'node:fs';

let cached: string | undefined;

export function hostVersion(): string {
  if (cached === undefined) {
    const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    const version = (JSON.parse(text) as { version?: unknown }).version;
    cached = typeof version === 'string' ? version : '0.0.0';
  }
  return cached;
}
