/**
 * The rules of plugin.json v1 that its zod shape cannot express: ids unique in the
 * package, every ability's kind matching its component's world, extension scores on
 * decoders only, pools only for shared pools, package paths that stay inside the
 * package, settings schemas the host can render, and the host version the plugin needs.
 */
import semver from 'semver';
import { checkConfigSchema } from './config-schema.ts';
import { kindOfWorld } from './constants.ts';
import { describeValue, formatJsonPath, manifestIssue, type ManifestIssue, type PathSegment } from './issues.ts';
import { normalizePackagePath } from './paths.ts';
import type { Ability, ComponentShape, ManifestShape } from './schema.ts';

/** Options of the rule pass. */
export interface RuleOptions {
  /** This host's version; when given, `engines.fugue` must include it. */
  hostVersion?: string;
}

/** Every rule violation of a manifest whose shape is already valid. */
export function checkRules(manifest: ManifestShape, options: RuleOptions = {}): ManifestIssue[] {
  return [
    ...checkEngines(manifest.engines.fugue, options.hostVersion),
    ...checkUniqueComponentIds(manifest.components),
    ...checkUniqueAbilities(manifest.components),
    ...manifest.components.flatMap((component, index) => checkComponent(component, ['components', index])),
  ];
}

function checkEngines(range: string, hostVersion: string | undefined): ManifestIssue[] {
  if (hostVersion === undefined || semver.satisfies(hostVersion, range, { includePrerelease: true })) return [];
  return [
    manifestIssue(
      ['engines', 'fugue'],
      `this plugin needs Fugue ${range}, and this is Fugue ${hostVersion}; update Fugue or widen the range if the plugin works here`,
      'unsupported',
    ),
  ];
}

function checkUniqueComponentIds(components: readonly ComponentShape[]): ManifestIssue[] {
  const firstIndex = new Map<string, number>();
  const issues: ManifestIssue[] = [];
  components.forEach((component, index) => {
    const first = firstIndex.get(component.id);
    if (first === undefined) firstIndex.set(component.id, index);
    else {
      issues.push(
        manifestIssue(
          ['components', index, 'id'],
          `"${component.id}" is already the id of components[${first}]; give each component its own id`,
        ),
      );
    }
  });
  return issues;
}

function checkUniqueAbilities(components: readonly ComponentShape[]): ManifestIssue[] {
  const firstAt = new Map<string, string>();
  const issues: ManifestIssue[] = [];
  components.forEach((component, c) => {
    component.abilities.forEach((ability, a) => {
      const key = `${ability.kind}\u0000${ability.type_id}`;
      const first = firstAt.get(key);
      if (first === undefined) firstAt.set(key, formatJsonPath(['components', c, 'abilities', a]));
      else {
        issues.push(
          manifestIssue(
            ['components', c, 'abilities', a, 'type_id'],
            `${ability.kind} "${ability.type_id}" is already declared at ${first}; give each ${ability.kind} ability its own type_id`,
          ),
        );
      }
    });
  });
  return issues;
}

function checkComponent(component: ComponentShape, at: PathSegment[]): ManifestIssue[] {
  const issues: ManifestIssue[] = [];
  const path = normalizePackagePath(component.path);
  if (!path.ok) issues.push(manifestIssue([...at, 'path'], `${describeValue(component.path)} ${path.reason}`));
  if (component.threading?.pool !== undefined && component.threading.model !== 'shared_pool') {
    issues.push(
      manifestIssue(
        [...at, 'threading', 'pool'],
        `only a shared_pool component runs in a pool; remove "pool" or set "model": "shared_pool"`,
      ),
    );
  }
  component.abilities.forEach((ability, index) => {
    issues.push(...checkAbility(ability, component, [...at, 'abilities', index]));
  });
  return issues;
}

function checkAbility(ability: Ability, component: ComponentShape, at: PathSegment[]): ManifestIssue[] {
  const issues: ManifestIssue[] = [];
  const kind = kindOfWorld(component.world);
  if (ability.kind !== kind) {
    issues.push(
      manifestIssue(
        [...at, 'kind'],
        `"${ability.kind}" does not match the component's world "${component.world}", which provides only "${kind}" abilities; ` +
          `change the kind to "${kind}" or the world to "${ability.kind}-plugin"`,
      ),
    );
  }
  issues.push(...checkExtensionScores(ability, at));
  if (ability.config_schema !== undefined) {
    issues.push(...checkConfigSchema(ability.config_schema, [...at, 'config_schema']));
  }
  return issues;
}

function checkExtensionScores(ability: Ability, at: PathSegment[]): ManifestIssue[] {
  const scores = ability.extension_scores;
  const where = [...at, 'extension_scores'];
  if (ability.kind !== 'decoder') {
    return scores === undefined
      ? []
      : [manifestIssue(where, `only decoders have extension scores; remove it from this ${ability.kind} ability`)];
  }
  if (scores === undefined) {
    return [
      manifestIssue(
        where,
        'required for decoders; map each file extension the decoder reads to a score from 0 to 100, such as { "flac": 90 }',
      ),
    ];
  }
  return Object.keys(scores).length === 0
    ? [manifestIssue(where, 'is empty; add at least one file extension the decoder reads, such as { "flac": 90 }')]
    : [];
}
