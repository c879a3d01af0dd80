/**
 * The check that a component fits the world its manifest declares, shared by the
 * runtime (before instantiating) and package validation (before installing).
 */
import type { ManifestIssue } from '../../src-shared/manifest/index.ts';
import type { InspectComponent } from '../plugins/validate-package.ts';
import { compareWithWorld, readComponentWorld, type WorldProblem } from './component-inspect.ts';
import type { WitRegistry } from './wit-registry.ts';

/** Every way `bytes` departs from `world` at `apiVersion` (empty when it fits). */
export async function worldProblems(wit: WitRegistry, bytes: Uint8Array, world: string, apiVersion: string): Promise<WorldProblem[]> {
  if (!wit.isSupported(apiVersion)) {
    return [
      {
        code: 'unsupported-api-version',
        message: `fugue:plugin@${apiVersion} is not supported by this version of Fugue (supported: ${wit.versions.join(', ')}); rebuild the plugin against a supported version or update Fugue`,
      },
    ];
  }
  const [actual, expected] = await Promise.all([readComponentWorld(bytes), wit.worldShape(apiVersion, world)]);
  return compareWithWorld(actual, expected, world, wit.versions);
}

/** Package validation's component hook: problems become issues at `components[i].world`. */
export function worldInspector(wit: WitRegistry): InspectComponent {
  return async (bytes, component, manifest, context) => {
    const problems = await worldProblems(wit, bytes, component.world, manifest.api_version);
    return problems.map(
      (problem): ManifestIssue => ({
        path: `${context.jsonPath}.world`,
        message: `component "${component.id}" (${component.path}) ${problem.message}`,
        code: problem.code,
      }),
    );
  };
}
