/**
 * Checks an ability's `config_schema`. The host renders it as a form and hands the
 * values to the plugin as WIT `setting-value`s (boolean, integer, number, text,
 * text-list), so the schema must be an object whose top-level properties have one of
 * those types. Deeper JSON Schema keywords are left to the form renderer.
 */
import { SETTING_TYPES } from './constants.ts';
import { describeValue, manifestIssue, type ManifestIssue, type PathSegment } from './issues.ts';

type Json = Record<string, unknown>;

const SUPPORTED_TYPES_TEXT =
  'one of boolean, integer, number, string, or array with "items": { "type": "string" } (settings reach the plugin as WIT setting-value)';

/** The problems of one `config_schema`; `at` is the path of the schema itself. */
export function checkConfigSchema(schema: Json, at: readonly PathSegment[]): ManifestIssue[] {
  const issues: ManifestIssue[] = [];
  if (schema.type !== 'object') {
    issues.push(
      manifestIssue(
        [...at, 'type'],
        schema.type === undefined
          ? 'required; set "type": "object" and list the settings under "properties"'
          : `${describeValue(schema.type)} is not supported; settings are named fields, so use "type": "object" with "properties"`,
      ),
    );
  }
  const properties = schema.properties;
  if (properties === undefined) return issues;
  if (!isObject(properties)) {
    issues.push(manifestIssue([...at, 'properties'], `${describeValue(properties)} is not a properties object; use { "name": { "type": "string" }, … }`));
    return issues;
  }
  for (const [key, property] of Object.entries(properties)) {
    issues.push(...checkProperty(property, [...at, 'properties', key]));
  }
  issues.push(...checkRequired(schema.required, Object.keys(properties), [...at, 'required']));
  return issues;
}

function checkProperty(property: unknown, at: PathSegment[]): ManifestIssue[] {
  if (!isObject(property)) {
    return [manifestIssue(at, `${describeValue(property)} is not a setting; use an object such as { "type": "string" }`)];
  }
  const type = property.type;
  if (type === undefined) return [manifestIssue([...at, 'type'], `required; use ${SUPPORTED_TYPES_TEXT}`)];
  if (typeof type !== 'string' || !(SETTING_TYPES as readonly string[]).includes(type)) {
    return [manifestIssue([...at, 'type'], `${describeValue(type)} is not a supported setting type; use ${SUPPORTED_TYPES_TEXT}`)];
  }
  if (type === 'array' && !(isObject(property.items) && property.items.type === 'string')) {
    return [
      manifestIssue(
        [...at, 'items'],
        'only lists of strings are supported (WIT text-list); set "items": { "type": "string" }',
      ),
    ];
  }
  if (property.default !== undefined && !matchesType(property.default, type)) {
    return [manifestIssue([...at, 'default'], `${describeValue(property.default)} does not match "type": "${type}"; change the default or the type`)];
  }
  return [];
}

function checkRequired(required: unknown, names: readonly string[], at: PathSegment[]): ManifestIssue[] {
  if (required === undefined) return [];
  if (!Array.isArray(required)) {
    return [manifestIssue(at, `${describeValue(required)} is not a list; use a list of property names`)];
  }
  return required.flatMap((name: unknown, index) =>
    typeof name === 'string' && names.includes(name)
      ? []
      : [manifestIssue([...at, index], `${describeValue(name)} is not one of the properties (${names.join(', ') || 'none'})`)],
  );
}

function matchesType(value: unknown, type: string): boolean {
  switch (type) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'string':
      return typeof value === 'string';
    default:
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
