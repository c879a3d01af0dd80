/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import reference from '../../docs/plugin-manifest.md?raw';
import { EXAMPLE_MANIFESTS } from './examples.ts';
import { formatIssue, parseManifest } from './index.ts';

const jsonBlocks = [...reference.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => JSON.parse(match[1] ?? '') as Record<string, unknown>);
const manifests = jsonBlocks.filter((block) => 'schema_version' in block);

describe('docs/plugin-manifest.md', () => {
  it('shows a complete manifest and one example per kind', () => {
    expect(manifests).toHaveLength(6);
  });

  it.each(manifests.map((manifest) => [manifest.id, manifest]))('example %s is valid', (_id, manifest) => {
    const result = parseManifest(manifest);
    expect(result.ok ? [] : result.issues.map(formatIssue)).toEqual([]);
  });

  it('shows the same per-kind examples the tests use', () => {
    for (const example of Object.values(EXAMPLE_MANIFESTS)) expect(manifests).toContainEqual(example);
  });

  it('shows a settings schema the host accepts', () => {
    const schema = jsonBlocks.find((block) => block.type === 'object');
    const dsp = structuredClone(EXAMPLE_MANIFESTS.dsp);
    const ability = dsp.components[0]?.abilities[0];
    if (ability === undefined || schema === undefined) expect.fail('settings example missing');
    ability.config_schema = schema;
    expect(parseManifest(dsp).ok).toBe(true);
  });
});
