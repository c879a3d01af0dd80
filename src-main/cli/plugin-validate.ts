/**
 * `fugue plugin validate <folder-or-zip> [--json]`: checks a package the way the
 * installer will and prints `ok` with a summary, or one `<json path>: <message>` line
 * per problem. Exit codes: 0 valid, 1 problems found, 2 usage error.
 */
import { readFile } from 'node:fs/promises';
import { formatIssue, type PluginManifest } from '../../src-shared/manifest/index.ts';
import { BUNDLED_WIT_ROOT } from '../app/paths.ts';
import { validatePackage } from '../plugins/validate-package.ts';
import { WitRegistry } from '../runtime/wit-registry.ts';
import { worldInspector } from '../runtime/world-check.ts';

export const VALIDATE_USAGE = 'usage: fugue plugin validate <folder-or-zip> [--json]';

/** Where the command writes; tests and other front ends pass their own. */
export interface ValidateOutput {
  out(line: string): void;
  err(line: string): void;
}

const consoleOutput: ValidateOutput = { out: (line) => console.log(line), err: (line) => console.error(line) };

/** Runs the command and returns its exit code. */
export async function runPluginValidate(args: readonly string[], output: ValidateOutput = consoleOutput): Promise<number> {
  const json = args.includes('--json');
  const rest = args.filter((arg) => arg !== '--json');
  const [source, ...extra] = rest;
  if (source === undefined || extra.length > 0 || source.startsWith('-')) {
    output.err(source === undefined ? VALIDATE_USAGE : `fugue plugin validate: unexpected "${extra[0] ?? source}"\n${VALIDATE_USAGE}`);
    return 2;
  }
  const hostVersion = await readHostVersion();
  const wit = await WitRegistry.open(BUNDLED_WIT_ROOT);
  const result = await validatePackage(source, {
    inspectComponent: worldInspector(wit),
    ...(hostVersion === undefined ? {} : { hostVersion }),
  });
  if (json) {
    output.out(JSON.stringify(result, null, 2));
  } else if (result.ok) {
    output.out('ok');
    output.out(summarize(result.manifest));
  } else {
    for (const issue of result.issues) output.out(formatIssue(issue));
  }
  return result.ok ? 0 : 1;
}

/** `org.example.gain 0.1.0 (api 0.1.0), 1 component: main (dsp-plugin: gain)`. */
export function summarize(manifest: PluginManifest): string {
  const count = manifest.components.length;
  const components = manifest.components
    .map((component) => `${component.id} (${component.world}: ${component.abilities.map((ability) => ability.type_id).join(', ')})`)
    .join('; ');
  return `${manifest.id} ${manifest.version} (api ${manifest.api_version}), ${count} component${count === 1 ? '' : 's'}: ${components}`;
}

/** This host's version from package.json, so `engines.fugue` is checked against it. */
async function readHostVersion(): Promise<string | undefined> {
  try {
    const text = await readFile(new URL('../../package.json', import.meta.url), 'utf8');
    const version = (JSON.parse(text) as { version?: unknown }).version;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}
